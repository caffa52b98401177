package io.jkeras.initializers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glorot (Xavier) uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)); Keras' default for
 * kernels. Keras' {@code GlorotUniform(seed=None)}: {@link VarianceScaling} with scale 1.0, mode {@code
 * fan_avg} and distribution {@code uniform}.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new GlorotUniform(42L));
 * new Dense(64).kernelInitializer("glorot_uniform");
 * }</pre>
 */
public final class GlorotUniform extends VarianceScaling {
  public GlorotUniform() {
    this(null);
  }

  /** @param seed the initializer's own seed, or {@code null} */
  public GlorotUniform(Long seed) {
    super(1.0, "fan_avg", "uniform", seed);
  }

  public static GlorotUniform fromConfig(Map<String, ?> config) {
    return new GlorotUniform(ConfigValues.seed(config, "GlorotUniform"));
  }

  @Override
  public String className() {
    return "GlorotUniform";
  }

  /** Only the seed, as Keras writes it. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed());
    return c;
  }
}
