package io.jkeras.constraints;

import io.jkeras.util.ConfigObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Sets negative weights to zero, {@code max(w, 0)} (Keras' {@code NonNeg()}).
 *
 * <pre>{@code
 * new Dense(64).kernelConstraint(new NonNeg());
 * }</pre>
 */
public final class NonNeg extends ConfigObject implements Constraint {
  public NonNeg() {}

  @Override
  public float[] apply(float[] values, Shape shape) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.max(values[i], 0f);
    }
    return out;
  }

  @Override
  public String className() {
    return "NonNeg";
  }

  @Override
  public Map<String, Object> getConfig() {
    return new LinkedHashMap<>();
  }
}
