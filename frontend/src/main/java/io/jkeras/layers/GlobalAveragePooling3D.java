package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * The mean over depth, rows and columns (Keras' {@code GlobalAveragePooling3D}), channels last: {@code (batch,
 * d, h, w, c)} to {@code (batch, c)}, or {@code (batch, 1, 1, 1, c)} with {@code keepdims}. Written in ops.
 *
 * <pre>{@code
 * var y = new GlobalAveragePooling3D().apply(x);   // (None, 4, 4, 4, 8) -> (None, 8)
 * }</pre>
 */
public final class GlobalAveragePooling3D extends GlobalPooling3D<GlobalAveragePooling3D> {

  /** Rebuilds the layer from Keras' config. */
  public static GlobalAveragePooling3D fromConfig(Map<String, ?> config) {
    return GlobalPooling3D.fromConfig(config, new GlobalAveragePooling3D());
  }

  @Override
  SymbolicTensor reduce(SymbolicTensor x, boolean keepdims) {
    return Ops.mean(x, keepdims, 1, 2, 3);
  }
}
