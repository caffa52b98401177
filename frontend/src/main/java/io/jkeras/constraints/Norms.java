package io.jkeras.constraints;

import io.jkeras.util.Shapes;
import org.tensorflow.ndarray.Shape;

/** {@code sqrt(sum(w^2, axis, keepdims=True))} broadcast back to every element, for the norm constraints. */
final class Norms {
  /** Keras' {@code backend.epsilon()}. */
  static final double EPSILON = 1e-7;

  private Norms() {}

  /** Normalizes negative axes and checks them against the rank, naming the constraint. */
  static int[] normalizeAxes(int[] axes, Shape shape, String where) {
    int rank = shape.numDimensions();
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (a < 0 || a >= rank) {
        throw new IllegalArgumentException(where + ": axis " + axes[i] + " is out of range for a weight of shape "
            + Shapes.format(shape));
      }
      out[i] = a;
    }
    return out;
  }

  /** For each element, the L2 norm of the slice through it along {@code axes}. */
  static double[] norms(float[] w, Shape shape, int[] axes, String where) {
    int[] ax = normalizeAxes(axes, shape, where);
    long[] dims = shape.asArray();
    int rank = dims.length;
    boolean[] reduced = new boolean[rank];
    for (int a : ax) {
      reduced[a] = true;
    }
    // group(i): the flat index with the reduced coordinates set to 0.
    long[] strides = new long[rank];
    long s = 1;
    for (int d = rank - 1; d >= 0; d--) {
      strides[d] = s;
      s *= dims[d];
    }
    int[] group = new int[w.length];
    double[] sums = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      long g = 0;
      long rest = i;
      for (int d = 0; d < rank; d++) {
        long coord = rest / strides[d];
        rest %= strides[d];
        if (!reduced[d]) {
          g += coord * strides[d];
        }
      }
      group[i] = (int) g;
      sums[(int) g] += (double) w[i] * w[i];
    }
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = Math.sqrt(sums[group[i]]);
    }
    return out;
  }
}
