package io.jkeras.layers;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * Normalizes each example over {@code axis} (Keras' {@code LayerNormalization}, Ba et al. 2016): {@code y =
 * (x - mean) / sqrt(var + epsilon) * gamma + beta}, with the mean and the (biased) variance taken per example
 * over the normalized axes. With {@code rms_scaling}, {@code y = x / sqrt(var + epsilon) * gamma} (Keras 3's
 * formula: the variance, not the mean square). Weights, in Keras' order: {@code gamma} (with {@code scale} or
 * {@code rms_scaling}) and {@code beta} (with {@code center} and without {@code rms_scaling}), both trainable,
 * of the shape of the normalized axes: 2 * C parameters on the default last axis.
 *
 * <pre>{@code
 * var y = new LayerNormalization().apply(x);                      // (None, 8, 32) -> 64 params
 * var z = new LayerNormalization().axis(1, 2).epsilon(1e-6).apply(img);
 * }</pre>
 */
public final class LayerNormalization extends BaseLayer<LayerNormalization> {
  private int[] axis = {-1};
  private boolean axisAsList = false;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private boolean rmsScaling = false;
  private Initializer betaInitializer = Initializers.get("zeros");
  private Initializer gammaInitializer = Initializers.get("ones");
  private Regularizer betaRegularizer;
  private Regularizer gammaRegularizer;
  private Constraint betaConstraint;
  private Constraint gammaConstraint;

  public LayerNormalization() {}

  /** Rebuilds the layer from Keras' config. */
  public static LayerNormalization fromConfig(Map<String, ?> config) {
    LayerNormalization l = new LayerNormalization();
    l.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "axis", v -> {
      if (v instanceof List<?> list) {
        l.axis(list.stream().mapToInt(o -> ((Number) o).intValue()).toArray());
      } else {
        l.axis(((Number) v).intValue());
      }
    });
    LayerConfigs.ifPresent(config, "epsilon", v -> l.epsilon(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "center", v -> l.center((Boolean) v));
    LayerConfigs.ifPresent(config, "scale", v -> l.scale((Boolean) v));
    LayerConfigs.ifPresent(config, "rms_scaling", v -> l.rmsScaling((Boolean) v));
    LayerConfigs.ifPresent(config, "beta_initializer", v -> l.betaInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "gamma_initializer", v -> l.gammaInitializer(Initializers.fromConfig(v)));
    LayerConfigs.ifPresent(config, "beta_regularizer", v -> l.betaRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "gamma_regularizer", v -> l.gammaRegularizer(LayerConfigs.regularizer(v)));
    LayerConfigs.ifPresent(config, "beta_constraint", v -> l.betaConstraint(LayerConfigs.constraint(v)));
    LayerConfigs.ifPresent(config, "gamma_constraint", v -> l.gammaConstraint(LayerConfigs.constraint(v)));
    return l;
  }

  private String where() {
    return "Layer '" + nameForMessages() + "' (LayerNormalization)";
  }

  /** The axis to normalize over, -1 (the features axis) by default; negative counts from the end. */
  public LayerNormalization axis(int axis) {
    checkConfigurable("axis");
    this.axis = new int[] {axis};
    this.axisAsList = false;
    return this;
  }

  /** Several axes normalized together (Keras' {@code axis=[1, 2, 3]}); gamma and beta span all of them. */
  public LayerNormalization axis(int... axes) {
    checkConfigurable("axis");
    if (axes.length == 0) {
      throw new IllegalArgumentException(where() + ": argument 'axis' needs at least one axis");
    }
    this.axis = axes.clone();
    this.axisAsList = true;
    return this;
  }

