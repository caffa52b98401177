package io.jkeras.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading the values of Keras config maps (as parsed from JSON: numbers may be Integer, Long or Double) with
 * errors that name the object and the key.
 */
public final class ConfigValues {
  private ConfigValues() {}

  /** A number, or {@code defaultValue} when the key is absent or null. */
  public static double doubleArg(Map<?, ?> config, String key, double defaultValue, String where) {
    Object v = config.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(where + ": config '" + key + "' must be a number, got " + v);
  }

  /** A string, or {@code defaultValue} when absent or null. */
  public static String stringArg(Map<?, ?> config, String key, String defaultValue, String where) {
    Object v = config.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(where + ": config '" + key + "' must be a string, got " + v);
  }

  /** A seed: an integer, or {@code null} (unseeded). */
  public static Long seed(Map<?, ?> config, String where) {
    Object v = config.get("seed");
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw new IllegalArgumentException(where + ": config 'seed' must be an integer or null, got " + v);
  }

  /** An axis argument: one integer or a list of integers ({@code axis=0}, {@code axis=[0, 1, 2]}). */
  public static int[] axes(Object v, String where) {
    if (v == null) {
      return new int[] {0};
    }
    if (v instanceof Number n) {
      return new int[] {n.intValue()};
    }
    if (v instanceof List<?> l && !l.isEmpty()) {
      int[] out = new int[l.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.get(i) instanceof Number n)) {
          throw new IllegalArgumentException(where + ": 'axis' must hold integers, got " + v);
        }
        out[i] = n.intValue();
      }
      return out;
    }
    throw new IllegalArgumentException(where + ": 'axis' must be an integer or a list of integers, got " + v);
  }

  /** The config form of an axis argument: an Integer for one axis, a list for several (as Keras keeps it). */
  public static Object axesToConfig(int[] axes) {
    if (axes.length == 1) {
      return axes[0];
    }
    List<Integer> out = new ArrayList<>();
    for (int a : axes) {
      out.add(a);
    }
    return out;
  }

  /** The {@code config} map of a {@code {class_name, config}} form, empty when it has none. */
  @SuppressWarnings("unchecked")
  public static Map<String, ?> innerConfig(Map<?, ?> serialized, String where) {
    Object c = serialized.get("config");
    if (c == null) {
      return Map.of();
    }
    if (c instanceof Map<?, ?> m) {
      return (Map<String, ?>) m;
    }
    throw new IllegalArgumentException(where + ": 'config' must be a map, got " + c);
  }
}
