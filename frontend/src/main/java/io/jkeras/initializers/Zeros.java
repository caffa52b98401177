package io.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/** All zeros; Keras' default for biases. {@code new Zeros()} or {@code "zeros"}. */
public final class Zeros implements Initializer {
  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    return new float[Math.toIntExact(shape.size())];
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
