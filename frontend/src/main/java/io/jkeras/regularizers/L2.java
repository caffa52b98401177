package io.jkeras.regularizers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code l2 * sum(w^2)} (Keras' {@code L2(l2=0.01)}).
 *
 * <pre>{@code
 * new Dense(64).kernelRegularizer(new L2(1e-4));
 * }</pre>
 */
public final class L2 extends L1L2 {
  public L2() {
    this(0.01);
  }

  public L2(double l2) {
    super(0.0, l2);
  }

  public static L2 fromConfig(Map<String, ?> config) {
    return new L2(ConfigValues.doubleArg(config, "l2", 0.01, "L2"));
  }

  @Override
  public String className() {
    return "L2";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l2", l2());
    return c;
  }
}
