package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * The maximum over depth, rows and columns (Keras' {@code GlobalMaxPooling3D}), channels last: {@code (batch,
 * d, h, w, c)} to {@code (batch, c)}, or {@code (batch, 1, 1, 1, c)} with {@code keepdims}. Written in ops.
 *
 * <pre>{@code
 * var y = new GlobalMaxPooling3D().apply(x);   // (None, 4, 4, 4, 8) -> (None, 8)
 * }</pre>
 */
public final class GlobalMaxPooling3D extends GlobalPooling3D<GlobalMaxPooling3D> {

  /** Rebuilds the layer from Keras' config. */
  public static GlobalMaxPooling3D fromConfig(Map<String, ?> config) {
    return GlobalPooling3D.fromConfig(config, new GlobalMaxPooling3D());
  }

  @Override
  SymbolicTensor reduce(SymbolicTensor x, boolean keepdims) {
    return Ops.max(x, keepdims, 1, 2, 3);
  }
}
