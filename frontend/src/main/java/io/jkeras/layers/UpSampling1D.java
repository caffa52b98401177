package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import io.jkeras.util.Shapes;
import java.util.Map;

/**
 * Repeats each step {@code size} times along the time axis (Keras' {@code UpSampling1D(size=2)}): {@code
 * (batch, steps, features)} to {@code (batch, steps * size, features)}. Written in ops ({@code ops.repeat}).
 *
 * <pre>{@code
 * var y = new UpSampling1D(3).apply(x);   // (None, 4, 8) -> (None, 12, 8)
 * }</pre>
 */
public final class UpSampling1D extends BaseLayer<UpSampling1D> {
  private final int size;

  /** Doubles the steps, Keras' default. */
  public UpSampling1D() {
    this(2);
  }

  /** @param size repeats per step, &gt; 0 */
  public UpSampling1D(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("UpSampling1D: argument 'size' must be a positive integer, got " + size);
    }
    this.size = size;
  }

  /** Rebuilds the layer from Keras' config. */
  public static UpSampling1D fromConfig(Map<String, ?> config) {
    UpSampling1D u = new UpSampling1D(config.containsKey("size") ? LayerConfigs.intArg(config, "size", "UpSampling1D")
        : 2);
    u.applyBaseConfig(config);
    return u;
  }

  public int size() {
    return size;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (x.rank() != 3) {
      throw error("expects a rank-3 input (batch, steps, features), got shape " + Shapes.format(x.shape()));
    }
    return Ops.repeat(x, size, 1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("size", size);
    return c;
  }
}
