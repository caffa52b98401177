package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * Uniform distribution on [minval, maxval) (Keras' {@code RandomUniform(minval=-0.05, maxval=0.05,
 * seed=None)}). With a seed, every call gives the same values; without, values come from the generator the
 * runtime passes.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new RandomUniform(-0.05, 0.05, 42L));
 * new Dense(64).kernelInitializer("random_uniform");
 * }</pre>
 */
public final class RandomUniform extends ConfigObject implements Initializer {
  private final double minVal;
  private final double maxVal;
  private final Long seed;

  /** Keras' defaults: minval=-0.05, maxval=0.05, unseeded. */
  public RandomUniform() {
    this(-0.05, 0.05, null);
  }

  public RandomUniform(double minVal, double maxVal) {
    this(minVal, maxVal, null);
  }

  /** @param seed the initializer's own seed, or {@code null} to draw from the runtime's generator */
  public RandomUniform(double minVal, double maxVal, Long seed) {
    check(minVal, maxVal);
    this.minVal = minVal;
    this.maxVal = maxVal;
    this.seed = seed;
  }

  public static RandomUniform fromConfig(Map<String, ?> config) {
    return new RandomUniform(
        ConfigValues.doubleArg(config, "minval", -0.05, "RandomUniform"),
        ConfigValues.doubleArg(config, "maxval", 0.05, "RandomUniform"),
        ConfigValues.seed(config, "RandomUniform"));
  }

  public double minVal() {
    return minVal;
  }

  public double maxVal() {
    return maxVal;
  }

  /** The initializer's own seed, {@code null} if unseeded. */
  public Long seed() {
    return seed;
  }

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    int n = Sampling.size(shape, "RandomUniform");
    return Sampling.uniform(n, minVal, maxVal, Sampling.generator(seed, random));
  }

  @Override
  public String className() {
    return "RandomUniform";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    c.put("minval", minVal);
    c.put("maxval", maxVal);
    return c;
  }

  private static void check(double minVal, double maxVal) {
    if (!Double.isFinite(minVal) || !Double.isFinite(maxVal) || minVal > maxVal) {
      throw new IllegalArgumentException("RandomUniform: need finite minval <= maxval, got minval=" + minVal
          + ", maxval=" + maxVal);
    }
  }
}
