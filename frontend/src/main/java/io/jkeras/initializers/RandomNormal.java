package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * Normal distribution N(mean, stddev^2) (Keras' {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}). With
 * a seed, every call gives the same values; without, values come from the generator the runtime passes.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new RandomNormal(0.0, 0.05, 42L));
 * new Dense(64).kernelInitializer("random_normal");
 * }</pre>
 */
public final class RandomNormal extends ConfigObject implements Initializer {
  private final double mean;
  private final double stddev;
  private final Long seed;

  /** Keras' defaults: mean=0.0, stddev=0.05, unseeded. */
  public RandomNormal() {
    this(0.0, 0.05, null);
  }

  public RandomNormal(double mean, double stddev) {
    this(mean, stddev, null);
  }

  /** @param seed the initializer's own seed, or {@code null} to draw from the runtime's generator */
  public RandomNormal(double mean, double stddev, Long seed) {
    check(mean, stddev);
    this.mean = mean;
    this.stddev = stddev;
    this.seed = seed;
  }

  public static RandomNormal fromConfig(Map<String, ?> config) {
    return new RandomNormal(
        ConfigValues.doubleArg(config, "mean", 0.0, "RandomNormal"),
        ConfigValues.doubleArg(config, "stddev", 0.05, "RandomNormal"),
        ConfigValues.seed(config, "RandomNormal"));
  }

  public double mean() {
    return mean;
  }

  public double stddev() {
    return stddev;
  }

  /** The initializer's own seed, {@code null} if unseeded. */
  public Long seed() {
    return seed;
  }

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    int n = Sampling.size(shape, "RandomNormal");
    return Sampling.normal(n, mean, stddev, Sampling.generator(seed, random));
  }

  @Override
  public String className() {
    return "RandomNormal";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    c.put("mean", mean);
    c.put("stddev", stddev);
    return c;
  }

  private static void check(double mean, double stddev) {
    if (!Double.isFinite(mean) || !(stddev >= 0) || Double.isInfinite(stddev)) {
      throw new IllegalArgumentException("RandomNormal: 'mean' must be finite and 'stddev' finite and >= 0, got"
          + " mean=" + mean + ", stddev=" + stddev);
    }
  }
}
