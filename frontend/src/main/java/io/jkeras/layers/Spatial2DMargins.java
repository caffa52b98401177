package io.jkeras.layers;

import java.util.List;

/**
 * Reading and writing the {@code ((top, bottom), (left, right))} argument of {@link ZeroPadding2D} and {@link
 * Cropping2D}: Keras accepts an int, a pair (symmetric rows, symmetric cols) or a pair of pairs.
 */
final class Spatial2DMargins {
  private Spatial2DMargins() {}

  /** {@code {top, bottom, left, right}} from a Keras config value. */
  static int[] fromConfig(Object v, String key, String className) {
    if (v instanceof Number n) {
      return new int[] {n.intValue(), n.intValue(), n.intValue(), n.intValue()};
    }
    if (v instanceof List<?> l && l.size() == 2) {
      int[] rows = ConvShapes.configTuple(l.get(0), 2, key, className);
      int[] cols = ConvShapes.configTuple(l.get(1), 2, key, className);
      return new int[] {rows[0], rows[1], cols[0], cols[1]};
    }
    throw new IllegalArgumentException(className + " config: '" + key
        + "' must be an int, a pair of ints or a pair of pairs ((top, bottom), (left, right)), got " + v);
  }

  /** Checks the four values are non-negative. */
  static int[] check(String className, String key, int top, int bottom, int left, int right) {
    int[] m = {top, bottom, left, right};
    for (int v : m) {
      if (v < 0) {
        throw new IllegalArgumentException(className + ": argument '" + key + "' cannot be negative, got (("
            + top + ", " + bottom + "), (" + left + ", " + right + "))");
      }
    }
    return m;
  }

  /** As Keras' config writes it: {@code [[top, bottom], [left, right]]}. */
  static List<List<Integer>> toConfig(int[] m) {
    return List.of(List.of(m[0], m[1]), List.of(m[2], m[3]));
  }

  static String format(int[] m) {
    return "((" + m[0] + ", " + m[1] + "), (" + m[2] + ", " + m[3] + "))";
  }
}
