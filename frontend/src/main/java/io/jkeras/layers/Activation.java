package io.jkeras.layers;

import io.jkeras.activations.Activations;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Applies an activation function by Keras name (Keras' {@code Activation}); the output has the input's shape.
 *
 * <pre>{@code
 * var y = new Activation("relu").apply(x);
 * }</pre>
 */
public final class Activation extends BaseLayer<Activation> {
  private final String activation;

  /** @param activation a Keras activation name ({@code "relu"}, {@code "softmax"}, ...) */
  public Activation(String activation) {
    if (activation == null) {
      throw new IllegalArgumentException("Activation: argument 'activation' is null; give a name such as 'relu'");
    }
    this.activation = Activations.canonical(activation, "Activation");
  }

  /** Rebuilds the layer from Keras' config. */
  public static Activation fromConfig(Map<String, ?> config) {
    Object a = config.get("activation");
    if (!(a instanceof String s)) {
      throw new IllegalArgumentException("Activation config needs a string 'activation', got " + a);
    }
    Activation layer = new Activation(s);
    layer.applyBaseConfig(config);
    return layer;
  }

  /** The canonical Keras activation name. */
  public String activation() {
    return activation;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    return in;
  }

  /** Passes an incoming mask on, as Keras' {@code Activation} ({@code supports_masking = True}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("activation", activation);
    return c;
  }
}
