package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * Every value equal to one scalar (Keras' {@code Constant(value=0.0)}).
 *
 * <pre>{@code
 * new Dense(3).biasInitializer(new Constant(0.1));
 * }</pre>
 */
public final class Constant extends ConfigObject implements Initializer {
  private final double value;

  public Constant() {
    this(0.0);
  }

  public Constant(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("Constant: argument 'value' must be finite, got " + value);
    }
    this.value = value;
  }

  public static Constant fromConfig(Map<String, ?> config) {
    return new Constant(ConfigValues.doubleArg(config, "value", 0.0, "Constant"));
  }

  public double value() {
    return value;
  }

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    float[] v = new float[Sampling.size(shape, "Constant")];
    Arrays.fill(v, (float) value);
    return v;
  }

  @Override
  public String className() {
    return "Constant";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("value", value);
    return c;
  }
}
