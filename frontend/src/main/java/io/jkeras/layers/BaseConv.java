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
 * The shared part of {@link Conv1D}, {@link Conv2D} and {@link Conv3D} (Keras' {@code BaseConv}), channels_last:
 * input {@code (batch, *spatial, channels)}, kernel {@code (*kernel_size, channels / groups, filters)}, bias {@code
 * (filters,)}. Parameters: {@code prod(kernel_size) * channels / groups * filters} (+ {@code filters}). {@link
 * Conv2DTranspose} shares the arguments and overrides the shapes. {@link Conv2D} keeps the messages it had before
 * it moved onto this class through the package-private hooks {@link #checkedTuple} and {@link #tupleFromConfig}.
 *
 * @param <L> the concrete convolution layer
 */
public abstract class BaseConv<L extends BaseConv<L>> extends BaseLayer<L> {
  private final int rank;
  private final int filters;
  private final int[] kernelSize;
  private int[] strides;
  private Padding padding = Padding.VALID;
  private int[] dilationRate;
  private int groups = 1;
  private String activation = "linear";
  private boolean useBias = true;
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.get("zeros");
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Constraint kernelConstraint;
  private Constraint biasConstraint;

  protected BaseConv(int rank, int filters, int... kernelSize) {
    this.rank = rank;
    String cls = getClass().getSimpleName();
    if (filters <= 0) {
      throw new IllegalArgumentException(cls + ": argument 'filters' must be a positive integer, got " + filters);
    }
    this.filters = filters;
    this.kernelSize = checkedTuple(cls, "kernel_size", kernelSize);
    this.strides = checkedTuple(cls, "strides", 1);
    this.dilationRate = checkedTuple(cls, "dilation_rate", 1);
  }

  /**
   * A positive n-tuple argument ({@code kernel_size}, {@code strides}, {@code dilation_rate}); called from the
   * constructor, so overrides must not read instance fields.
   */
  int[] checkedTuple(String where, String arg, int... values) {
    return ConvShapes.positiveTuple(where, arg, rank, values);
  }

  /** An n-tuple argument read from Keras' config. */
  int[] tupleFromConfig(Object v, String key) {
    return ConvShapes.configTuple(v, rank, key, className());
  }

  /** Reads the convolution arguments of Keras' config (all but filters and kernel_size) into {@code c}. */
  protected static <L extends BaseConv<L>> L configure(L c, Map<String, ?> config) {
    String cls = c.className();
    c.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "strides", v -> c.strides(c.tupleFromConfig(v, "strides")));
    LayerConfigs.ifPresent(config, "padding", v -> c.padding((String) v));
    LayerConfigs.ifPresent(config, "data_format", v -> LayerConfigs.checkChannelsLast(v, cls));
    LayerConfigs.ifPresent(config, "dilation_rate",
        v -> c.dilationRate(c.tupleFromConfig(v, "dilation_rate")));
    LayerConfigs.ifPresent(config, "groups", v -> c.groups(((Number) v).intValue()));
    LayerConfigs.ifPresent(config, "activation", v -> c.activation((String) v));
    LayerConfigs.ifPresent(config, "use_bias", v -> c.useBias((Boolean) v));
    LayerConfigs.ifPresent(config, "kernel_initializer", v -> c.kernelInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "bias_initializer", v -> c.biasInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "kernel_regularizer", v -> c.kernelRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "bias_regularizer", v -> c.biasRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "activity_regularizer",
        v -> c.activityRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "kernel_constraint", v -> c.kernelConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "bias_constraint", v -> c.biasConstraint(LayerConfigs.constraint(v)));
    return c;
  }

  /** Step of the window: one value for every axis or one per spatial axis. */
  public L strides(int... strides) {
    checkConfigurable("strides");
    this.strides = checkedTuple(where(), "strides", strides);
    return self();
  }

  /** {@code "valid"} (default) or {@code "same"}; {@link Conv1D} also takes {@code "causal"}. */
  public L padding(String padding) {
    checkConfigurable("padding");
    this.padding = rank == 1 ? Padding.ofCausalAllowed(padding, where()) : Padding.of(padding, where());
    return self();
  }

  /** Spacing of the kernel taps: one value for every axis or one per spatial axis. */
  public L dilationRate(int... dilationRate) {
    checkConfigurable("dilation_rate");
    this.dilationRate = checkedTuple(where(), "dilation_rate", dilationRate);
    return self();
  }

  /** Grouped convolution: input channels and filters are split into {@code groups} groups. */
  public L groups(int groups) {
    checkConfigurable("groups");
    checkGroupsSupported();
    if (groups <= 0 || filters % groups != 0) {
      throw new IllegalArgumentException(where() + ": argument 'groups' must be positive and divide filters="
          + filters + ", got " + groups);
    }
    this.groups = groups;
    return self();
  }

  /** Layers without Keras' {@code groups} argument throw here. */
  protected void checkGroupsSupported() {}

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

  public L kernelInitializer(Initializer initializer) {
    checkConfigurable("kernel_initializer");
    this.kernelInitializer = Objects.requireNonNull(initializer, "kernel_initializer");
    return self();
  }

  public L kernelInitializer(String name) {
    return kernelInitializer(LayerConfigs.initializer(this, "kernel_initializer", name));
  }

  public L biasInitializer(Initializer initializer) {
    checkConfigurable("bias_initializer");
    this.biasInitializer = Objects.requireNonNull(initializer, "bias_initializer");
    return self();
  }

  public L biasInitializer(String name) {
    return biasInitializer(LayerConfigs.initializer(this, "bias_initializer", name));
  }

  public L kernelRegularizer(Regularizer regularizer) {
    checkConfigurable("kernel_regularizer");
    this.kernelRegularizer = regularizer;
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

  public L kernelConstraint(Constraint constraint) {
    checkConfigurable("kernel_constraint");
    this.kernelConstraint = constraint;
    return self();
  }

  public L biasConstraint(Constraint constraint) {
    checkConfigurable("bias_constraint");
    this.biasConstraint = constraint;
    return self();
  }

  /** Number of spatial axes: 1 for Conv1D, 2 for Conv2D, 3 for Conv3D. */
  public int rank() {
    return rank;
  }

  public int filters() {
    return filters;
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

  public int groups() {
    return groups;
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

  /** Adds the kernel (of the given shape) and the bias {@code (filters,)}; for subclasses' {@code build}. */
  protected final void addKernelAndBias(Shape kernelShape) {
    addWeight("kernel", kernelShape, kernelInitializer, kernelRegularizer, kernelConstraint, true);
    if (useBias) {
      addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, biasConstraint, true);
    }
  }

  protected String where() {
    return "Layer '" + nameForMessages() + "' (" + className() + ")";
  }

  private String layout() {
    return switch (rank) {
      case 1 -> "(batch, steps, channels)";
      case 2 -> "(batch, rows, cols, channels)";
      default -> "(batch, depth, rows, cols, channels)";
    };
  }

  /** Output length along spatial axis {@code i}; ≤ 0 when the window does not fit. */
  protected long outputLength(int i, long input) {
    return ConvShapes.outputLength(input, kernelSize[i], padding, strides[i], dilationRate[i]);
  }

  /** The output channels: {@code filters}. */
  protected long outputChannels(long inputChannels) {
    return filters;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != rank + 2) {
      throw error("expects a rank-" + (rank + 2) + " input " + layout() + ", got shape " + Shapes.format(in));
    }
    long channels = in.get(rank + 1);
    if (channels == Shape.UNKNOWN_SIZE) {
      throw error("the channel dimension of the input must be known, got shape " + Shapes.format(in));
    }
    if (channels % groups != 0) {
      throw error("input channels (" + channels + ") must be divisible by groups=" + groups
          + ", input shape " + Shapes.format(in));
    }
    boolean strided = false;
    boolean dilated = false;
    for (int i = 0; i < rank; i++) {
      strided |= strides[i] > 1;
      dilated |= dilationRate[i] > 1;
    }
    if (strided && dilated) {
      throw error("strides > 1 are not supported together with dilation_rate > 1 (as in Keras), got strides="
          + ConvShapes.format(strides) + ", dilation_rate=" + ConvShapes.format(dilationRate));
    }
    if (isBuilt()) {
      long expected = buildInputShapes().get(0).get(rank + 1);
      if (expected != channels) {
        throw error("expected " + expected + " input channels (built for "
            + Shapes.format(buildInputShapes().get(0)) + "), got shape " + Shapes.format(in));
      }
    }
    long[] out = new long[rank + 2];
    out[0] = in.get(0);
    for (int i = 0; i < rank; i++) {
      out[i + 1] = outputLength(i, in.get(i + 1));
      if (out[i + 1] == 0) {
        throw error("kernel_size " + ConvShapes.format(kernelSize) + " with dilation_rate "
            + ConvShapes.format(dilationRate) + " is larger than the input " + Shapes.format(in)
            + " with padding='valid'");
      }
    }
    out[rank + 1] = outputChannels(channels);
    return Shape.of(out);
  }

  @Override
  protected void build(Shape in) {
    long[] k = new long[rank + 2];
    for (int i = 0; i < rank; i++) {
      k[i] = kernelSize[i];
    }
    k[rank] = in.get(rank + 1) / groups;
    k[rank + 1] = filters;
    addKernelAndBias(Shape.of(k));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("filters", filters);
    c.put("kernel_size", ConvShapes.toList(kernelSize));
    c.put("strides", ConvShapes.toList(strides));
    c.put("padding", padding.kerasName());
    c.put("data_format", "channels_last");
    c.put("dilation_rate", ConvShapes.toList(dilationRate));
    c.put("groups", groups);
    c.put("activation", activation);
    c.put("use_bias", useBias);
    c.put("kernel_initializer", kernelInitializer);
    c.put("bias_initializer", biasInitializer);
    c.put("kernel_regularizer", kernelRegularizer);
    c.put("bias_regularizer", biasRegularizer);
    c.put("activity_regularizer", activityRegularizer);
    c.put("kernel_constraint", kernelConstraint);
    c.put("bias_constraint", biasConstraint);
    return c;
  }
}
