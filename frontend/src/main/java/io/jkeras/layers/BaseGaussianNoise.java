package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * The shared part of {@link GaussianNoise} and {@link GaussianDropout}: one number argument ({@code stddev} or
 * {@code rate}) and an optional {@code seed}, the identity at inference, the input's shape. No weights.
 *
 * @param <L> the concrete noise layer
 */
public abstract class BaseGaussianNoise<L extends BaseGaussianNoise<L>> extends BaseLayer<L> {
  private final String argument;
  private final double value;
  private Long seed;

  /** @param argument the Keras name of {@code value}, its config key */
  BaseGaussianNoise(String argument, double value) {
    this.argument = argument;
    this.value = value;
  }

  /** The number argument of Keras' config; an error naming the layer when missing or not a number. */
  static double configNumber(Map<String, ?> config, String key, String className) {
    Object v = config.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(className + " config needs a number '" + key + "', got " + v);
    }
    return n.doubleValue();
  }

  /** Reads the base config and the seed of Keras' config into {@code layer}. */
  static <L extends BaseGaussianNoise<L>> L configure(L layer, Map<String, ?> config) {
    layer.applyBaseConfig(config);
    Long seed = ConfigValues.seed(config, layer.className());
    if (seed != null) {
      layer.seed(seed);
    }
    return layer;
  }

  /** The number argument ({@code stddev} or {@code rate}). */
  final double value() {
    return value;
  }

  /** A seed for the noise, for reproducible training. */
  public L seed(long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    return self();
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
    c.put(argument, value);
    c.put("seed", seed);
    return c;
  }
}
