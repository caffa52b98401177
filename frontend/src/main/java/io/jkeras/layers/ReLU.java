package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Rectified linear unit with Keras' options (Keras' {@code ReLU(max_value=None, negative_slope=0.0,
 * threshold=0.0)}); no weights:
 *
 * <pre>
 * f(x) = max_value                        if x &gt;= max_value
 * f(x) = x                                if threshold &lt;= x &lt; max_value
 * f(x) = negative_slope * (x - threshold) otherwise
 * </pre>
 *
 * <pre>{@code
 * var y = new ReLU().apply(x);                                  // max(x, 0)
 * var z = new ReLU().maxValue(6.0).apply(x);                    // relu6
 * var w = new ReLU().negativeSlope(0.1).threshold(0.5).apply(x);
 * }</pre>
 */
public final class ReLU extends BaseLayer<ReLU> {
  private Double maxValue;
  private double negativeSlope = 0.0;
  private double threshold = 0.0;

  public ReLU() {}

  /** Rebuilds the layer from Keras' config. */
  public static ReLU fromConfig(Map<String, ?> config) {
    ReLU r = new ReLU();
    r.applyBaseConfig(config);
    Object m = config.get("max_value");
    if (m != null) {
      if (!(m instanceof Number n)) {
        throw new IllegalArgumentException("ReLU config: 'max_value' must be a number or null, got " + m);
      }
      r.maxValue(n.doubleValue());
    }
    r.negativeSlope(ConfigValues.doubleArg(config, "negative_slope", 0.0, "ReLU"));
    r.threshold(ConfigValues.doubleArg(config, "threshold", 0.0, "ReLU"));
    return r;
  }

  /** The largest output value, &gt;= 0; {@code null} (default) for none. */
  public ReLU maxValue(Double maxValue) {
    checkConfigurable("max_value");
    if (maxValue != null && !(maxValue >= 0)) {
      throw argumentError("max_value", maxValue);
    }
    this.maxValue = maxValue;
    return this;
  }

  /** The slope below the threshold, &gt;= 0; 0 by default. */
  public ReLU negativeSlope(double negativeSlope) {
    checkConfigurable("negative_slope");
    if (!(negativeSlope >= 0)) {
      throw argumentError("negative_slope", negativeSlope);
    }
    this.negativeSlope = negativeSlope;
    return this;
  }

  /** The value below which the unit is off (or leaks), &gt;= 0; 0 by default. */
  public ReLU threshold(double threshold) {
    checkConfigurable("threshold");
    if (!(threshold >= 0)) {
      throw argumentError("threshold", threshold);
    }
    this.threshold = threshold;
    return this;
  }

  private IllegalArgumentException argumentError(String argument, double value) {
    return new IllegalArgumentException("Layer '" + nameForMessages() + "' (ReLU): " + argument
        + " of a ReLU layer cannot be a negative value, got " + argument + "=" + value);
  }

  public Optional<Double> maxValue() {
    return Optional.ofNullable(maxValue);
  }

  public double negativeSlope() {
    return negativeSlope;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    return in;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("max_value", maxValue);
    c.put("negative_slope", negativeSlope);
    c.put("threshold", threshold);
    return c;
  }
}
