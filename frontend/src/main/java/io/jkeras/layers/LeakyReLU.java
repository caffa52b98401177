package io.jkeras.layers;

import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Leaky rectified linear unit (Keras' {@code LeakyReLU(negative_slope=0.3)}): {@code f(x) = x} for {@code x >=
 * 0}, {@code negative_slope * x} otherwise; no weights. Note Keras 3's default slope 0.3 (the {@code
 * "leaky_relu"} activation function uses 0.2).
 *
 * <pre>{@code
 * var y = new LeakyReLU().apply(x);         // slope 0.3
 * var z = new LeakyReLU(0.1).apply(x);
 * }</pre>
 */
public final class LeakyReLU extends BaseLayer<LeakyReLU> {
  private final double negativeSlope;

  /** Slope 0.3, Keras 3's default. */
  public LeakyReLU() {
    this(0.3);
  }

  /** @param negativeSlope the slope for negative inputs, &gt;= 0 */
  public LeakyReLU(double negativeSlope) {
    if (!(negativeSlope >= 0)) {
      throw new IllegalArgumentException("LeakyReLU: the negative_slope value of a Leaky ReLU layer cannot be"
          + " None or negative, got negative_slope=" + negativeSlope);
    }
    this.negativeSlope = negativeSlope;
  }

  /** Rebuilds the layer from Keras' config; the deprecated {@code alpha} key is read as Keras reads it. */
  public static LeakyReLU fromConfig(Map<String, ?> config) {
    Object s = config.containsKey("negative_slope") ? config.get("negative_slope") : config.get("alpha");
    if (s != null && !(s instanceof Number)) {
      throw new IllegalArgumentException("LeakyReLU config: 'negative_slope' must be a number, got " + s);
    }
    LeakyReLU l = s == null ? new LeakyReLU() : new LeakyReLU(((Number) s).doubleValue());
    l.applyBaseConfig(config);
    return l;
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    return in;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("negative_slope", negativeSlope);
    return c;
  }
}
