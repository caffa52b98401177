package io.jkeras.initializers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glorot (Xavier) normal: truncated normal with stddev sqrt(2 / (fan_in + fan_out)). Keras' {@code
 * GlorotNormal(seed=None)}: {@link VarianceScaling} with scale 1.0, mode {@code fan_avg} and distribution
 * {@code truncated_normal}.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new GlorotNormal(42L));
 * new Dense(64).kernelInitializer("glorot_normal");
 * }</pre>
 */
public final class GlorotNormal extends VarianceScaling {
  public GlorotNormal() {
    this(null);
  }

  /** @param seed the initializer's own seed, or {@code null} */
  public GlorotNormal(Long seed) {
    super(1.0, "fan_avg", "truncated_normal", seed);
  }

  public static GlorotNormal fromConfig(Map<String, ?> config) {
    return new GlorotNormal(ConfigValues.seed(config, "GlorotNormal"));
  }

  @Override
  public String className() {
    return "GlorotNormal";
  }

  /** Only the seed, as Keras writes it. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed());
    return c;
  }
}
