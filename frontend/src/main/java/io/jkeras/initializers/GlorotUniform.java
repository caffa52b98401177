package io.jkeras.initializers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * Glorot (Xavier) uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)); Keras' default for
 * kernels. TEMPORARY minimal version; the initializer family replaces it.
 */
public final class GlorotUniform implements Initializer {
  private final Long seed;

  public GlorotUniform() {
    this(null);
  }

  public GlorotUniform(Long seed) {
    this.seed = seed;
  }

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    long[] d = shape.asArray();
    long receptive = 1;
    for (int i = 0; i < d.length - 2; i++) {
      receptive *= d[i];
    }
    long fanIn = d.length < 2 ? d.length == 1 ? d[0] : 1 : d[d.length - 2] * receptive;
    long fanOut = d.length < 2 ? d.length == 1 ? d[0] : 1 : d[d.length - 1] * receptive;
    double limit = Math.sqrt(6.0 / Math.max(1.0, (fanIn + fanOut)));
    RandomGenerator r = seed == null ? random : new java.util.SplittableRandom(seed);
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 2 * limit - limit);
    }
    return v;
  }

  @Override
  public String className() {
    return "GlorotUniform";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    return c;
  }
}
