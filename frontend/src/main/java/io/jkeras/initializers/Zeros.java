package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/** All zeros; Keras' default for biases. {@code new Zeros()} or {@code "zeros"}. */
public final class Zeros extends ConfigObject implements Initializer {
  public Zeros() {}

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    return new float[Sampling.size(shape, "Zeros")];
  }

  @Override
  public String className() {
    return "Zeros";
  }

  @Override
  public Map<String, Object> getConfig() {
    return new LinkedHashMap<>();
  }
}
