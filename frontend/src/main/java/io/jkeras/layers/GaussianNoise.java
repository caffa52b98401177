package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Adds zero-centred Gaussian noise of standard deviation {@code stddev} during training; the identity at
 * inference (Keras' {@code GaussianNoise(stddev, seed=None)}). No weights.
 *
 * <pre>{@code
 * var y = new GaussianNoise(0.1).apply(x);
 * }</pre>
 */
public final class GaussianNoise extends BaseLayer<GaussianNoise> {
  private final double stddev;
  private Long seed;

  /** @param stddev the noise's standard deviation, in [0, 1] as Keras requires */
  public GaussianNoise(double stddev) {
    if (!(stddev >= 0 && stddev <= 1)) {
      throw new IllegalArgumentException("GaussianNoise: invalid value for argument 'stddev'. Expected a float"
          + " value between 0 and 1, got " + stddev);
    }
    this.stddev = stddev;
  }

  /** Rebuilds the layer from Keras' config. */
  public static GaussianNoise fromConfig(Map<String, ?> config) {
    Object s = config.get("stddev");
    if (!(s instanceof Number n)) {
      throw new IllegalArgumentException("GaussianNoise config needs a number 'stddev', got " + s);
    }
    GaussianNoise g = new GaussianNoise(n.doubleValue());
    g.applyBaseConfig(config);
    Long seed = ConfigValues.seed(config, "GaussianNoise");
    if (seed != null) {
      g.seed(seed);
    }
    return g;
  }

  /** A seed for the noise, for reproducible training. */
  public GaussianNoise seed(long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    return this;
  }

  public double stddev() {
    return stddev;
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
    c.put("stddev", stddev);
    c.put("seed", seed);
    return c;
  }
}
