package io.jkeras.layers;

import java.util.Map;

/**
 * 3D convolution over volumes {@code (batch, depth, rows, cols, channels)}, Keras' {@code Conv3D}: kernel
 * {@code (kd, kh, kw, channels / groups, filters)}; parameters {@code kd * kh * kw * channels / groups * filters}
 * (+ {@code filters} with bias).
 *
 * <pre>{@code
 * var x = Input.of(16, 32, 32, 3);
 * var y = new Conv3D(8, 3).activation("relu").apply(x);              // (None, 14, 30, 30, 8), 656 params
 * var z = new Conv3D(8, 1, 3, 3).strides(1, 2, 2).padding("same").apply(x);   // (None, 16, 16, 16, 8)
 * }</pre>
 */
public final class Conv3D extends BaseConv<Conv3D> {
  /** A cubic {@code kernel x kernel x kernel} window. */
  public Conv3D(int filters, int kernel) {
    super(3, filters, kernel);
  }

  /** A {@code depth x rows x cols} window. */
  public Conv3D(int filters, int kernelDepth, int kernelRows, int kernelCols) {
    super(3, filters, kernelDepth, kernelRows, kernelCols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Conv3D fromConfig(Map<String, ?> config) {
    int[] k = ConvShapes.configTuple(config.get("kernel_size"), 3, "kernel_size", "Conv3D");
    return configure(new Conv3D(LayerConfigs.intArg(config, "filters", "Conv3D"), k[0], k[1], k[2]), config);
  }
}
