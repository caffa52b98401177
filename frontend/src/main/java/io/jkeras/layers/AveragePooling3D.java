package io.jkeras.layers;

import java.util.Map;

/**
 * Average pooling over depth, rows and columns (Keras' {@code AveragePooling3D(pool_size=(2, 2, 2))}), channels last.
 *
 * <pre>{@code
 * var y = new AveragePooling3D(2, 2, 2).apply(x);   // (None, 4, 4, 4, 8) -> (None, 2, 2, 2, 8)
 * }</pre>
 */
public final class AveragePooling3D extends Pooling3D<AveragePooling3D> {
  /** A 2x2x2 window, Keras' default. */
  public AveragePooling3D() {
    this(2, 2, 2);
  }

  public AveragePooling3D(int d, int h, int w) {
    super(d, h, w);
  }

  /** Rebuilds the layer from Keras' config. */
  public static AveragePooling3D fromConfig(Map<String, ?> config) {
    return Pooling3D.fromConfig(config, p -> new AveragePooling3D(p[0], p[1], p[2]), "AveragePooling3D");
  }

  @Override
  boolean max() {
    return false;
  }
}
