package io.jkeras.initializers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * He normal: truncated normal with stddev sqrt(2 / fan_in). Keras' {@code HeNormal(seed=None)}: {@link
 * VarianceScaling} with scale 2.0, mode {@code fan_in} and distribution {@code truncated_normal}.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new HeNormal(42L));
 * new Dense(64).kernelInitializer("he_normal");
 * }</pre>
 */
public final class HeNormal extends VarianceScaling {
  public HeNormal() {
    this(null);
  }

  /** @param seed the initializer's own seed, or {@code null} */
  public HeNormal(Long seed) {
    super(2.0, "fan_in", "truncated_normal", seed);
  }

  public static HeNormal fromConfig(Map<String, ?> config) {
    return new HeNormal(ConfigValues.seed(config, "HeNormal"));
  }

  @Override
  public String className() {
    return "HeNormal";
  }

  /** Only the seed, as Keras writes it. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed());
    return c;
  }
}
