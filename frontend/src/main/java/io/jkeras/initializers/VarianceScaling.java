package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * Values scaled to the weight's fans (Keras' {@code VarianceScaling(scale=1.0, mode="fan_in",
 * distribution="truncated_normal", seed=None)}): with {@code n} the fan of {@code mode} (the mean of both for
 * {@code fan_avg}, at least 1), normal distributions have standard deviation {@code sqrt(scale / n)} (after
 * truncation at two standard deviations for {@code truncated_normal}, hence Keras' correction {@code /
 * 0.87962566103423978}), and {@code uniform} draws from {@code [-sqrt(3 * scale / n), sqrt(3 * scale / n)]}.
 * The fans follow {@link #computeFans}: a conv kernel {@code (kh, kw, in, out)} has {@code fan_in = kh * kw *
 * in} and {@code fan_out = kh * kw * out}.
 *
 * <pre>{@code
 * new Conv2D(32, 3).kernelInitializer(new VarianceScaling(2.0, "fan_out", "untruncated_normal", 7L));
 * }</pre>
 */
public class VarianceScaling extends ConfigObject implements Initializer {
  /** Standard deviation of a standard normal truncated to [-2, 2]. */
  static final double TRUNCATED_STDDEV = 0.87962566103423978;

  private static final Set<String> MODES = Set.of("fan_in", "fan_out", "fan_avg");
  private static final Set<String> DISTRIBUTIONS = Set.of("truncated_normal", "untruncated_normal", "uniform");

  private final double scale;
  private final String mode;
  private final String distribution;
  private final Long seed;

  /** Keras' defaults: scale 1, fan_in, truncated_normal, unseeded. */
  public VarianceScaling() {
    this(1.0, "fan_in", "truncated_normal", null);
  }

  public VarianceScaling(double scale, String mode, String distribution) {
    this(scale, mode, distribution, null);
  }

  /**
   * @param scale positive scaling factor
   * @param mode {@code fan_in}, {@code fan_out} or {@code fan_avg}
   * @param distribution {@code truncated_normal} ({@code normal} is read as it, as in Keras), {@code
   *     untruncated_normal} or {@code uniform}
   * @param seed the initializer's own seed, or {@code null}
   */
  public VarianceScaling(double scale, String mode, String distribution, Long seed) {
    String where = className();
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(where + ": argument 'scale' must be a positive float, got " + scale);
    }
    if (mode == null || !MODES.contains(mode)) {
      throw new IllegalArgumentException(
          where + ": invalid 'mode' argument '" + mode + "'; use one of [fan_in, fan_out, fan_avg]");
    }
    String d = distribution == null ? null : distribution.toLowerCase(Locale.ROOT);
    if ("normal".equals(d)) {
      d = "truncated_normal";
    }
    if (d == null || !DISTRIBUTIONS.contains(d)) {
      throw new IllegalArgumentException(where + ": invalid 'distribution' argument '" + distribution
          + "'; use one of [truncated_normal, untruncated_normal, uniform]");
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = d;
    this.seed = seed;
  }

  public static VarianceScaling fromConfig(Map<String, ?> config) {
    return new VarianceScaling(
        ConfigValues.doubleArg(config, "scale", 1.0, "VarianceScaling"),
        ConfigValues.stringArg(config, "mode", "fan_in", "VarianceScaling"),
        ConfigValues.stringArg(config, "distribution", "truncated_normal", "VarianceScaling"),
        ConfigValues.seed(config, "VarianceScaling"));
  }

  /**
   * Keras' {@code compute_fans}: {@code {fan_in, fan_out}}; a scalar has 1 and 1, a vector its length twice, a
   * matrix {@code (in, out)}, and a conv kernel {@code (..., in, out)} multiplies both by the receptive field
   * (the product of the leading dimensions).
   */
  public static long[] computeFans(Shape shape) {
    int rank = shape.numDimensions();
    if (rank < 1) {
      return new long[] {1, 1};
    }
    if (rank == 1) {
      return new long[] {shape.get(0), shape.get(0)};
    }
    if (rank == 2) {
      return new long[] {shape.get(0), shape.get(1)};
    }
    long receptive = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptive *= shape.get(i);
    }
    return new long[] {shape.get(rank - 2) * receptive, shape.get(rank - 1) * receptive};
  }

  public double scale() {
    return scale;
  }

  public String mode() {
    return mode;
  }

  public String distribution() {
    return distribution;
  }

  /** The initializer's own seed, {@code null} if unseeded. */
  public Long seed() {
    return seed;
  }

  /** {@code scale / max(1, n)} for the fan {@code n} of {@code mode}: the target variance. */
  public double variance(Shape shape) {
    long[] fans = computeFans(shape);
    double n = switch (mode) {
      case "fan_in" -> fans[0];
      case "fan_out" -> fans[1];
      default -> (fans[0] + fans[1]) / 2.0;
    };
    return scale / Math.max(1.0, n);
  }

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    int size = Sampling.size(shape, className());
    double s = variance(shape);
    RandomGenerator r = Sampling.generator(seed, random);
    return switch (distribution) {
      case "truncated_normal" -> Sampling.truncatedNormal(size, 0.0, Math.sqrt(s) / TRUNCATED_STDDEV, r);
      case "untruncated_normal" -> Sampling.normal(size, 0.0, Math.sqrt(s), r);
      default -> {
        double limit = Math.sqrt(3.0 * s);
        yield Sampling.uniform(size, -limit, limit, r);
      }
    };
  }

  @Override
  public String className() {
    return "VarianceScaling";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    c.put("scale", scale);
    c.put("mode", mode);
    c.put("distribution", distribution);
    return c;
  }
}
