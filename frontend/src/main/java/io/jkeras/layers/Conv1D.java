package io.jkeras.layers;

import java.util.Map;

/**
 * 1D convolution over sequences {@code (batch, steps, channels)}, Keras' {@code Conv1D}: kernel {@code
 * (kernel_size, channels / groups, filters)}; parameters {@code kernel_size * channels / groups * filters}
 * (+ {@code filters} with bias). {@code padding="causal"} pads {@code dilation_rate * (kernel_size - 1)} zeros on
 * the left so that no output sees a later step.
 *
 * <pre>{@code
 * var x = Input.of(100, 8);
 * var y = new Conv1D(16, 3).activation("relu").apply(x);                  // (None, 98, 16), 400 params
 * var z = new Conv1D(16, 3).padding("causal").dilationRate(2).apply(x);   // (None, 100, 16)
 * }</pre>
 */
public final class Conv1D extends BaseConv<Conv1D> {
  /** {@code filters} output channels, a window of {@code kernelSize} steps. */
  public Conv1D(int filters, int kernelSize) {
    super(1, filters, kernelSize);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Conv1D fromConfig(Map<String, ?> config) {
    int[] k = ConvShapes.configTuple(config.get("kernel_size"), 1, "kernel_size", "Conv1D");
    return configure(new Conv1D(LayerConfigs.intArg(config, "filters", "Conv1D"), k[0]), config);
  }
}
