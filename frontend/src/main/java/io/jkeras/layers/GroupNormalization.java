package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.Ops;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Group normalization (Keras' {@code GroupNormalization(groups=32, axis=-1, epsilon=1e-3)}): the channels are
 * split into {@code groups}; each group of each sample is normalized over its channels and every other
 * non-batch axis, then scaled by {@code gamma} and shifted by {@code beta} per channel. Same in training and
 * inference. Written in ops, as Keras' own. Channels last ({@code axis=-1}) only.
 *
 * <pre>{@code
 * var y = new GroupNormalization(4).apply(x);   // (None, 8, 8, 16): 4 groups of 4 channels, 32 params
 * }</pre>
 */
public final class GroupNormalization extends BaseLayer<GroupNormalization> {
  private final int groups;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private Initializer betaInitializer = Initializers.get("zeros");
  private Initializer gammaInitializer = Initializers.get("ones");
  private Variable gamma;
  private Variable beta;

  /** 32 groups, Keras' default. */
  public GroupNormalization() {
    this(32);
  }

  /** @param groups the number of groups, dividing the channel count */
  public GroupNormalization(int groups) {
    if (groups <= 0) {
      throw new IllegalArgumentException("GroupNormalization: argument 'groups' must be positive, got " + groups);
    }
    this.groups = groups;
  }

  /** Rebuilds the layer from Keras' config. */
  public static GroupNormalization fromConfig(Map<String, ?> config) {
    GroupNormalization g = new GroupNormalization(config.containsKey("groups")
        ? LayerConfigs.intArg(config, "groups", "GroupNormalization") : 32);
    g.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "axis", a -> {
      if (((Number) a).intValue() != -1) {
        throw new IllegalArgumentException("GroupNormalization: jkeras normalizes the last axis only (axis=-1), got "
            + a);
      }
    });
    LayerConfigs.ifPresent(config, "epsilon", v -> g.epsilon(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "center", v -> g.center((Boolean) v));
    LayerConfigs.ifPresent(config, "scale", v -> g.scale((Boolean) v));
    LayerConfigs.ifPresent(config, "beta_initializer", v -> g.betaInitializer = Initializers.fromConfig(v));
    LayerConfigs.ifPresent(config, "gamma_initializer", v -> g.gammaInitializer = Initializers.fromConfig(v));
    return g;
  }

  /** Added to the variance before its square root; 1e-3 by default. */
  public GroupNormalization epsilon(double epsilon) {
    checkConfigurable("epsilon");
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("GroupNormalization: argument 'epsilon' must be > 0, got " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /** Whether to add {@code beta}; true by default. */
  public GroupNormalization center(boolean center) {
    checkConfigurable("center");
    this.center = center;
    return this;
  }

  /** Whether to multiply by {@code gamma}; true by default. */
  public GroupNormalization scale(boolean scale) {
    checkConfigurable("scale");
    this.scale = scale;
    return this;
  }

  public int groups() {
    return groups;
  }

  @Override
  protected void build(Shape in) {
    long c = in.get(in.numDimensions() - 1);
    if (in.numDimensions() < 2 || c == Shape.UNKNOWN_SIZE) {
      throw error("the channel axis (last) must be known, got shape " + Shapes.format(in));
    }
    if (c < groups) {
      throw error("number of groups (" + groups + ") cannot be more than the number of channels (" + c + ")");
    }
    if (c % groups != 0) {
      throw error("number of groups (" + groups + ") must be a multiple of the number of channels (" + c + ")");
    }
    if (scale) {
      gamma = addWeight("gamma", Shape.of(c), gammaInitializer, null, null, true);
    }
    if (center) {
      beta = addWeight("beta", Shape.of(c), betaInitializer, null, null, true);
    }
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    Shape in = x.shape();
    int r = in.numDimensions();
    long c = in.get(r - 1);
    long[] grouped = new long[r + 1];
    grouped[0] = -1;
    long[] back = new long[r];
    back[0] = -1;
    for (int i = 1; i < r - 1; i++) {
      if (in.get(i) == Shape.UNKNOWN_SIZE) {
        throw error("needs known sizes on every axis but the batch, got shape " + Shapes.format(in));
      }
      grouped[i] = in.get(i);
      back[i] = in.get(i);
    }
    grouped[r - 1] = groups;
    grouped[r] = c / groups;
    back[r - 1] = c;
    SymbolicTensor g = Ops.reshape(x, grouped);
    int[] axes = new int[r - 1];   // every axis but the batch and the group axis
    for (int i = 1, k = 0; i <= r; i++) {
      if (i != r - 1) {
        axes[k++] = i;
      }
    }
    List<SymbolicTensor> mv = Ops.moments(g, true, axes);
    SymbolicTensor inv = Ops.divide(1.0, Ops.sqrt(Ops.add(mv.get(1), epsilon)));
    long[] weightShape = new long[r + 1];
    java.util.Arrays.fill(weightShape, 1);
    weightShape[r - 1] = groups;
    weightShape[r] = c / groups;
    if (gamma != null) {
      inv = Ops.multiply(inv, Ops.reshape(gamma, weightShape));
    }
    SymbolicTensor shift = Ops.negative(Ops.multiply(mv.get(0), inv));
    if (beta != null) {
      shift = Ops.add(shift, Ops.reshape(beta, weightShape));
    }
    return Ops.reshape(Ops.add(Ops.multiply(g, inv), shift), back);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("groups", groups);
    c.put("axis", -1);
    c.put("epsilon", epsilon);
    c.put("center", center);
    c.put("scale", scale);
    c.put("beta_initializer", betaInitializer);
    c.put("gamma_initializer", gammaInitializer);
    c.put("beta_regularizer", null);
    c.put("gamma_regularizer", null);
    c.put("beta_constraint", null);
    c.put("gamma_constraint", null);
    return c;
  }
}
