package io.jkeras.layers;

import java.util.Map;

/**
 * Average over windows of the spatial dimensions (Keras' {@code AveragePooling2D}); no weights. With {@code
 * padding="same"}, as in Keras, the padded positions are not counted in the average.
 *
 * <pre>{@code
 * var y = new AveragePooling2D(2, 2).apply(x);                         // (None, 26, 26, 32) -> (None, 13, 13, 32)
 * var z = new AveragePooling2D(3, 3).strides(1, 1).padding("same").apply(x);   // (None, 26, 26, 32)
 * }</pre>
 */
public final class AveragePooling2D extends Pooling2D<AveragePooling2D> {
  /** A 2x2 window with stride 2, Keras' default. */
  public AveragePooling2D() {
    this(2, 2);
  }

  /** A {@code rows x cols} window, stride equal to the window unless set. */
  public AveragePooling2D(int poolRows, int poolCols) {
    super(poolRows, poolCols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static AveragePooling2D fromConfig(Map<String, ?> config) {
    int[] p = poolSizeFromConfig(config, "AveragePooling2D");
    return configure(new AveragePooling2D(p[0], p[1]), config);
  }
}
