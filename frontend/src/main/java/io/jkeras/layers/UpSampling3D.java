package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;

/**
 * Repeats voxels along the three spatial axes (Keras' {@code UpSampling3D(size=(2, 2, 2))}), channels last:
 * {@code (batch, d, h, w, c)} to {@code (batch, d * s0, h * s1, w * s2, c)}. Written in ops ({@code
 * ops.repeat} per axis, as Keras does).
 *
 * <pre>{@code
 * var y = new UpSampling3D(2, 2, 2).apply(x);   // (None, 2, 3, 4, 1) -> (None, 4, 6, 8, 1)
 * }</pre>
 */
public final class UpSampling3D extends BaseLayer<UpSampling3D> {
  private final int[] size;

  /** Doubles every spatial axis, Keras' default. */
  public UpSampling3D() {
    this(2, 2, 2);
  }

  /** Factors for the three spatial axes. */
  public UpSampling3D(int d, int h, int w) {
    this.size = ConvShapes.positiveTuple("UpSampling3D", "size", 3, d, h, w);
  }

  /** Rebuilds the layer from Keras' config. */
  public static UpSampling3D fromConfig(Map<String, ?> config) {
    Object v = config.get("size");
    int[] s = v == null ? new int[] {2, 2, 2} : ConvShapes.configTuple(v, 3, "size", "UpSampling3D");
    UpSampling3D u = new UpSampling3D(s[0], s[1], s[2]);
    u.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, "UpSampling3D"));
    return u;
  }

  public int[] size() {
    return size.clone();
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (x.rank() != 5) {
      throw error("expects a rank-5 input (batch, depth, rows, cols, channels), got shape " + Shapes.format(x.shape()));
    }
    return Ops.repeat(Ops.repeat(Ops.repeat(x, size[0], 1), size[1], 2), size[2], 3);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("size", ConvShapes.toList(size));
    c.put("data_format", "channels_last");
    return c;
  }

  List<Integer> sizeList() {
    return ConvShapes.toList(size);
  }
}
