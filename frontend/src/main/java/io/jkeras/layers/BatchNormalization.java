package io.jkeras.layers;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * Normalizes its input along {@code axis} (Keras' {@code BatchNormalization}): in training with the batch's
 * mean and variance, updating {@code moving = moving * momentum + batch * (1 - momentum)}; at inference with
 * the moving statistics; then {@code gamma * x_hat + beta}. Weights, in Keras' order: {@code gamma} and {@code
 * beta} (trainable, present with {@code scale} and {@code center}), {@code moving_mean} and {@code
 * moving_variance} (non-trainable), each of the size of the input's {@code axis}: 4 * C parameters, 2 * C
 * non-trainable.
 *
 * <pre>{@code
 * var y = new BatchNormalization().apply(x);                          // (None, 10): 40 params, 20 non-trainable
 * var z = new BatchNormalization().momentum(0.9).epsilon(1e-5).apply(conv);
 * }</pre>
 */
public final class BatchNormalization extends BaseLayer<BatchNormalization> {
  private int axis = -1;
  private double momentum = 0.99;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private Initializer betaInitializer = Initializers.get("zeros");
  private Initializer gammaInitializer = Initializers.get("ones");
  private Initializer movingMeanInitializer = Initializers.get("zeros");
  private Initializer movingVarianceInitializer = Initializers.get("ones");
  private Regularizer betaRegularizer;
  private Regularizer gammaRegularizer;
  private Constraint betaConstraint;
  private Constraint gammaConstraint;
  private boolean synchronizedStatistics = false;

  public BatchNormalization() {}

  /** Rebuilds the layer from Keras' config. */
  public static BatchNormalization fromConfig(Map<String, ?> config) {
    BatchNormalization b = new BatchNormalization();
    b.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "axis", v -> {
      if (v instanceof List<?> l && l.size() == 1) {
        v = l.get(0);   // Keras 2 wrote the axis as a one-element list
      }
      b.axis(((Number) v).intValue());
    });
    LayerConfigs.ifPresent(config, "momentum", v -> b.momentum(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "epsilon", v -> b.epsilon(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "center", v -> b.center((Boolean) v));
    LayerConfigs.ifPresent(config, "scale", v -> b.scale((Boolean) v));
    LayerConfigs.ifPresent(config, "beta_initializer", v -> b.betaInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "gamma_initializer", v -> b.gammaInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "moving_mean_initializer",
        v -> b.movingMeanInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "moving_variance_initializer",
        v -> b.movingVarianceInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "beta_regularizer", v -> b.betaRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "gamma_regularizer", v -> b.gammaRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "beta_constraint", v -> b.betaConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "gamma_constraint", v -> b.gammaConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "synchronized", v -> b.synchronizedStatistics((Boolean) v));
    return b;
  }

  private String where() {
    return "Layer '" + nameForMessages() + "' (BatchNormalization)";
  }

  /** The axis to normalize (the features axis), -1 by default; negative counts from the end. */
  public BatchNormalization axis(int axis) {
    checkConfigurable("axis");
    this.axis = axis;
    return this;
  }

  /** Momentum of the moving averages, in [0, 1]; 0.99 by default. */
  public BatchNormalization momentum(double momentum) {
    checkConfigurable("momentum");
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(where() + ": argument 'momentum' must be in [0, 1], got " + momentum);
    }
    this.momentum = momentum;
    return this;
  }

