package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Exponential linear unit (Keras' {@code ELU(alpha=1.0)}): {@code f(x) = x} for {@code x > 0}, {@code alpha *
 * (exp(x) - 1)} otherwise; no weights.
 *
 * <pre>{@code
 * var y = new ELU().apply(x);
 * var z = new ELU(0.5).apply(x);
 * }</pre>
 */
public final class ELU extends BaseLayer<ELU> {
  private final double alpha;

  /** {@code alpha = 1.0}. */
  public ELU() {
    this(1.0);
  }

  /** @param alpha the scale of the negative part */
  public ELU(double alpha) {
    if (!Double.isFinite(alpha)) {
      throw new IllegalArgumentException("ELU: argument 'alpha' must be a finite number, got " + alpha);
    }
    this.alpha = alpha;
  }

  /** Rebuilds the layer from Keras' config. */
  public static ELU fromConfig(Map<String, ?> config) {
    ELU e = new ELU(ConfigValues.doubleArg(config, "alpha", 1.0, "ELU"));
    e.applyBaseConfig(config);
    return e;
  }

  public double alpha() {
    return alpha;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    return in;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("alpha", alpha);
    return c;
  }
}
