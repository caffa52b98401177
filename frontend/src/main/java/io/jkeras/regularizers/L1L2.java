package io.jkeras.regularizers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both penalties, {@code l1 * sum(|w|) + l2 * sum(w^2)} (Keras' {@code L1L2(l1=0.0, l2=0.0)}).
 *
 * <pre>{@code
 * new Dense(64).kernelRegularizer(new L1L2(1e-5, 1e-4));
 * }</pre>
 */
public class L1L2 extends ConfigObject implements Regularizer {
  private final double l1;
  private final double l2;

  public L1L2() {
    this(0.0, 0.0);
  }

  public L1L2(double l1, double l2) {
    this.l1 = check(l1, "l1");
    this.l2 = check(l2, "l2");
  }

  public static L1L2 fromConfig(Map<String, ?> config) {
    return new L1L2(
        ConfigValues.doubleArg(config, "l1", 0.0, "L1L2"), ConfigValues.doubleArg(config, "l2", 0.0, "L1L2"));
  }

  /** The L1 factor. */
  public double l1() {
    return l1;
  }

  /** The L2 factor. */
  public double l2() {
    return l2;
  }

  /** Keras' {@code validate_float_arg}: a non-negative finite number. */
  final double check(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          className() + ": invalid value for argument '" + name + "': expected a non-negative float, got "
              + value);
    }
    return value;
  }

  @Override
  public double penalty(float[] values) {
    double abs = 0;
    double sq = 0;
    for (float v : values) {
      abs += Math.abs(v);
      sq += (double) v * v;
    }
    double p = 0;
    if (l1 != 0) {
      p += l1 * abs;
    }
    if (l2 != 0) {
      p += l2 * sq;
    }
    return p;
  }

  @Override
  public String className() {
    return "L1L2";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("l1", l1);
    c.put("l2", l2);
    return c;
  }
}
