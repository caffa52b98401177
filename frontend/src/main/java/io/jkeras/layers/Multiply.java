package io.jkeras.layers;

import java.util.Map;

/**
 * Multiplies a list of tensors element-wise (Keras' {@code Multiply}): {@code a * b * ...}; no weights. Shapes broadcast as in every Keras merge layer
 * (see {@link Merge}).
 *
 * <pre>{@code
 * var y = new Multiply().apply(a, b);                   // (None, 4, 64), (None, 1, 64) -> (None, 4, 64)
 * }</pre>
 */
public final class Multiply extends Merge<Multiply> {
  public Multiply() {}

  /** Rebuilds the layer from Keras' config. */
  public static Multiply fromConfig(Map<String, ?> config) {
    Multiply layer = new Multiply();
    layer.applyBaseConfig(config);
    return layer;
  }

  @Override
  protected String verb() {
    return "multiplied";
  }
}
