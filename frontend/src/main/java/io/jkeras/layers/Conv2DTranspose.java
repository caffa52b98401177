package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Transposed 2D convolution (Keras' {@code Conv2DTranspose}), the gradient of a {@link Conv2D} with respect to
 * its input, in {@code channels_last} layout. Kernel {@code (kh, kw, filters, channels)}; parameters {@code kh *
 * kw * filters * channels} (+ {@code filters} with bias). Output length per axis (Keras' {@code
 * compute_conv_transpose_output_shape}, {@code k = (kernel - 1) * dilation + 1}): {@code "valid"}: {@code
 * (in - 1) * stride + max(k, stride)}; {@code "same"}: {@code in * stride}; with {@code output_padding} {@code p}:
 * {@code (in - 1) * stride + k + p} (valid) or {@code (in - 1) * stride + k % 2 + p} (same).
 *
 * <pre>{@code
 * var x = Input.of(7, 7, 64);
 * var y = new Conv2DTranspose(32, 3).strides(2).padding("same").apply(x);   // (None, 14, 14, 32), 18,464 params
 * var z = new Conv2DTranspose(1, 4).strides(2).apply(y);                     // (None, 30, 30, 1)
 * }</pre>
 */
public final class Conv2DTranspose extends BaseConv<Conv2DTranspose> {
  private int[] outputPadding;

  /** A square {@code kernel x kernel} window. */
  public Conv2DTranspose(int filters, int kernel) {
    super(2, filters, kernel);
  }

  /** A {@code kernelRows x kernelCols} window with {@code filters} output channels. */
  public Conv2DTranspose(int filters, int kernelRows, int kernelCols) {
    super(2, filters, kernelRows, kernelCols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Conv2DTranspose fromConfig(Map<String, ?> config) {
    int[] k = ConvShapes.configTuple(config.get("kernel_size"), 2, "kernel_size", "Conv2DTranspose");
    Conv2DTranspose c = new Conv2DTranspose(LayerConfigs.intArg(config, "filters", "Conv2DTranspose"), k[0], k[1]);
    LayerConfigs.ifPresent(config, "output_padding",
        v -> c.outputPadding(ConvShapes.configTuple(v, 2, "output_padding", "Conv2DTranspose")));
    return configure(c, config);
  }

  /**
   * Extra rows/cols added on the bottom/right of the output (each strictly less than the stride); Keras' {@code
   * None} (the default) lets the padding alone decide the output size.
   */
  public Conv2DTranspose outputPadding(int... outputPadding) {
    checkConfigurable("output_padding");
    this.outputPadding = outputPadding == null ? null
        : ConvShapes.nonNegativeTuple(where(), "output_padding", 2, outputPadding);
    return this;
  }

  /** The output padding, or {@code null} for Keras' {@code None}. */
  public int[] outputPadding() {
    return outputPadding == null ? null : outputPadding.clone();
  }

  @Override
  protected void checkGroupsSupported() {
    throw new IllegalArgumentException(where() + ": Keras' Conv2DTranspose has no 'groups' argument");
  }

  @Override
  protected long outputLength(int i, long input) {
    return ConvShapes.transposeOutputLength(input, kernelSize()[i], padding(), strides()[i], dilationRate()[i],
        outputPadding == null ? -1 : outputPadding[i]);
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (outputPadding != null) {
      int[] s = strides();
      for (int i = 0; i < 2; i++) {
        if (outputPadding[i] >= s[i]) {
          throw error("output_padding must be strictly less than strides in every dimension, got output_padding="
              + ConvShapes.format(outputPadding) + ", strides=" + ConvShapes.format(s) + " (input "
              + Shapes.format(in) + ")");
        }
      }
    }
    return super.computeOutputShape(in);
  }

  @Override
  protected void build(Shape in) {
    int[] k = kernelSize();
    addKernelAndBias(Shape.of(k[0], k[1], filters(), in.get(3)));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> base = super.getConfig();
    Map<String, Object> c = new LinkedHashMap<>();
    base.forEach((key, value) -> {
      if (!key.equals("groups")) {
        c.put(key, value);
      }
      if (key.equals("padding")) {
        c.put("output_padding", outputPadding == null ? null : ConvShapes.toList(outputPadding));
      }
    });
    return c;
  }
}
