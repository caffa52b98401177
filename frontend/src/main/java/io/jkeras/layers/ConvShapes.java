package io.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * Output lengths of convolution and pooling windows, as Keras' {@code compute_conv_output_shape}, {@code
 * compute_pooling_output_shape} and {@code compute_conv_transpose_output_shape}, and the tuple arguments these
 * layers share.
 */
public final class ConvShapes {
  private ConvShapes() {}

  /**
   * Output length along one spatial axis, {@link Shape#UNKNOWN_SIZE} for an unknown input length; ≤ 0 means
   * the window does not fit (callers turn that into an error naming the layer).
   */
  public static long outputLength(long input, int kernel, Padding padding, int stride, int dilation) {
    if (input == Shape.UNKNOWN_SIZE) {
      return Shape.UNKNOWN_SIZE;
    }
    long effectiveKernel = (long) (kernel - 1) * dilation + 1;
    if (padding != Padding.VALID) {
      // "same" and "causal": floor((input - 1) / stride) + 1
      return (input + stride - 1) / stride;
    }
    long span = input - effectiveKernel;
    return span < 0 ? 0 : span / stride + 1;
  }

  /**
   * Output length of a transposed convolution along one axis (Keras' {@code
   * _get_output_shape_given_tf_padding}); {@code outputPadding < 0} stands for Keras' {@code None}.
   */
  public static long transposeOutputLength(
      long input, int kernel, Padding padding, int stride, int dilation, int outputPadding) {
    if (input == Shape.UNKNOWN_SIZE) {
      return Shape.UNKNOWN_SIZE;
    }
    long k = (long) (kernel - 1) * dilation + 1;
    if (padding == Padding.VALID) {
      long extra = outputPadding < 0 ? Math.max(k, stride) - k : outputPadding;
      return (input - 1) * stride + k + extra;
    }
    return outputPadding < 0 ? input * stride : (input - 1) * stride + k % 2 + outputPadding;
  }

  /** Checks that each element of a size/stride argument is positive; {@code kernel_size} etc. */
  static int[] positivePair(String where, String arg, int a, int b) {
    if (a <= 0 || b <= 0) {
      throw new IllegalArgumentException(
          where + ": argument '" + arg + "' must be positive, got (" + a + ", " + b + ")");
    }
    return new int[] {a, b};
  }

  /**
   * An n-tuple argument ({@code kernel_size}, {@code strides}, ...): one value repeated n times or n values,
   * each positive; Keras' {@code standardize_tuple}.
   */
  static int[] positiveTuple(String where, String arg, int rank, int... values) {
    return tuple(where, arg, rank, false, values);
  }

  /** As {@link #positiveTuple} but zero allowed ({@code padding}, {@code cropping}). */
  static int[] nonNegativeTuple(String where, String arg, int rank, int... values) {
    return tuple(where, arg, rank, true, values);
  }

  private static int[] tuple(String where, String arg, int rank, boolean allowZero, int... values) {
    int[] out;
    if (values.length == 1) {
      out = new int[rank];
      Arrays.fill(out, values[0]);
    } else if (values.length == rank) {
      out = values.clone();
    } else {
      throw new IllegalArgumentException(where + ": argument '" + arg + "' must be one integer or " + rank
          + " integers, got " + Arrays.toString(values));
    }
    for (int v : out) {
      if (v < 0 || (v == 0 && !allowZero)) {
        throw new IllegalArgumentException(where + ": argument '" + arg + "' must be "
            + (allowZero ? "non-negative" : "positive") + ", got " + Arrays.toString(values));
      }
    }
    return out;
  }

  /** An n-tuple from Keras' config: a number or a list of n numbers. */
  static int[] configTuple(Object v, int rank, String key, String className) {
    if (v instanceof Number n) {
      int[] out = new int[rank];
      Arrays.fill(out, n.intValue());
      return out;
    }
    if (v instanceof List<?> l && l.size() == rank && l.stream().allMatch(e -> e instanceof Number)) {
      return l.stream().mapToInt(e -> ((Number) e).intValue()).toArray();
    }
    throw new IllegalArgumentException(
        className + " config: '" + key + "' must be an int or a list of " + rank + " ints, got " + v);
  }

  /** The tuple as Keras' config writes it (a JSON list). */
  static List<Integer> toList(int[] values) {
    List<Integer> out = new ArrayList<>();
    for (int v : values) {
      out.add(v);
    }
    return out;
  }

  /** {@code (a, b, c)} for messages. */
  static String format(int[] values) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return b.append(values.length == 1 ? ",)" : ")").toString();
  }
}
