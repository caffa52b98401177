package io.jkeras.layers;

import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Depthwise 2D convolution (Keras' {@code DepthwiseConv2D}): every input channel is convolved with its own
 * {@code depth_multiplier} filters; output channel {@code c * depth_multiplier + m} comes from input channel
 * {@code c}. Kernel {@code (kh, kw, channels, depth_multiplier)} (named {@code kernel}, as in Keras 3), bias
 * {@code (channels * depth_multiplier,)}; parameters {@code kh * kw * channels * depth_multiplier + channels *
 * depth_multiplier}.
 *
 * <pre>{@code
 * var x = Input.of(32, 32, 16);
 * var y = new DepthwiseConv2D(3).padding("same").apply(x);              // (None, 32, 32, 16), 160 params
 * var z = new DepthwiseConv2D(3).depthMultiplier(2).strides(2).apply(x); // (None, 15, 15, 32), 320 params
 * }</pre>
 */
public final class DepthwiseConv2D extends BaseDepthwiseConv2D<DepthwiseConv2D> {
  /** A square {@code kernel x kernel} window. */
  public DepthwiseConv2D(int kernel) {
    this(kernel, kernel);
  }

  /** A {@code kernelRows x kernelCols} window. */
  public DepthwiseConv2D(int kernelRows, int kernelCols) {
    super(kernelRows, kernelCols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static DepthwiseConv2D fromConfig(Map<String, ?> config) {
    int[] k = ConvShapes.configTuple(config.get("kernel_size"), 2, "kernel_size", "DepthwiseConv2D");
    return configure(new DepthwiseConv2D(k[0], k[1]), config);
  }

  @Override
  protected long outputChannels(long inputChannels) {
    return inputChannels * depthMultiplier();
  }

  @Override
  protected void build(Shape in) {
    addDepthwiseKernel("kernel", in.get(3));
    addBias(in.get(3) * depthMultiplier());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("depth_multiplier", depthMultiplier());
    putGeometry(c);
    c.put("depthwise_initializer", depthwiseInitializer());
    c.put("bias_initializer", biasInitializer());
    c.put("depthwise_regularizer", depthwiseRegularizer());
    c.put("bias_regularizer", biasRegularizer());
    c.put("activity_regularizer", activityRegularizerOrNull());
    c.put("depthwise_constraint", depthwiseConstraint());
    c.put("bias_constraint", biasConstraint());
    return c;
  }
}
