package io.jkeras.constraints;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Caps the norm of the weights along {@code axis} at {@code max_value}: {@code w * clip(norm, 0, max_value) /
 * (epsilon + norm)} (Keras' {@code MaxNorm(max_value=2, axis=0)}). For a Dense kernel {@code (in, out)},
 * axis 0 constrains each unit's incoming weights; for a Conv2D kernel use axes {@code 0, 1, 2}.
 *
 * <pre>{@code
 * new Dense(64).kernelConstraint(new MaxNorm(3.0));
 * new Conv2D(32, 3).kernelConstraint(new MaxNorm(2.0, 0, 1, 2));
 * }</pre>
 */
public final class MaxNorm extends ConfigObject implements Constraint {
  private final double maxValue;
  private final int[] axis;

  public MaxNorm() {
    this(2.0);
  }

  /** @param axis the axes of the norm; 0 if none given */
  public MaxNorm(double maxValue, int... axis) {
    if (!(maxValue >= 0) || Double.isInfinite(maxValue)) {
      throw new IllegalArgumentException("MaxNorm: argument 'max_value' must be a finite number >= 0, got "
          + maxValue);
    }
    this.maxValue = maxValue;
    this.axis = axis.length == 0 ? new int[] {0} : axis.clone();
  }

  public static MaxNorm fromConfig(Map<String, ?> config) {
    return new MaxNorm(ConfigValues.doubleArg(config, "max_value", 2.0, "MaxNorm"),
        ConfigValues.axes(config.get("axis"), "MaxNorm"));
  }

  public double maxValue() {
    return maxValue;
  }

  public int[] axis() {
    return axis.clone();
  }

  @Override
  public float[] apply(float[] values, Shape shape) {
    double[] norms = Norms.norms(values, shape, axis, "MaxNorm");
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      double desired = Math.min(Math.max(norms[i], 0), maxValue);
      out[i] = (float) (values[i] * (desired / (Norms.EPSILON + norms[i])));
    }
    return out;
  }

  @Override
  public String className() {
    return "MaxNorm";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("max_value", maxValue);
    c.put("axis", ConfigValues.axesToConfig(axis));
    return c;
  }
}
