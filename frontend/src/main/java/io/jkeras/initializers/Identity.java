package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import io.jkeras.util.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * {@code gain} times the identity matrix, for 2D weights only (Keras' {@code Identity(gain=1.0)}); a
 * non-square matrix gets ones on its main diagonal.
 *
 * <pre>{@code
 * new Dense(16).kernelInitializer(new Identity());
 * }</pre>
 */
public final class Identity extends ConfigObject implements Initializer {
  private final double gain;

  public Identity() {
    this(1.0);
  }

  public Identity(double gain) {
    if (!Double.isFinite(gain)) {
      throw new IllegalArgumentException("Identity: argument 'gain' must be finite, got " + gain);
    }
    this.gain = gain;
  }

  public static Identity fromConfig(Map<String, ?> config) {
    return new Identity(ConfigValues.doubleArg(config, "gain", 1.0, "Identity"));
  }

  public double gain() {
    return gain;
  }

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    if (shape.numDimensions() != 2) {
      throw new IllegalArgumentException("Identity: the identity initializer can only be used for 2D matrices,"
          + " got shape " + Shapes.format(shape) + " of rank " + shape.numDimensions());
    }
    int size = Sampling.size(shape, "Identity");
    int rows = (int) shape.get(0);
    int cols = (int) shape.get(1);
    float[] v = new float[size];
    for (int i = 0; i < Math.min(rows, cols); i++) {
      v[i * cols + i] = (float) gain;
    }
    return v;
  }

  @Override
  public String className() {
    return "Identity";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("gain", gain);
    return c;
  }
}
