package io.jkeras.layers;

import java.util.Map;

/**
 * Max over windows of the spatial dimensions (Keras' {@code MaxPooling2D}); no weights.
 *
 * <pre>{@code
 * var y = new MaxPooling2D(2, 2).apply(x);   // (None, 26, 26, 32) -> (None, 13, 13, 32)
 * }</pre>
 */
public final class MaxPooling2D extends Pooling2D<MaxPooling2D> {
  /** A 2x2 window with stride 2, Keras' default. */
  public MaxPooling2D() {
    this(2, 2);
  }

  /** A {@code rows x cols} window, stride equal to the window unless set. */
  public MaxPooling2D(int poolRows, int poolCols) {
    super(poolRows, poolCols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static MaxPooling2D fromConfig(Map<String, ?> config) {
    int[] p = poolSizeFromConfig(config, "MaxPooling2D");
    return configure(new MaxPooling2D(p[0], p[1]), config);
  }
}
