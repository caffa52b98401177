package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Sets a random fraction {@code rate} of the inputs to 0 during training and scales the others by {@code 1 /
 * (1 - rate)}; the identity at inference (Keras' {@code Dropout(rate, noise_shape=None, seed=None)}). No
 * weights.
 *
 * <p>{@code noise_shape} gives the shape of the keep/drop mask, batch dimension included, to share the mask
 * along axes of size 1; a {@code null} (None) entry takes the input's size at run time.
 *
 * <pre>{@code
 * var y = new Dropout(0.5).apply(x);
 * var z = new Dropout(0.2).noiseShape(null, 1, 64).seed(42).apply(seq);   // one mask per sample and feature
 * }</pre>
 */
public final class Dropout extends BaseLayer<Dropout> {
  private final double rate;
  private Shape noiseShape;
  private Long seed;

  /** @param rate the fraction of the inputs to drop, in [0, 1) */
  public Dropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "Dropout: argument 'rate' must be a float in [0, 1), got " + rate);
    }
    this.rate = rate;
  }

  /** Rebuilds the layer from Keras' config. */
  public static Dropout fromConfig(Map<String, ?> config) {
    Object r = config.get("rate");
    if (!(r instanceof Number n)) {
      throw new IllegalArgumentException("Dropout config needs a number 'rate', got " + r);
    }
    Dropout d = new Dropout(n.doubleValue());
    d.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "noise_shape", v -> {
      if (!(v instanceof List<?> l)) {
        throw new IllegalArgumentException("Dropout config: 'noise_shape' must be a list, got " + v);
      }
      d.noiseShape(Shapes.fromNullableList(l));
    });
    LayerConfigs.ifPresent(config, "seed", v -> d.seed(((Number) v).longValue()));
    return d;
  }

  /** The mask's shape, batch dimension included; {@link Shape#UNKNOWN_SIZE} takes the input's size. */
  public Dropout noiseShape(Shape noiseShape) {
    checkConfigurable("noise_shape");
    if (noiseShape != null) {
      for (int i = 0; i < noiseShape.numDimensions(); i++) {
        long d = noiseShape.get(i);
        if (d != Shape.UNKNOWN_SIZE && d <= 0) {
          throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (Dropout): argument 'noise_shape'"
              + " must hold positive sizes or None, got " + Shapes.format(noiseShape));
        }
      }
    }
    this.noiseShape = noiseShape;
    return this;
  }

  /** The mask's shape as Keras writes it: {@code noiseShape(null, 1, 64)} for {@code (None, 1, 64)}. */
  public Dropout noiseShape(Integer... dims) {
    long[] d = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      d[i] = dims[i] == null ? Shape.UNKNOWN_SIZE : dims[i];
    }
    return noiseShape(Shape.of(d));
  }

  /** A seed for the dropout mask, for reproducible training. */
  public Dropout seed(long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    return this;
  }

  public double rate() {
    return rate;
  }

  public Optional<Shape> noiseShape() {
    return Optional.ofNullable(noiseShape);
  }

  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (noiseShape != null) {
      if (noiseShape.numDimensions() != in.numDimensions()) {
        throw error("noise_shape " + Shapes.format(noiseShape) + " must have the input's rank "
            + in.numDimensions() + ", input shape " + Shapes.format(in));
      }
      for (int i = 0; i < in.numDimensions(); i++) {
        long n = noiseShape.get(i);
        long d = in.get(i);
        if (n != Shape.UNKNOWN_SIZE && n != 1 && d != Shape.UNKNOWN_SIZE && n != d) {
          throw error("noise_shape " + Shapes.format(noiseShape) + " does not broadcast to the input shape "
              + Shapes.format(in) + " (axis " + i + ": " + n + " vs " + d + ")");
        }
      }
    }
    return in;
  }

  /** Passes an incoming mask on, as Keras' {@code Dropout} ({@code supports_masking = True}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rate", rate);
    c.put("seed", seed);
    c.put("noise_shape", noiseShape == null ? null : Shapes.toNullableList(noiseShape));
    return c;
  }
}
