package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/** All ones; Keras' default for BatchNormalization's gamma. {@code new Ones()} or {@code "ones"}. */
public final class Ones extends ConfigObject implements Initializer {
  public Ones() {}

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    float[] v = new float[Sampling.size(shape, "Ones")];
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
