package io.jkeras.layers;

import java.util.Map;

/**
 * 2D convolution over images in {@code channels_last} layout (batch, rows, cols, channels), Keras' {@code
 * Conv2D}. Parameters: {@code kh * kw * in/groups * filters} (+ {@code filters} with bias).
 *
 * <pre>{@code
 * var x = Input.of(28, 28, 1);
 * var y = new Conv2D(32, 3, 3).activation("relu").apply(x);            // (None, 26, 26, 32), 320 params
 * var z = new Conv2D(64, 3).strides(2, 2).padding("same").apply(y);     // (None, 13, 13, 64)
 * }</pre>
 */
public final class Conv2D extends BaseConv<Conv2D> {
  /** A square {@code kernel x kernel} convolution. */
  public Conv2D(int filters, int kernel) {
    this(filters, kernel, kernel);
  }

  /** A {@code kernelRows x kernelCols} convolution with {@code filters} output channels. */
  public Conv2D(int filters, int kernelRows, int kernelCols) {
    super(2, filters, kernelRows, kernelCols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Conv2D fromConfig(Map<String, ?> config) {
    int[] k = LayerConfigs.intPair(config.get("kernel_size"), "kernel_size", "Conv2D");
    return configure(new Conv2D(LayerConfigs.intArg(config, "filters", "Conv2D"), k[0], k[1]), config);
  }

  // The three hooks below keep Conv2D's messages and checks from before it moved onto BaseConv.

  /** Pairs are reported as {@code (a, b)}; one value stands for both axes. */
  @Override
  int[] checkedTuple(String where, String arg, int... values) {
    if (values.length == 1) {
      return ConvShapes.positivePair(where, arg, values[0], values[0]);
    }
    if (values.length == 2) {
      return ConvShapes.positivePair(where, arg, values[0], values[1]);
    }
    return super.checkedTuple(where, arg, values);
  }

  @Override
  int[] tupleFromConfig(Object v, String key) {
    return LayerConfigs.intPair(v, key, "Conv2D");
  }
}
