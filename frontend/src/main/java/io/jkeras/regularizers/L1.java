package io.jkeras.regularizers;

import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code l1 * sum(|w|)} (Keras' {@code L1(l1=0.01)}).
 *
 * <pre>{@code
 * new Dense(64).kernelRegularizer(new L1(1e-4));
 * }</pre>
 */
public final class L1 extends L1L2 {
  public L1() {
    this(0.01);
  }

  public L1(double l1) {
    super(l1, 0.0);
  }

  public static L1 fromConfig(Map<String, ?> config) {
    return new L1(ConfigValues.doubleArg(config, "l1", 0.01, "L1"));
  }

  @Override
  public String className() {
    return "L1";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l1", l1());
    return c;
  }
}
