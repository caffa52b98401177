package io.jkeras.initializers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/** All ones; Keras' default for BatchNormalization's gamma. {@code new Ones()} or {@code "ones"}. */
public final class Ones implements Initializer {
  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    float[] v = new float[Math.toIntExact(shape.size())];
    Arrays.fill(v, 1f);
    return v;
  }

  @Override
  public String className() {
    return "Ones";
  }

  @Override
  public Map<String, Object> getConfig() {
    return new LinkedHashMap<>();
  }
}
