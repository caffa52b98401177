package io.jkeras.saving;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Python's {@code json.dumps} does with its defaults, so that jkeras' model JSON can be
 * compared with Keras' text: {@code ", "} and {@code ": "} separators, non-ASCII characters escaped as {@code
 * \\uXXXX}, floats as Python's {@code repr} ({@code 0.001}, {@code 1e-07}, {@code 1.0}), {@code NaN} and
 * {@code Infinity} as Python writes them.
 */
final class PythonJson {
  private PythonJson() {}

  static void write(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (v instanceof Double || v instanceof Float) {
      out.append(floatRepr(((Number) v).doubleValue(), v instanceof Float f ? Float.toString(f) : null));
    } else if (v instanceof BigDecimal d) {
      out.append(floatRepr(d.doubleValue(), null));
    } else if (v instanceof Number n) {
      out.append(n.toString());
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out);
        if (it.hasNext()) {
          out.append(", ");
        }
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        write(l.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("Cannot write " + v.getClass().getName() + " as JSON: " + v);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that read back to the same value, in positional
   * notation when the decimal exponent is in [-4, 16), else as {@code 1.5e-07} / {@code 1e+16}.
   *
   * @param shortest the shortest digits when known (a Java {@code float}'s own), else derived from the double
   */
  static String floatRepr(double d, String shortest) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(shortest != null ? shortest : Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - bd.scale(); // position of the first digit
    String sign = bd.signum() < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = bd.abs().toPlainString();
      if (!plain.contains(".")) {
        plain = plain + ".0";
      }
      return sign + plain;
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }
}
