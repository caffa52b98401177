package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import io.jkeras.util.Shapes;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * The base of {@link SpatialDropout1D} and {@link SpatialDropout2D}: {@link Dropout} whose mask is shared over
 * the spatial axes, so that whole feature maps (channels) are dropped; the identity at inference. No weights.
 *
 * @param <L> the concrete layer class
 */
public abstract class BaseSpatialDropout<L extends BaseSpatialDropout<L>> extends BaseLayer<L> {
  private final double rate;
  private Long seed;

  protected BaseSpatialDropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": argument 'rate' must be a float in [0, 1), got " + rate);
    }
    this.rate = rate;
  }

  /** The {@code rate} of a Keras config, for the subclasses' {@code fromConfig}. */
  static double rateOf(Map<String, ?> config, String className) {
    Object r = config.get("rate");
    if (!(r instanceof Number n)) {
      throw new IllegalArgumentException(className + " config needs a number 'rate', got " + r);
    }
    return n.doubleValue();
  }

  /** Applies the keys every spatial dropout shares ({@code seed} and the base keys). */
  void applySpatialConfig(Map<String, ?> config) {
    applyBaseConfig(config);
    Long s = ConfigValues.seed(config, className());
    if (s != null) {
      seed(s);
    }
  }

  /** A seed for the dropout mask, for reproducible training. */
  public L seed(long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    return self();
  }

  public double rate() {
    return rate;
  }

  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  /** The rank the input must have (3 for 1D, 4 for 2D). */
  protected abstract int inputRank();

  /**
   * Whether axis {@code axis} of an input of this layer's rank keeps its own mask entry (batch and channels) or
   * shares one (the spatial axes).
   */
  public abstract boolean ownMaskAxis(int axis);

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != inputRank()) {
      throw error("expects an input of rank " + inputRank() + ", got shape " + Shapes.format(in));
    }
    return in;
  }

  @Override
  public Map<String, Object> getConfig() {
    // Keras' BaseSpatialDropout.get_config writes only these four, dtype as a bare name and no "trainable"
    Map<String, Object> base = super.getConfig();
    Map<String, Object> c = new java.util.LinkedHashMap<>();
    c.put("rate", rate);
    c.put("seed", seed);
    c.put("name", name());
    c.put("dtype", dtype().kerasName());
    if (base.containsKey("batch_shape")) {
      c.put("batch_shape", base.get("batch_shape"));
    }
    return c;
  }
}
