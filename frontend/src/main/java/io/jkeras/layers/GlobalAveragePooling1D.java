package io.jkeras.layers;

import java.util.Map;

/**
 * The average of each feature over all steps (Keras' {@code GlobalAveragePooling1D(data_format=None,
 * keepdims=False)}); no weights.
 *
 * <pre>{@code
 * var y = new GlobalAveragePooling1D().apply(x);                  // (None, 10, 8) -> (None, 8)
 * var z = new GlobalAveragePooling1D().keepdims(true).apply(x);   // (None, 10, 8) -> (None, 1, 8)
 * }</pre>
 */
public final class GlobalAveragePooling1D extends GlobalPooling1D<GlobalAveragePooling1D> {
  public GlobalAveragePooling1D() {}

  /** Rebuilds the layer from Keras' config. */
  public static GlobalAveragePooling1D fromConfig(Map<String, ?> config) {
    return configure(new GlobalAveragePooling1D(), config);
  }
}
