package io.jkeras.initializers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LeCun normal: truncated normal with stddev sqrt(1 / fan_in). Keras' {@code LecunNormal(seed=None)}: {@link
 * VarianceScaling} with scale 1.0, mode {@code fan_in} and distribution {@code truncated_normal}.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new LecunNormal(42L));
 * new Dense(64).kernelInitializer("lecun_normal");
 * }</pre>
 */
public final class LecunNormal extends VarianceScaling {
  public LecunNormal() {
    this(null);
  }

  /** @param seed the initializer's own seed, or {@code null} */
  public LecunNormal(Long seed) {
    super(1.0, "fan_in", "truncated_normal", seed);
  }

  public static LecunNormal fromConfig(Map<String, ?> config) {
    return new LecunNormal(ConfigValues.seed(config, "LecunNormal"));
  }

  @Override
  public String className() {
    return "LecunNormal";
  }

  /** Only the seed, as Keras writes it. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed());
    return c;
  }
}
