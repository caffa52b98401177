package io.jkeras.layers;

import java.util.Map;

/**
 * The maximum of each feature over all steps (Keras' {@code GlobalMaxPooling1D(data_format=None,
 * keepdims=False)}); no weights.
 *
 * <pre>{@code
 * var y = new GlobalMaxPooling1D().apply(x);                  // (None, 10, 8) -> (None, 8)
 * var z = new GlobalMaxPooling1D().keepdims(true).apply(x);   // (None, 10, 8) -> (None, 1, 8)
 * }</pre>
 */
public final class GlobalMaxPooling1D extends GlobalPooling1D<GlobalMaxPooling1D> {
  public GlobalMaxPooling1D() {}

  /** Rebuilds the layer from Keras' config. */
  public static GlobalMaxPooling1D fromConfig(Map<String, ?> config) {
    return configure(new GlobalMaxPooling1D(), config);
  }
}
