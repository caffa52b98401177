package io.jkeras.initializers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * He uniform: U(-limit, limit) with limit = sqrt(6 / fan_in). Keras' {@code HeUniform(seed=None)}: {@link
 * VarianceScaling} with scale 2.0, mode {@code fan_in} and distribution {@code uniform}.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new HeUniform(42L));
 * new Dense(64).kernelInitializer("he_uniform");
 * }</pre>
 */
public final class HeUniform extends VarianceScaling {
  public HeUniform() {
    this(null);
  }

  /** @param seed the initializer's own seed, or {@code null} */
  public HeUniform(Long seed) {
    super(2.0, "fan_in", "uniform", seed);
  }

  public static HeUniform fromConfig(Map<String, ?> config) {
    return new HeUniform(ConfigValues.seed(config, "HeUniform"));
  }

  @Override
  public String className() {
    return "HeUniform";
  }

  /** Only the seed, as Keras writes it. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed());
    return c;
  }
}
