package io.jkeras.layers;

import java.util.Map;

/**
 * Max pooling over depth, rows and columns (Keras' {@code MaxPooling3D(pool_size=(2, 2, 2))}), channels last.
 *
 * <pre>{@code
 * var y = new MaxPooling3D(2, 2, 2).apply(x);   // (None, 4, 4, 4, 8) -> (None, 2, 2, 2, 8)
 * }</pre>
 */
public final class MaxPooling3D extends Pooling3D<MaxPooling3D> {
  /** A 2x2x2 window, Keras' default. */
  public MaxPooling3D() {
    this(2, 2, 2);
  }

  public MaxPooling3D(int d, int h, int w) {
    super(d, h, w);
  }

  /** Rebuilds the layer from Keras' config. */
  public static MaxPooling3D fromConfig(Map<String, ?> config) {
    return Pooling3D.fromConfig(config, p -> new MaxPooling3D(p[0], p[1], p[2]), "MaxPooling3D");
  }

  @Override
  boolean max() {
    return true;
  }
}
