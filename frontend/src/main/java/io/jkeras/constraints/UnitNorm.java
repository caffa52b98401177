package io.jkeras.constraints;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Scales the weights along {@code axis} to unit norm: {@code w / (epsilon + norm)} (Keras' {@code
 * UnitNorm(axis=0)}).
 *
 * <pre>{@code
 * new Dense(64).kernelConstraint(new UnitNorm());
 * }</pre>
 */
public final class UnitNorm extends ConfigObject implements Constraint {
  private final int[] axis;

  /** @param axis the axes of the norm; 0 if none given */
  public UnitNorm(int... axis) {
    this.axis = axis.length == 0 ? new int[] {0} : axis.clone();
  }

  public static UnitNorm fromConfig(Map<String, ?> config) {
    return new UnitNorm(ConfigValues.axes(config.get("axis"), "UnitNorm"));
  }

  public int[] axis() {
    return axis.clone();
  }

  @Override
  public float[] apply(float[] values, Shape shape) {
    double[] norms = Norms.norms(values, shape, axis, "UnitNorm");
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) (values[i] / (Norms.EPSILON + norms[i]));
    }
    return out;
  }

  @Override
  public String className() {
    return "UnitNorm";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("axis", ConfigValues.axesToConfig(axis));
    return c;
  }
}
