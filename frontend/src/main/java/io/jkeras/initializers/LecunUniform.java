package io.jkeras.initializers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LeCun uniform: U(-limit, limit) with limit = sqrt(3 / fan_in). Keras' {@code LecunUniform(seed=None)}:
 * {@link VarianceScaling} with scale 1.0, mode {@code fan_in} and distribution {@code uniform}.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new LecunUniform(42L));
 * new Dense(64).kernelInitializer("lecun_uniform");
 * }</pre>
 */
public final class LecunUniform extends VarianceScaling {
  public LecunUniform() {
    this(null);
  }

  /** @param seed the initializer's own seed, or {@code null} */
  public LecunUniform(Long seed) {
    super(1.0, "fan_in", "uniform", seed);
  }

  public static LecunUniform fromConfig(Map<String, ?> config) {
    return new LecunUniform(ConfigValues.seed(config, "LecunUniform"));
  }

  @Override
  public String className() {
    return "LecunUniform";
  }

  /** Only the seed, as Keras writes it. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed());
    return c;
  }
}
