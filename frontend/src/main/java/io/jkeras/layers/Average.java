package io.jkeras.layers;

import java.util.Map;

/**
 * Averages a list of tensors element-wise (their sum divided by their number) (Keras' {@code Average}): {@code (a + b + ...) / n}; no weights. Shapes broadcast as in every Keras merge layer
 * (see {@link Merge}).
 *
 * <pre>{@code
 * var y = new Average().apply(a, b);                   // (None, 4, 64), (None, 1, 64) -> (None, 4, 64)
 * }</pre>
 */
public final class Average extends Merge<Average> {
  public Average() {}

  /** Rebuilds the layer from Keras' config. */
  public static Average fromConfig(Map<String, ?> config) {
    Average layer = new Average();
    layer.applyBaseConfig(config);
    return layer;
  }

  @Override
  protected String verb() {
    return "averaged";
  }
}
