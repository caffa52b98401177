package io.jkeras.layers;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * Depthwise separable 2D convolution (Keras' {@code SeparableConv2D}): a depthwise convolution (see {@link
 * DepthwiseConv2D}) followed by a 1x1 pointwise convolution to {@code filters} channels. Weights {@code
 * depthwise_kernel (kh, kw, channels, depth_multiplier)}, {@code pointwise_kernel (1, 1, channels *
 * depth_multiplier, filters)}, {@code bias (filters,)}; parameters {@code kh * kw * channels * depth_multiplier +
 * channels * depth_multiplier * filters + filters}.
 *
 * <pre>{@code
 * var x = Input.of(32, 32, 16);
 * var y = new SeparableConv2D(32, 3).padding("same").activation("relu").apply(x);   // (None, 32, 32, 32), 688 params
 * }</pre>
 */
public final class SeparableConv2D extends BaseDepthwiseConv2D<SeparableConv2D> {
  private final int filters;
  private Initializer pointwiseInitializer = Initializers.get("glorot_uniform");
  private Regularizer pointwiseRegularizer;
  private Constraint pointwiseConstraint;

  /** A square {@code kernel x kernel} depthwise window, {@code filters} output channels. */
  public SeparableConv2D(int filters, int kernel) {
    this(filters, kernel, kernel);
  }

  /** A {@code kernelRows x kernelCols} depthwise window, {@code filters} output channels. */
  public SeparableConv2D(int filters, int kernelRows, int kernelCols) {
    super(kernelRows, kernelCols);
    if (filters <= 0) {
      throw new IllegalArgumentException(
          "SeparableConv2D: argument 'filters' must be a positive integer, got " + filters);
    }
    this.filters = filters;
  }

  /** Rebuilds the layer from Keras' config. */
  public static SeparableConv2D fromConfig(Map<String, ?> config) {
    int[] k = ConvShapes.configTuple(config.get("kernel_size"), 2, "kernel_size", "SeparableConv2D");
    SeparableConv2D c = new SeparableConv2D(LayerConfigs.intArg(config, "filters", "SeparableConv2D"), k[0], k[1]);
    LayerConfigs.ifPresent(config, "pointwise_initializer",
        v -> c.pointwiseInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "pointwise_regularizer",
        v -> c.pointwiseRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "pointwise_constraint",
        v -> c.pointwiseConstraint(LayerConfigs.constraint(v)));
    return configure(c, config);
  }

  public SeparableConv2D pointwiseInitializer(Initializer initializer) {
    checkConfigurable("pointwise_initializer");
    this.pointwiseInitializer = Objects.requireNonNull(initializer, "pointwise_initializer");
    return this;
  }

  public SeparableConv2D pointwiseInitializer(String name) {
    return pointwiseInitializer(LayerConfigs.initializer(this, "pointwise_initializer", name));
  }

  public SeparableConv2D pointwiseRegularizer(Regularizer regularizer) {
    checkConfigurable("pointwise_regularizer");
    this.pointwiseRegularizer = regularizer;
    return this;
  }

  public SeparableConv2D pointwiseConstraint(Constraint constraint) {
    checkConfigurable("pointwise_constraint");
    this.pointwiseConstraint = constraint;
    return this;
  }

  public int filters() {
    return filters;
  }

  @Override
  protected long outputChannels(long inputChannels) {
    return filters;
  }

  @Override
  protected void build(Shape in) {
    long channels = in.get(3);
    addDepthwiseKernel("depthwise_kernel", channels);
    addWeight("pointwise_kernel", Shape.of(1, 1, channels * depthMultiplier(), filters), pointwiseInitializer,
        pointwiseRegularizer, pointwiseConstraint, true);
    addBias(filters);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("depth_multiplier", depthMultiplier());
    c.put("filters", filters);
    putGeometry(c);
    c.put("depthwise_initializer", depthwiseInitializer());
    c.put("pointwise_initializer", pointwiseInitializer);
    c.put("bias_initializer", biasInitializer());
    c.put("depthwise_regularizer", depthwiseRegularizer());
    c.put("pointwise_regularizer", pointwiseRegularizer);
    c.put("bias_regularizer", biasRegularizer());
    c.put("activity_regularizer", activityRegularizerOrNull());
    c.put("depthwise_constraint", depthwiseConstraint());
    c.put("pointwise_constraint", pointwiseConstraint);
    c.put("bias_constraint", biasConstraint());
    return c;
  }
}
