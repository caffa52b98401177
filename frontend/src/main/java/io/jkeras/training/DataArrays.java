package io.jkeras.training;

import org.tensorflow.ndarray.FloatNdArray;

/**
 * Data conversion for code outside the training loop (preprocessing layers' {@code adapt}): the same rules as
 * {@code fit} applies to its inputs.
 *
 * <pre>{@code
 * FloatNdArray a = DataArrays.toFloats("adapt data", new float[][] {{1, 2}, {3, 4}});
 * }</pre>
 */
public final class DataArrays {
  private DataArrays() {}

  /**
   * A float ndarray of {@code data}: an ndarray of any numeric type or a Java array of any rank ({@code
   * double[][]}, {@code int[]}, ...), copied once.
   *
   * @param what names the data in error messages
   */
  public static FloatNdArray toFloats(String what, Object data) {
    return ArrayConversion.toFloats(what, ArrayConversion.toNdArray(what, data));
  }
}
