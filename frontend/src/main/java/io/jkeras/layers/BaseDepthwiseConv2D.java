package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * The shared part of {@link DepthwiseConv2D} and {@link SeparableConv2D}: a depthwise kernel {@code (kh, kw,
 * channels, depth_multiplier)} that filters every input channel on its own, strides, padding, dilation,
 * activation, bias; channels_last.
 *
 * @param <L> the concrete layer
 */
public abstract class BaseDepthwiseConv2D<L extends BaseDepthwiseConv2D<L>> extends BaseLayer<L> {
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private Padding padding = Padding.VALID;
  private int[] dilationRate = {1, 1};
  private int depthMultiplier = 1;
  private String activation = "linear";
  private boolean useBias = true;
  private Initializer depthwiseInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.get("zeros");
  private Regularizer depthwiseRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Constraint depthwiseConstraint;
  private Constraint biasConstraint;

  protected BaseDepthwiseConv2D(int kernelRows, int kernelCols) {
    this.kernelSize = ConvShapes.positivePair(getClass().getSimpleName(), "kernel_size", kernelRows, kernelCols);
  }

  /** Reads the shared arguments of Keras' config (all but kernel_size and filters) into {@code c}. */
  protected static <L extends BaseDepthwiseConv2D<L>> L configure(L c, Map<String, ?> config) {
    String cls = c.className();
    c.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "depth_multiplier", v -> c.depthMultiplier(((Number) v).intValue()));
    LayerConfigs.ifPresent(config, "strides", v -> c.strides(ConvShapes.configTuple(v, 2, "strides", cls)));
    LayerConfigs.ifPresent(config, "padding", v -> c.padding((String) v));
    LayerConfigs.ifPresent(config, "data_format", v -> LayerConfigs.checkChannelsLast(v, cls));
    LayerConfigs.ifPresent(config, "dilation_rate",
        v -> c.dilationRate(ConvShapes.configTuple(v, 2, "dilation_rate", cls)));
    LayerConfigs.ifPresent(config, "activation", v -> c.activation((String) v));
    LayerConfigs.ifPresent(config, "use_bias", v -> c.useBias((Boolean) v));
    LayerConfigs.ifPresent(config, "depthwise_initializer",
        v -> c.depthwiseInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "bias_initializer", v -> c.biasInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "depthwise_regularizer",
        v -> c.depthwiseRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "bias_regularizer", v -> c.biasRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "activity_regularizer",
        v -> c.activityRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "depthwise_constraint",
        v -> c.depthwiseConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "bias_constraint", v -> c.biasConstraint(LayerConfigs.constraint(v)));
    return c;
  }

  /** Output channels per input channel of the depthwise step; 1 by default. */
  public L depthMultiplier(int depthMultiplier) {
    checkConfigurable("depth_multiplier");
    if (depthMultiplier <= 0) {
      throw new IllegalArgumentException(
          where() + ": argument 'depth_multiplier' must be a positive integer, got " + depthMultiplier);
    }
    this.depthMultiplier = depthMultiplier;
    return self();
  }

  /** Step of the window: one value for both axes or (rows, cols). */
  public L strides(int... strides) {
    checkConfigurable("strides");
    this.strides = ConvShapes.positiveTuple(where(), "strides", 2, strides);
    return self();
  }

  /** {@code "valid"} (default) or {@code "same"}. */
  public L padding(String padding) {
    checkConfigurable("padding");
    this.padding = Padding.of(padding, where());
    return self();
  }

  /** Spacing of the kernel taps: one value for both axes or (rows, cols). */
  public L dilationRate(int... dilationRate) {
    checkConfigurable("dilation_rate");
    this.dilationRate = ConvShapes.positiveTuple(where(), "dilation_rate", 2, dilationRate);
    return self();
  }

  public L activation(String activation) {
    checkConfigurable("activation");
    this.activation = Activations.canonical(activation, where());
    return self();
  }

  public L useBias(boolean useBias) {
    checkConfigurable("use_bias");
    this.useBias = useBias;
    return self();
  }

  public L depthwiseInitializer(Initializer initializer) {
    checkConfigurable("depthwise_initializer");
    this.depthwiseInitializer = Objects.requireNonNull(initializer, "depthwise_initializer");
    return self();
  }

  public L depthwiseInitializer(String name) {
    return depthwiseInitializer(LayerConfigs.initializer(this, "depthwise_initializer", name));
  }

  public L biasInitializer(Initializer initializer) {
    checkConfigurable("bias_initializer");
    this.biasInitializer = Objects.requireNonNull(initializer, "bias_initializer");
    return self();
  }

  public L biasInitializer(String name) {
    return biasInitializer(LayerConfigs.initializer(this, "bias_initializer", name));
  }

  public L depthwiseRegularizer(Regularizer regularizer) {
    checkConfigurable("depthwise_regularizer");
    this.depthwiseRegularizer = regularizer;
    return self();
  }

  public L biasRegularizer(Regularizer regularizer) {
    checkConfigurable("bias_regularizer");
    this.biasRegularizer = regularizer;
    return self();
  }

  public L activityRegularizer(Regularizer regularizer) {
    checkConfigurable("activity_regularizer");
    this.activityRegularizer = regularizer;
    return self();
  }

  public L depthwiseConstraint(Constraint constraint) {
    checkConfigurable("depthwise_constraint");
    this.depthwiseConstraint = constraint;
    return self();
  }

  public L biasConstraint(Constraint constraint) {
    checkConfigurable("bias_constraint");
    this.biasConstraint = constraint;
    return self();
  }

  public int[] kernelSize() {
    return kernelSize.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public Padding padding() {
    return padding;
  }

  public int[] dilationRate() {
    return dilationRate.clone();
  }

  public int depthMultiplier() {
    return depthMultiplier;
  }

  public String activation() {
    return activation;
  }

  public boolean useBias() {
    return useBias;
  }

  public Optional<Regularizer> activityRegularizer() {
    return Optional.ofNullable(activityRegularizer);
  }

  protected String where() {
    return "Layer '" + nameForMessages() + "' (" + className() + ")";
  }

  /** The number of output channels for this many input channels. */
  protected abstract long outputChannels(long inputChannels);

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 4) {
      throw error("expects a rank-4 input (batch, rows, cols, channels), got shape " + Shapes.format(in));
    }
    long channels = in.get(3);
    if (channels == Shape.UNKNOWN_SIZE) {
      throw error("the channel dimension of the input must be known, got shape " + Shapes.format(in));
    }
    if ((strides[0] > 1 || strides[1] > 1) && (dilationRate[0] > 1 || dilationRate[1] > 1)) {
      throw error("strides > 1 are not supported together with dilation_rate > 1 (as in Keras' TensorFlow"
          + " backend), got strides=" + ConvShapes.format(strides) + ", dilation_rate="
          + ConvShapes.format(dilationRate));
    }
    if (isBuilt()) {
      long expected = buildInputShapes().get(0).get(3);
      if (expected != channels) {
        throw error("expected " + expected + " input channels (built for "
            + Shapes.format(buildInputShapes().get(0)) + "), got shape " + Shapes.format(in));
      }
    }
    long rows = ConvShapes.outputLength(in.get(1), kernelSize[0], padding, strides[0], dilationRate[0]);
    long cols = ConvShapes.outputLength(in.get(2), kernelSize[1], padding, strides[1], dilationRate[1]);
    if (rows == 0 || cols == 0) {
      throw error("kernel_size " + ConvShapes.format(kernelSize) + " with dilation_rate "
          + ConvShapes.format(dilationRate) + " is larger than the input " + Shapes.format(in)
          + " with padding='valid'");
    }
    return Shape.of(in.get(0), rows, cols, outputChannels(channels));
  }

  /** Adds the depthwise kernel {@code (kh, kw, channels, depth_multiplier)} under the given name. */
  protected final void addDepthwiseKernel(String weightName, long channels) {
    addWeight(weightName, Shape.of(kernelSize[0], kernelSize[1], channels, depthMultiplier), depthwiseInitializer,
        depthwiseRegularizer, depthwiseConstraint, true);
  }

  /** Adds the bias of {@code size} values when {@code use_bias}. */
  protected final void addBias(long size) {
    if (useBias) {
      addWeight("bias", Shape.of(size), biasInitializer, biasRegularizer, biasConstraint, true);
    }
  }

  /** The shared config entries in Keras' order, from {@code kernel_size} to {@code use_bias}. */
  protected final void putGeometry(Map<String, Object> c) {
    c.put("kernel_size", ConvShapes.toList(kernelSize));
    c.put("strides", ConvShapes.toList(strides));
    c.put("padding", padding.kerasName());
    c.put("data_format", "channels_last");
    c.put("dilation_rate", ConvShapes.toList(dilationRate));
    c.put("activation", activation);
    c.put("use_bias", useBias);
  }

  protected final Initializer depthwiseInitializer() {
    return depthwiseInitializer;
  }

  protected final Initializer biasInitializer() {
    return biasInitializer;
  }

  protected final Regularizer depthwiseRegularizer() {
    return depthwiseRegularizer;
  }

  protected final Regularizer biasRegularizer() {
    return biasRegularizer;
  }

  protected final Regularizer activityRegularizerOrNull() {
    return activityRegularizer;
  }

  protected final Constraint depthwiseConstraint() {
    return depthwiseConstraint;
  }

  protected final Constraint biasConstraint() {
    return biasConstraint;
  }
}
