package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.Map;

/**
 * Base of {@link GlobalAveragePooling3D} and {@link GlobalMaxPooling3D}: one reduction over depth, rows and
 * columns, channels last; {@code (batch, d, h, w, c)} to {@code (batch, c)}, or {@code (batch, 1, 1, 1, c)} with
 * {@code keepdims}. Written in ops.
 *
 * @param <L> the concrete layer
 */
public abstract class GlobalPooling3D<L extends GlobalPooling3D<L>> extends BaseLayer<L> {
  private boolean keepdims;

  GlobalPooling3D() {}

  static <P extends GlobalPooling3D<P>> P fromConfig(Map<String, ?> config, P layer) {
    layer.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "keepdims", v -> layer.keepdims((Boolean) v));
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, layer.className()));
    return layer;
  }

  /** Keeps the pooled axes with size 1. */
  public L keepdims(boolean keepdims) {
    checkConfigurable("keepdims");
    this.keepdims = keepdims;
    return self();
  }

  /** The reduction over axes 1, 2 and 3. */
  abstract SymbolicTensor reduce(SymbolicTensor x, boolean keepdims);

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (x.rank() != 5) {
      throw error("expects a rank-5 input (batch, depth, rows, cols, channels), got shape " + Shapes.format(x.shape()));
    }
    return reduce(x, keepdims);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", "channels_last");
    c.put("keepdims", keepdims);
    return c;
  }
}
