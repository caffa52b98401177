package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Multiplies the input by 1-centred Gaussian noise of standard deviation {@code sqrt(rate / (1 - rate))} during
 * training; the identity at inference (Keras' {@code GaussianDropout(rate, seed=None)}). No weights.
 *
 * <pre>{@code
 * var y = new GaussianDropout(0.2).apply(x);    // noise stddev 0.5
 * }</pre>
 */
public final class GaussianDropout extends BaseLayer<GaussianDropout> {
  private final double rate;
  private Long seed;

  /** @param rate the drop probability it imitates, in [0, 1) (1 would make the noise infinite) */
  public GaussianDropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("GaussianDropout: invalid value for argument 'rate'. Expected a float"
          + " value in [0, 1) (the noise's stddev is sqrt(rate / (1 - rate))), got " + rate);
    }
    this.rate = rate;
  }

  /** Rebuilds the layer from Keras' config. */
  public static GaussianDropout fromConfig(Map<String, ?> config) {
    Object r = config.get("rate");
    if (!(r instanceof Number n)) {
      throw new IllegalArgumentException("GaussianDropout config needs a number 'rate', got " + r);
    }
    GaussianDropout g = new GaussianDropout(n.doubleValue());
    g.applyBaseConfig(config);
    Long seed = ConfigValues.seed(config, "GaussianDropout");
    if (seed != null) {
      g.seed(seed);
    }
    return g;
  }

  /** A seed for the noise, for reproducible training. */
  public GaussianDropout seed(long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    return this;
  }

  public double rate() {
    return rate;
  }

  /** The noise's standard deviation, {@code sqrt(rate / (1 - rate))}. */
  public double stddev() {
    return Math.sqrt(rate / (1 - rate));
  }

  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    return in;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rate", rate);
    c.put("seed", seed);
    return c;
  }
}
