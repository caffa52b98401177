package io.jkeras.layers;

import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Rescales every input value: {@code x * scale + offset}, in training and inference alike (Keras' preprocessing
 * layer {@code Rescaling(scale, offset=0.0)}); no weights. The output is float32 whatever the input's dtype.
 *
 * <pre>{@code
 * var x = new Rescaling(1.0 / 255).apply(pixels);          // [0, 255] -> [0, 1]
 * var y = new Rescaling(1.0 / 127.5, -1).apply(pixels);    // [0, 255] -> [-1, 1]
 * }</pre>
 */
public final class Rescaling extends BaseLayer<Rescaling> {
  private final double scale;
  private final double offset;

  /** {@code x * scale}. */
  public Rescaling(double scale) {
    this(scale, 0.0);
  }

  /** {@code x * scale + offset}. */
  public Rescaling(double scale, double offset) {
    if (!Double.isFinite(scale) || !Double.isFinite(offset)) {
      throw new IllegalArgumentException(
          "Rescaling: arguments 'scale' and 'offset' must be finite numbers, got " + scale + " and " + offset);
    }
    this.scale = scale;
    this.offset = offset;
  }

  /**
   * Rebuilds the layer from Keras' config. Keras also allows arrays for {@code scale} and {@code offset}; jkeras
   * takes numbers only, and says so.
   */
  public static Rescaling fromConfig(Map<String, ?> config) {
    Rescaling r = new Rescaling(number(config, "scale", null), number(config, "offset", 0.0));
    r.applyBaseConfig(config);
    return r;
  }

  private static double number(Map<String, ?> config, String key, Double defaultValue) {
    Object v = config.get(key);
    if (v == null && defaultValue != null) {
      return defaultValue;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("Rescaling config: '" + key + "' must be a number (arrays are not"
          + " supported by jkeras), got " + v);
    }
    return n.doubleValue();
  }

  public double scale() {
    return scale;
  }

  public double offset() {
    return offset;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    return in;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("scale", scale);
    c.put("offset", offset);
    return c;
  }
}
