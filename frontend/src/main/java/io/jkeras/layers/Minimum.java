package io.jkeras.layers;

import java.util.Map;

/**
 * Takes the element-wise minimum of a list of tensors (Keras' {@code Minimum}): {@code min(a, b, ...)}; no weights. Shapes broadcast as in every Keras merge layer
 * (see {@link Merge}).
 *
 * <pre>{@code
 * var y = new Minimum().apply(a, b);                   // (None, 4, 64), (None, 1, 64) -> (None, 4, 64)
 * }</pre>
 */
public final class Minimum extends Merge<Minimum> {
  public Minimum() {}

  /** Rebuilds the layer from Keras' config. */
  public static Minimum fromConfig(Map<String, ?> config) {
    Minimum layer = new Minimum();
    layer.applyBaseConfig(config);
    return layer;
  }

  @Override
  protected String verb() {
    return "merged by their minimum";
  }
}
