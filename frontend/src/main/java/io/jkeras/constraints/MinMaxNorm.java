package io.jkeras.constraints;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Keeps the norm of the weights along {@code axis} between {@code min_value} and {@code max_value}, moving it
 * by {@code rate}: {@code desired = rate * clip(norm, min, max) + (1 - rate) * norm}, {@code w * desired /
 * (epsilon + norm)} (Keras' {@code MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)}).
 *
 * <pre>{@code
 * new Dense(64).kernelConstraint(new MinMaxNorm(0.5, 1.0, 1.0));
 * }</pre>
 */
public final class MinMaxNorm extends ConfigObject implements Constraint {
  private final double minValue;
  private final double maxValue;
  private final double rate;
  private final int[] axis;

  public MinMaxNorm() {
    this(0.0, 1.0, 1.0);
  }

  /** @param axis the axes of the norm; 0 if none given */
  public MinMaxNorm(double minValue, double maxValue, double rate, int... axis) {
    if (!Double.isFinite(minValue) || !Double.isFinite(maxValue) || minValue > maxValue) {
      throw new IllegalArgumentException("MinMaxNorm: need finite min_value <= max_value, got min_value="
          + minValue + ", max_value=" + maxValue);
    }
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("MinMaxNorm: argument 'rate' must be in [0, 1], got " + rate);
    }
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.rate = rate;
    this.axis = axis.length == 0 ? new int[] {0} : axis.clone();
  }

  public static MinMaxNorm fromConfig(Map<String, ?> config) {
    return new MinMaxNorm(
        ConfigValues.doubleArg(config, "min_value", 0.0, "MinMaxNorm"),
        ConfigValues.doubleArg(config, "max_value", 1.0, "MinMaxNorm"),
        ConfigValues.doubleArg(config, "rate", 1.0, "MinMaxNorm"),
        ConfigValues.axes(config.get("axis"), "MinMaxNorm"));
  }

  public double minValue() {
    return minValue;
  }

  public double maxValue() {
    return maxValue;
  }

  public double rate() {
    return rate;
  }

  public int[] axis() {
    return axis.clone();
  }

  @Override
  public float[] apply(float[] values, Shape shape) {
    double[] norms = Norms.norms(values, shape, axis, "MinMaxNorm");
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      double clipped = Math.min(Math.max(norms[i], minValue), maxValue);
      double desired = rate * clipped + (1 - rate) * norms[i];
      out[i] = (float) (values[i] * (desired / (Norms.EPSILON + norms[i])));
    }
    return out;
  }

  @Override
  public String className() {
    return "MinMaxNorm";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("min_value", minValue);
    c.put("max_value", maxValue);
    c.put("rate", rate);
    c.put("axis", ConfigValues.axesToConfig(axis));
    return c;
  }
}
