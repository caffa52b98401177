package io.jkeras.layers;

import java.util.Map;

/**
 * The maximum of each channel over all spatial positions (Keras' {@code GlobalMaxPooling2D(data_format=None,
 * keepdims=False)}); no weights.
 *
 * <pre>{@code
 * var y = new GlobalMaxPooling2D().apply(x);                  // (None, 7, 7, 64) -> (None, 64)
 * var z = new GlobalMaxPooling2D().keepdims(true).apply(x);   // (None, 7, 7, 64) -> (None, 1, 1, 64)
 * }</pre>
 */
public final class GlobalMaxPooling2D extends GlobalPooling2D<GlobalMaxPooling2D> {
  public GlobalMaxPooling2D() {}

  /** Rebuilds the layer from Keras' config. */
  public static GlobalMaxPooling2D fromConfig(Map<String, ?> config) {
    return configure(new GlobalMaxPooling2D(), config);
  }
}
