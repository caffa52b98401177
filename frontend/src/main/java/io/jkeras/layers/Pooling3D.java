package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import io.jkeras.util.Shapes;
import java.util.Locale;
import java.util.Map;

/**
 * Base of {@link MaxPooling3D} and {@link AveragePooling3D}: a window over depth, rows and columns, channels
 * last. Written in ops ({@code ops.max_pool}, {@code ops.average_pool}).
 *
 * @param <L> the concrete layer
 */
public abstract class Pooling3D<L extends Pooling3D<L>> extends BaseLayer<L> {
  private final int[] poolSize;
  private int[] strides;
  private Padding padding = Padding.VALID;

  Pooling3D(int d, int h, int w) {
    this.poolSize = ConvShapes.positiveTuple(className(), "pool_size", 3, d, h, w);
  }

  static <P extends Pooling3D<P>> P fromConfig(Map<String, ?> config, java.util.function.Function<int[], P> make,
      String className) {
    Object ps = config.get("pool_size");
    int[] p = ps == null ? new int[] {2, 2, 2} : ConvShapes.configTuple(ps, 3, "pool_size", className);
    P layer = make.apply(p);
    layer.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "strides", s -> {
      int[] st = ConvShapes.configTuple(s, 3, "strides", className);
      layer.strides(st[0], st[1], st[2]);
    });
    LayerConfigs.ifPresent(config, "padding", v -> layer.padding((String) v));
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, className));
    return layer;
  }

  /** Steps of the window; the pool size by default. */
  public L strides(int d, int h, int w) {
    checkConfigurable("strides");
    this.strides = ConvShapes.positiveTuple(className(), "strides", 3, d, h, w);
    return self();
  }

  /** {@code "valid"} (default) or {@code "same"}. */
  public L padding(String padding) {
    checkConfigurable("padding");
    this.padding = Padding.of(padding, "Layer '" + nameForMessages() + "' (" + className() + ")");
    return self();
  }

  abstract boolean max();

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (x.rank() != 5) {
      throw error("expects a rank-5 input (batch, depth, rows, cols, channels), got shape " + Shapes.format(x.shape()));
    }
    int[] st = strides == null ? poolSize : strides;
    String p = padding.name().toLowerCase(Locale.ROOT);
    return max() ? Ops.maxPool(x, poolSize, st, p) : Ops.averagePool(x, poolSize, st, p);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("pool_size", ConvShapes.toList(poolSize));
    c.put("padding", padding.kerasName());
    c.put("strides", ConvShapes.toList(strides == null ? poolSize : strides));
    c.put("data_format", "channels_last");
    return c;
  }
}
