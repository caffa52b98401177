package io.jkeras.layers;

import java.util.Map;

/**
 * Adds a list of tensors element-wise (Keras' {@code Add}); no weights. Shapes broadcast as in every Keras
 * merge layer (see {@link Merge}).
 *
 * <pre>{@code
 * var y = new Add().apply(a, b);                    // (None, 64) + (None, 64) -> (None, 64)
 * var z = new Add().apply(List.of(a, bias1));       // (None, 4, 64) + (None, 1, 64) -> (None, 4, 64)
 * }</pre>
 */
public final class Add extends Merge<Add> {
  public Add() {}

  /** Rebuilds the layer from Keras' config. */
  public static Add fromConfig(Map<String, ?> config) {
    Add a = new Add();
    a.applyBaseConfig(config);
    return a;
  }

  @Override
  protected String verb() {
    return "added";
  }
}
