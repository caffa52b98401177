package io.jkeras.layers;

import java.util.Map;

/**
 * Subtracts the second of exactly two tensors from the first, element-wise (Keras' {@code Subtract}): {@code a -
 * b}; no weights. Shapes broadcast as in every Keras merge layer (see {@link Merge}).
 *
 * <pre>{@code
 * var diff = new Subtract().apply(a, b);            // (None, 16) - (None, 16) -> (None, 16)
 * }</pre>
 */
public final class Subtract extends Merge<Subtract> {
  public Subtract() {}

  /** Rebuilds the layer from Keras' config. */
  public static Subtract fromConfig(Map<String, ?> config) {
    Subtract layer = new Subtract();
    layer.applyBaseConfig(config);
    return layer;
  }

  @Override
  protected int minInputs() {
    return 2;
  }

  @Override
  protected int maxInputs() {
    return 2;
  }

  @Override
  protected String verb() {
    return "subtracted";
  }
}
