package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.util.Shapes;

/**
 * {@link Layer} with the fluent setters every layer shares, typed to return the concrete layer so that calls
 * chain: {@code new Dense(10).name("logits").activation("softmax")}.
 *
 * @param <L> the concrete layer class
 */
public abstract class BaseLayer<L extends BaseLayer<L>> extends Layer {

  protected BaseLayer() {}

  @SuppressWarnings("unchecked")
  protected final L self() {
    return (L) this;
  }

  /** Sets the name (Keras' {@code name=} argument). */
  public L name(String name) {
    setName(name);
    return self();
  }

  /** Sets whether the optimizer updates the weights (Keras' {@code trainable=}). */
  public L trainable(boolean trainable) {
    setTrainable(trainable);
    return self();
  }

  /** Sets the compute dtype (Keras' {@code dtype=}). */
  public L dtype(DType dtype) {
    setDtype(dtype);
    return self();
  }

  /**
   * The input shape without the batch dimension, for the first layer of a {@link io.jkeras.Sequential}
   * (Keras' {@code input_shape=}).
   */
  public L inputShape(int... shape) {
    setBatchInputShape(Shapes.withBatch(shape));
    return self();
  }
}
