package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Marks the timesteps whose features all equal {@code mask_value} as padding (Keras' {@code
 * Masking(mask_value=0.0)}): the output is the input with those steps set to 0, and it carries a mask of shape
 * {@code (batch, timesteps)} that is {@code false} there, so that recurrent layers skip them. No weights.
 *
 * <pre>{@code
 * var x = Input.of(10, 8);                               // (batch, timesteps, features)
 * var m = new Masking(0.0).apply(x);                     // mask (None, 10)
 * var y = new LSTM(16).apply(m);                         // ignores all-zero steps
 * }</pre>
 */
public final class Masking extends BaseLayer<Masking> {
  private final double maskValue;

  /** Keras' default {@code mask_value=0.0}. */
  public Masking() {
    this(0.0);
  }

  /** @param maskValue the value that marks a padded step (every feature equal to it) */
  public Masking(double maskValue) {
    this.maskValue = maskValue;
  }

  /** Rebuilds the layer from Keras' config. */
  public static Masking fromConfig(Map<String, ?> config) {
    Object v = config.get("mask_value");
    Masking m = new Masking(v instanceof Number n ? n.doubleValue() : 0.0);
    m.applyBaseConfig(config);
    return m;
  }

  public double maskValue() {
    return maskValue;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    if (inputShape.numDimensions() < 2) {
      throw error("expects an input of rank >= 2 (batch, ..., features), got shape " + Shapes.format(inputShape));
    }
    return inputShape;
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** The mask drops the feature axis: {@code any(x != mask_value, axis=-1)}. */
  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    Shape in = inputShapes.get(0);
    return List.of(Optional.of(Shape.of(java.util.Arrays.copyOf(in.asArray(), in.numDimensions() - 1))));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("mask_value", maskValue);
    return c;
  }
}
