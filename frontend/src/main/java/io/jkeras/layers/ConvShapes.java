package io.jkeras.layers;

import org.tensorflow.ndarray.Shape;

/**
 * Output lengths of convolution and pooling windows, as Keras' {@code compute_conv_output_shape} and
 * {@code compute_pooling_output_shape}.
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
    if (padding == Padding.SAME) {
      return (input + stride - 1) / stride;
    }
    long span = input - effectiveKernel;
    return span < 0 ? 0 : span / stride + 1;
  }

  /** Checks that each element of a size/stride argument is positive; {@code kernel_size} etc. */
  static int[] positivePair(String where, String arg, int a, int b) {
    if (a <= 0 || b <= 0) {
      throw new IllegalArgumentException(
          where + ": argument '" + arg + "' must be positive, got (" + a + ", " + b + ")");
    }
    return new int[] {a, b};
  }
}
