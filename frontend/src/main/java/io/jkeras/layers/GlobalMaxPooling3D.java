package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import io.jkeras.util.Shapes;
import java.util.Map;

/**
 * The maximum over depth, rows and columns (Keras' {@code GlobalMaxPooling3D}), channels last: {@code (batch,
 * d, h, w, c)} to {@code (batch, c)}, or {@code (batch, 1, 1, 1, c)} with {@code keepdims}. Written in ops.
 *
 * <pre>{@code
 * var y = new GlobalMaxPooling3D().apply(x);   // (None, 4, 4, 4, 8) -> (None, 8)
 * }</pre>
 */
public final class GlobalMaxPooling3D extends BaseLayer<GlobalMaxPooling3D> {
  private boolean keepdims;

  /** Rebuilds the layer from Keras' config. */
  public static GlobalMaxPooling3D fromConfig(Map<String, ?> config) {
    GlobalMaxPooling3D g = new GlobalMaxPooling3D();
    g.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "keepdims", v -> g.keepdims((Boolean) v));
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, "GlobalMaxPooling3D"));
    return g;
  }

  /** Keeps the pooled axes with size 1. */
  public GlobalMaxPooling3D keepdims(boolean keepdims) {
    checkConfigurable("keepdims");
    this.keepdims = keepdims;
    return this;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (x.rank() != 5) {
      throw error("expects a rank-5 input (batch, depth, rows, cols, channels), got shape " + Shapes.format(x.shape()));
    }
    return Ops.max(x, keepdims, 1, 2, 3);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", "channels_last");
    c.put("keepdims", keepdims);
    return c;
  }
}
