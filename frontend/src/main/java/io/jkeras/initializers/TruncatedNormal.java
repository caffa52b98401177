package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * Normal distribution N(mean, stddev^2) with values more than two standard deviations from the mean re-drawn
 * (Keras' {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}). With a seed, every call gives the same
 * values; without, values come from the generator the runtime passes.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new TruncatedNormal(0.0, 0.05, 42L));
 * new Dense(64).kernelInitializer("truncated_normal");
 * }</pre>
 */
public final class TruncatedNormal extends ConfigObject implements Initializer {
  private final double mean;
  private final double stddev;
  private final Long seed;

  /** Keras' defaults: mean=0.0, stddev=0.05, unseeded. */
  public TruncatedNormal() {
    this(0.0, 0.05, null);
  }

  public TruncatedNormal(double mean, double stddev) {
    this(mean, stddev, null);
  }

  /** @param seed the initializer's own seed, or {@code null} to draw from the runtime's generator */
  public TruncatedNormal(double mean, double stddev, Long seed) {
    check(mean, stddev);
    this.mean = mean;
    this.stddev = stddev;
    this.seed = seed;
  }

  public static TruncatedNormal fromConfig(Map<String, ?> config) {
    return new TruncatedNormal(
        ConfigValues.doubleArg(config, "mean", 0.0, "TruncatedNormal"),
        ConfigValues.doubleArg(config, "stddev", 0.05, "TruncatedNormal"),
        ConfigValues.seed(config, "TruncatedNormal"));
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
    int n = Sampling.size(shape, "TruncatedNormal");
    return Sampling.truncatedNormal(n, mean, stddev, Sampling.generator(seed, random));
  }

  @Override
  public String className() {
    return "TruncatedNormal";
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
      throw new IllegalArgumentException("TruncatedNormal: 'mean' must be finite and 'stddev' finite and >= 0,"
          + " got mean=" + mean + ", stddev=" + stddev);
    }
  }
}
