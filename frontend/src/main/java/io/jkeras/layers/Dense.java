package io.jkeras.layers;

import io.jkeras.activations.Activations;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Densely connected layer, {@code activation(dot(input, kernel) + bias)}, on the last axis of an input of any
 * rank ≥ 2 (Keras' {@code Dense}). Parameters: {@code in * units} (+ {@code units} with bias).
 *
 * <pre>{@code
 * var y = new Dense(64).activation("relu").apply(x);         // (None, 64)
 * var logits = new Dense(10).useBias(false).apply(y);        // (None, 10), 640 params
 * }</pre>
 */
public final class Dense extends BaseLayer<Dense> {
  private final int units;
  private String activation = "linear";
  private boolean useBias = true;
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.get("zeros");
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  private Regularizer activityRegularizer;
  private Constraint kernelConstraint;
  private Constraint biasConstraint;

  /** @param units dimensionality of the output space, &gt; 0 */
  public Dense(int units) {
    if (units <= 0) {
      throw new IllegalArgumentException(
          "Dense: argument 'units' must be a positive integer, got " + units);
    }
    this.units = units;
  }

  /** Rebuilds the layer from Keras' config. */
  public static Dense fromConfig(Map<String, ?> config) {
    Dense d = new Dense(LayerConfigs.intArg(config, "units", "Dense"));
    d.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "activation", v -> d.activation((String) v));
    LayerConfigs.ifPresent(config, "use_bias", v -> d.useBias((Boolean) v));
    LayerConfigs.ifPresent(config, "kernel_initializer", v -> d.kernelInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "bias_initializer", v -> d.biasInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "kernel_regularizer", v -> d.kernelRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "bias_regularizer", v -> d.biasRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "activity_regularizer",
        v -> d.activityRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "kernel_constraint", v -> d.kernelConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "bias_constraint", v -> d.biasConstraint(LayerConfigs.constraint(v)));
    return d;
  }

  /** Activation by Keras name ({@code "relu"}, {@code "softmax"}, ...); {@code linear} by default. */
  public Dense activation(String activation) {
    checkConfigurable("activation");
    this.activation = Activations.canonical(activation, "Layer '" + nameForMessages() + "' (Dense)");
    return this;
  }

  /** Whether to add a bias vector; {@code true} by default. */
  public Dense useBias(boolean useBias) {
    checkConfigurable("use_bias");
    this.useBias = useBias;
    return this;
  }

  public Dense kernelInitializer(Initializer initializer) {
    checkConfigurable("kernel_initializer");
    this.kernelInitializer = java.util.Objects.requireNonNull(initializer, "kernel_initializer");
    return this;
  }

  public Dense kernelInitializer(String name) {
    return kernelInitializer(LayerConfigs.initializer(this, "kernel_initializer", name));
  }

  public Dense biasInitializer(Initializer initializer) {
    checkConfigurable("bias_initializer");
    this.biasInitializer = java.util.Objects.requireNonNull(initializer, "bias_initializer");
    return this;
  }

  public Dense biasInitializer(String name) {
    return biasInitializer(LayerConfigs.initializer(this, "bias_initializer", name));
  }

  public Dense kernelRegularizer(Regularizer regularizer) {
    checkConfigurable("kernel_regularizer");
    this.kernelRegularizer = regularizer;
    return this;
  }

  public Dense biasRegularizer(Regularizer regularizer) {
    checkConfigurable("bias_regularizer");
    this.biasRegularizer = regularizer;
    return this;
  }

  /** A penalty on the layer's output, added to the loss. */
  public Dense activityRegularizer(Regularizer regularizer) {
    checkConfigurable("activity_regularizer");
    this.activityRegularizer = regularizer;
    return this;
  }

  public Dense kernelConstraint(Constraint constraint) {
    checkConfigurable("kernel_constraint");
    this.kernelConstraint = constraint;
    return this;
  }

  public Dense biasConstraint(Constraint constraint) {
    checkConfigurable("bias_constraint");
    this.biasConstraint = constraint;
    return this;
  }

  public int units() {
    return units;
  }

  /** The canonical Keras activation name. */
  public String activation() {
    return activation;
  }

  public boolean useBias() {
    return useBias;
  }

  public java.util.Optional<Regularizer> activityRegularizer() {
    return java.util.Optional.ofNullable(activityRegularizer);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    if (inputShape.numDimensions() < 2) {
      throw error("expects an input of rank >= 2 (batch, ..., features), got shape "
          + Shapes.format(inputShape));
    }
    long last = inputShape.get(inputShape.numDimensions() - 1);
    if (last == Shape.UNKNOWN_SIZE) {
      throw error("the last dimension of the input must be known, got shape " + Shapes.format(inputShape));
    }
    if (isBuilt()) {
      long expected = buildInputShapes().get(0).get(buildInputShapes().get(0).numDimensions() - 1);
      if (expected != last) {
        throw error("expected axis -1 of the input to have value " + expected
            + " (the layer was built for " + Shapes.format(buildInputShapes().get(0))
            + "), got shape " + Shapes.format(inputShape));
      }
    }
    return Shapes.withDim(inputShape, inputShape.numDimensions() - 1, units);
  }

  @Override
  protected void build(Shape inputShape) {
    long in = inputShape.get(inputShape.numDimensions() - 1);
    addWeight("kernel", Shape.of(in, units), kernelInitializer, kernelRegularizer, kernelConstraint, true);
    if (useBias) {
      addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, biasConstraint, true);
    }
  }

  /** Passes an incoming mask on, as Keras' {@code Dense} ({@code supports_masking = True}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    if (activityRegularizer != null) {
      // Keras 3.15's Dense leaves this key to Layer.get_config, which writes it (after dtype) only when set
      c.put("activity_regularizer", activityRegularizer);
    }
    c.put("units", units);
    c.put("activation", activation);
    c.put("use_bias", useBias);
    c.put("kernel_initializer", kernelInitializer);
    c.put("bias_initializer", biasInitializer);
    c.put("kernel_regularizer", kernelRegularizer);
    c.put("bias_regularizer", biasRegularizer);
    c.put("kernel_constraint", kernelConstraint);
    c.put("bias_constraint", biasConstraint);
    return c;
  }
}
