package io.jkeras.layers;

import java.util.Map;

/**
 * Takes the element-wise maximum of a list of tensors (Keras' {@code Maximum}): {@code max(a, b, ...)}; no weights. Shapes broadcast as in every Keras merge layer
 * (see {@link Merge}).
 *
 * <pre>{@code
 * var y = new Maximum().apply(a, b);                   // (None, 4, 64), (None, 1, 64) -> (None, 4, 64)
 * }</pre>
 */
public final class Maximum extends Merge<Maximum> {
  public Maximum() {}

  /** Rebuilds the layer from Keras' config. */
  public static Maximum fromConfig(Map<String, ?> config) {
    Maximum layer = new Maximum();
    layer.applyBaseConfig(config);
    return layer;
  }

  @Override
  protected String verb() {
    return "merged by their maximum";
  }
}