  /** Added to the variance to avoid dividing by zero, &gt; 0; 1e-3 by default. */
  public BatchNormalization epsilon(double epsilon) {
    checkConfigurable("epsilon");
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(where() + ": argument 'epsilon' must be a positive float, got " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /** Whether to add the offset {@code beta}; {@code true} by default. */
  public BatchNormalization center(boolean center) {
    checkConfigurable("center");
    this.center = center;
    return this;
  }

  /** Whether to multiply by {@code gamma}; {@code true} by default. */
  public BatchNormalization scale(boolean scale) {
    checkConfigurable("scale");
    this.scale = scale;
    return this;
  }

  public BatchNormalization betaInitializer(Initializer initializer) {
    checkConfigurable("beta_initializer");
    this.betaInitializer = Objects.requireNonNull(initializer, "beta_initializer");
    return this;
  }

  public BatchNormalization betaInitializer(String name) {
    return betaInitializer(LayerConfigs.initializer(this, "beta_initializer", name));
  }

  public BatchNormalization gammaInitializer(Initializer initializer) {
    checkConfigurable("gamma_initializer");
    this.gammaInitializer = Objects.requireNonNull(initializer, "gamma_initializer");
    return this;
  }

  public BatchNormalization gammaInitializer(String name) {
    return gammaInitializer(LayerConfigs.initializer(this, "gamma_initializer", name));
  }

  public BatchNormalization movingMeanInitializer(Initializer initializer) {
    checkConfigurable("moving_mean_initializer");
    this.movingMeanInitializer = Objects.requireNonNull(initializer, "moving_mean_initializer");
    return this;
  }

  public BatchNormalization movingMeanInitializer(String name) {
    return movingMeanInitializer(LayerConfigs.initializer(this, "moving_mean_initializer", name));
  }

  public BatchNormalization movingVarianceInitializer(Initializer initializer) {
    checkConfigurable("moving_variance_initializer");
    this.movingVarianceInitializer = Objects.requireNonNull(initializer, "moving_variance_initializer");
    return this;
  }

  public BatchNormalization movingVarianceInitializer(String name) {
    return movingVarianceInitializer(LayerConfigs.initializer(this, "moving_variance_initializer", name));
  }

  public BatchNormalization betaRegularizer(Regularizer regularizer) {
    checkConfigurable("beta_regularizer");
    this.betaRegularizer = regularizer;
    return this;
  }

  public BatchNormalization gammaRegularizer(Regularizer regularizer) {
    checkConfigurable("gamma_regularizer");
    this.gammaRegularizer = regularizer;
    return this;
  }

  public BatchNormalization betaConstraint(Constraint constraint) {
    checkConfigurable("beta_constraint");
    this.betaConstraint = constraint;
    return this;
  }

  public BatchNormalization gammaConstraint(Constraint constraint) {
    checkConfigurable("gamma_constraint");
    this.gammaConstraint = constraint;
    return this;
  }

  /**
   * Keras' {@code synchronized=}: batch statistics across devices in distributed training. Kept for config
   * fidelity; on one device it changes nothing.
   */
  public BatchNormalization synchronizedStatistics(boolean value) {
    checkConfigurable("synchronized");
    this.synchronizedStatistics = value;
    return this;
  }

  /** The axis as given (-1 by default). */
  public int axis() {
    return axis;
  }

  /** The axis as a non-negative index for inputs of this rank. */
  public int normalizedAxis(int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  /** The axes the batch statistics are computed over: every axis but {@link #normalizedAxis}. */
  public int[] reductionAxes(int rank) {
    int ax = normalizedAxis(rank);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (i != ax) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean center() {
    return center;
  }

  public boolean scale() {
    return scale;
  }

  public boolean synchronizedStatistics() {
    return synchronizedStatistics;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    int rank = in.numDimensions();
    int ax = normalizedAxis(rank);
    if (ax < 0 || ax >= rank) {
      throw error("axis " + axis + " is out of range for an input of rank " + rank + ", shape "
          + Shapes.format(in));
    }
    long size = in.get(ax);
    if (size == Shape.UNKNOWN_SIZE) {
      throw error("axis " + axis + " of the input must have a known size, got shape " + Shapes.format(in));
    }
    if (isBuilt()) {
      Shape built = buildInputShapes().get(0);
      if (built.numDimensions() != rank || built.get(ax) != size) {
        throw error("expected an input of rank " + built.numDimensions() + " with axis " + axis + " of size "
            + built.get(normalizedAxis(built.numDimensions())) + " (built for " + Shapes.format(built)
            + "), got shape " + Shapes.format(in));
      }
    }
    return in;
  }

  @Override
  protected void build(Shape in) {
    Shape shape = Shape.of(in.get(normalizedAxis(in.numDimensions())));
    if (scale) {
      addWeight("gamma", shape, gammaInitializer, gammaRegularizer, gammaConstraint, true);
    }
    if (center) {
      addWeight("beta", shape, betaInitializer, betaRegularizer, betaConstraint, true);
    }
    addWeight("moving_mean", shape, movingMeanInitializer, null, null, false);
    addWeight("moving_variance", shape, movingVarianceInitializer, null, null, false);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", axis);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("center", center);
    c.put("scale", scale);
    c.put("beta_initializer", betaInitializer);
    c.put("gamma_initializer", gammaInitializer);
    c.put("moving_mean_initializer", movingMeanInitializer);
    c.put("moving_variance_initializer", movingVarianceInitializer);
    c.put("beta_regularizer", betaRegularizer);
    c.put("gamma_regularizer", gammaRegularizer);
    c.put("beta_constraint", betaConstraint);
    c.put("gamma_constraint", gammaConstraint);
    c.put("synchronized", synchronizedStatistics);
    return c;
  }
}
