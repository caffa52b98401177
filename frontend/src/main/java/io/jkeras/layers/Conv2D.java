package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

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
public final class Conv2D extends BaseLayer<Conv2D> {
  private final int filters;
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private Padding padding = Padding.VALID;
  private int[] dilationRate = {1, 1};
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

  /** A square {@code kernel x kernel} convolution. */
  public Conv2D(int filters, int kernel) {
    this(filters, kernel, kernel);
  }

  /** A {@code kernelRows x kernelCols} convolution with {@code filters} output channels. */
  public Conv2D(int filters, int kernelRows, int kernelCols) {
    if (filters <= 0) {
      throw new IllegalArgumentException("Conv2D: argument 'filters' must be a positive integer, got " + filters);
    }
    this.filters = filters;
    this.kernelSize = ConvShapes.positivePair("Conv2D", "kernel_size", kernelRows, kernelCols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Conv2D fromConfig(Map<String, ?> config) {
    int[] k = LayerConfigs.intPair(config.get("kernel_size"), "kernel_size", "Conv2D");
    Conv2D c = new Conv2D(LayerConfigs.intArg(config, "filters", "Conv2D"), k[0], k[1]);
    c.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "strides", v -> {
      int[] s = LayerConfigs.intPair(v, "strides", "Conv2D");
      c.strides(s[0], s[1]);
    });
    LayerConfigs.ifPresent(config, "padding", v -> c.padding((String) v));
    LayerConfigs.ifPresent(config, "data_format", v -> LayerConfigs.checkChannelsLast(v, "Conv2D"));
    LayerConfigs.ifPresent(config, "dilation_rate", v -> {
      int[] d = LayerConfigs.intPair(v, "dilation_rate", "Conv2D");
      c.dilationRate(d[0], d[1]);
    });
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

  public Conv2D strides(int rows, int cols) {
    checkConfigurable("strides");
    this.strides = ConvShapes.positivePair(where(), "strides", rows, cols);
    return this;
  }

  public Conv2D strides(int stride) {
    return strides(stride, stride);
  }

  /** {@code "valid"} (default) or {@code "same"}. */
  public Conv2D padding(String padding) {
    checkConfigurable("padding");
    this.padding = Padding.of(padding, where());
    return this;
  }

  public Conv2D dilationRate(int rows, int cols) {
    checkConfigurable("dilation_rate");
    this.dilationRate = ConvShapes.positivePair(where(), "dilation_rate", rows, cols);
    return this;
  }

  /** Grouped convolution: input channels and filters are split into {@code groups} groups. */
  public Conv2D groups(int groups) {
    checkConfigurable("groups");
    if (groups <= 0 || filters % groups != 0) {
      throw new IllegalArgumentException(where() + ": argument 'groups' must be positive and divide filters="
          + filters + ", got " + groups);
    }
    this.groups = groups;
    return this;
  }

  public Conv2D activation(String activation) {
    checkConfigurable("activation");
    this.activation = Activations.canonical(activation, where());
    return this;
  }

  public Conv2D useBias(boolean useBias) {
    checkConfigurable("use_bias");
    this.useBias = useBias;
    return this;
  }

  public Conv2D kernelInitializer(Initializer initializer) {
    checkConfigurable("kernel_initializer");
    this.kernelInitializer = Objects.requireNonNull(initializer, "kernel_initializer");
    return this;
  }

  public Conv2D kernelInitializer(String name) {
    return kernelInitializer(LayerConfigs.initializer(this, "kernel_initializer", name));
  }

  public Conv2D biasInitializer(Initializer initializer) {
    checkConfigurable("bias_initializer");
    this.biasInitializer = Objects.requireNonNull(initializer, "bias_initializer");
    return this;
  }

  public Conv2D biasInitializer(String name) {
    return biasInitializer(LayerConfigs.initializer(this, "bias_initializer", name));
  }

  public Conv2D kernelRegularizer(Regularizer regularizer) {
    checkConfigurable("kernel_regularizer");
    this.kernelRegularizer = regularizer;
    return this;
  }

  public Conv2D biasRegularizer(Regularizer regularizer) {
    checkConfigurable("bias_regularizer");
    this.biasRegularizer = regularizer;
    return this;
  }

  public Conv2D activityRegularizer(Regularizer regularizer) {
    checkConfigurable("activity_regularizer");
    this.activityRegularizer = regularizer;
    return this;
  }

  public Conv2D kernelConstraint(Constraint constraint) {
    checkConfigurable("kernel_constraint");
    this.kernelConstraint = constraint;
    return this;
  }

  public Conv2D biasConstraint(Constraint constraint) {
    checkConfigurable("bias_constraint");
    this.biasConstraint = constraint;
    return this;
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

  private String where() {
    return "Layer '" + nameForMessages() + "' (Conv2D)";
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 4) {
      throw error("expects a rank-4 input (batch, rows, cols, channels), got shape " + Shapes.format(in));
    }
    long channels = in.get(3);
    if (channels == Shape.UNKNOWN_SIZE) {
      throw error("the channel dimension of the input must be known, got shape " + Shapes.format(in));
    }
    if (channels % groups != 0) {
      throw error("input channels (" + channels + ") must be divisible by groups=" + groups
          + ", input shape " + Shapes.format(in));
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
      throw error("kernel_size (" + kernelSize[0] + ", " + kernelSize[1] + ") with dilation_rate ("
          + dilationRate[0] + ", " + dilationRate[1] + ") is larger than the input " + Shapes.format(in)
          + " with padding='valid'");
    }
    return Shape.of(in.get(0), rows, cols, filters);
  }

  @Override
  protected void build(Shape in) {
    long channels = in.get(3);
    addWeight("kernel", Shape.of(kernelSize[0], kernelSize[1], channels / groups, filters),
        kernelInitializer, kernelRegularizer, kernelConstraint, true);
    if (useBias) {
      addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, biasConstraint, true);
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("filters", filters);
    c.put("kernel_size", List.of(kernelSize[0], kernelSize[1]));
    c.put("strides", List.of(strides[0], strides[1]));
    c.put("padding", padding.kerasName());
    c.put("data_format", "channels_last");
    c.put("dilation_rate", List.of(dilationRate[0], dilationRate[1]));
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
