package io.jkeras.layers;

import java.util.Map;

/**
 * The average of each channel over all spatial positions (Keras' {@code GlobalAveragePooling2D(data_format=None,
 * keepdims=False)}); no weights.
 *
 * <pre>{@code
 * var y = new GlobalAveragePooling2D().apply(x);                  // (None, 7, 7, 64) -> (None, 64)
 * var z = new GlobalAveragePooling2D().keepdims(true).apply(x);   // (None, 7, 7, 64) -> (None, 1, 1, 64)
 * }</pre>
 */
public final class GlobalAveragePooling2D extends GlobalPooling2D<GlobalAveragePooling2D> {
  public GlobalAveragePooling2D() {}

  /** Rebuilds the layer from Keras' config. */
  public static GlobalAveragePooling2D fromConfig(Map<String, ?> config) {
    return configure(new GlobalAveragePooling2D(), config);
  }
}