  /** Added to the variance to avoid dividing by zero; 1e-3 by default. */
  public LayerNormalization epsilon(double epsilon) {
    checkConfigurable("epsilon");
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(where() + ": argument 'epsilon' must be a positive float, got " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /** Whether to add the offset {@code beta}; {@code true} by default. */
  public LayerNormalization center(boolean center) {
    checkConfigurable("center");
    this.center = center;
    return this;
  }

  /** Whether to multiply by {@code gamma}; {@code true} by default. */
  public LayerNormalization scale(boolean scale) {
    checkConfigurable("scale");
    this.scale = scale;
    return this;
  }

  /** Keras' {@code rms_scaling}: ignore {@code center} and {@code scale}, scale by gamma / sqrt(var + eps). */
  public LayerNormalization rmsScaling(boolean rmsScaling) {
    checkConfigurable("rms_scaling");
    this.rmsScaling = rmsScaling;
    return this;
  }

  public LayerNormalization betaInitializer(Initializer initializer) {
    checkConfigurable("beta_initializer");
    this.betaInitializer = Objects.requireNonNull(initializer, "beta_initializer");
    return this;
  }

  public LayerNormalization betaInitializer(String name) {
    return betaInitializer(LayerConfigs.initializer(this, "beta_initializer", name));
  }

  public LayerNormalization gammaInitializer(Initializer initializer) {
    checkConfigurable("gamma_initializer");
    this.gammaInitializer = Objects.requireNonNull(initializer, "gamma_initializer");
    return this;
  }

  public LayerNormalization gammaInitializer(String name) {
    return gammaInitializer(LayerConfigs.initializer(this, "gamma_initializer", name));
  }

  public LayerNormalization betaRegularizer(Regularizer regularizer) {
    checkConfigurable("beta_regularizer");
    this.betaRegularizer = regularizer;
    return this;
  }

  public LayerNormalization gammaRegularizer(Regularizer regularizer) {
    checkConfigurable("gamma_regularizer");
    this.gammaRegularizer = regularizer;
    return this;
  }

  public LayerNormalization betaConstraint(Constraint constraint) {
    checkConfigurable("beta_constraint");
    this.betaConstraint = constraint;
    return this;
  }

  public LayerNormalization gammaConstraint(Constraint constraint) {
    checkConfigurable("gamma_constraint");
    this.gammaConstraint = constraint;
    return this;
  }

  /** The axes as given. */
  public int[] axis() {
    return axis.clone();
  }

  /** The axes as non-negative indices for inputs of this rank, in the order given. */
  public int[] normalizedAxes(int rank) {
    return Arrays.stream(axis).map(a -> a < 0 ? a + rank : a).toArray();
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

  public boolean rmsScaling() {
    return rmsScaling;
  }

  /** Whether the layer has a {@code gamma} weight. */
  public boolean hasGamma() {
    return scale || rmsScaling;
  }

  /** Whether the layer has a {@code beta} weight. */
  public boolean hasBeta() {
    return center && !rmsScaling;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    int rank = in.numDimensions();
    int[] axes = normalizedAxes(rank);
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] < 0 || axes[i] >= rank) {
        throw error("axis " + axis[i] + " is out of bounds for an input of rank " + rank + ", shape "
            + Shapes.format(in));
      }
      if (axes[i] == 0) {
        throw error("axis " + axis[i] + " is the batch axis; normalize over feature axes, got input shape "
            + Shapes.format(in));
      }
      if (in.get(axes[i]) == Shape.UNKNOWN_SIZE) {
        throw error("axis " + axis[i] + " of the input must have a known size, got shape " + Shapes.format(in));
      }
    }
    if (isBuilt()) {
      Shape built = buildInputShapes().get(0);
      boolean ok = built.numDimensions() == rank;
      for (int i = 0; ok && i < axes.length; i++) {
        ok = built.get(axes[i]) == in.get(axes[i]);
      }
      if (!ok) {
        throw error("expected an input matching " + Shapes.format(built) + " on axis "
            + Arrays.toString(axis) + " (the shape it was built for), got shape " + Shapes.format(in));
      }
    }
    return in;
  }

  @Override
  protected void build(Shape in) {
    int[] axes = normalizedAxes(in.numDimensions());
    long[] dims = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      dims[i] = in.get(axes[i]);
    }
    Shape shape = Shape.of(dims);
    if (hasGamma()) {
      addWeight("gamma", shape, gammaInitializer, gammaRegularizer, gammaConstraint, true);
    }
    if (hasBeta()) {
      addWeight("beta", shape, betaInitializer, betaRegularizer, betaConstraint, true);
    }
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    // Keras keeps an int axis until build, which turns it into a list.
    if (axisAsList || isBuilt()) {
      List<Integer> list = new ArrayList<>();
      for (int a : axis) {
        list.add(a);
      }
      c.put("axis", list);
    } else {
      c.put("axis", axis[0]);
    }
    c.put("epsilon", epsilon);
    c.put("center", center);
    c.put("scale", scale);
    c.put("rms_scaling", rmsScaling);
    c.put("beta_initializer", betaInitializer);
    c.put("gamma_initializer", gammaInitializer);
    c.put("beta_regularizer", betaRegularizer);
    c.put("gamma_regularizer", gammaRegularizer);
    c.put("beta_constraint", betaConstraint);
    c.put("gamma_constraint", gammaConstraint);
    return c;
  }
}
