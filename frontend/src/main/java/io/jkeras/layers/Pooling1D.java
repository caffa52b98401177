package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The shared part of {@link MaxPooling1D} and {@link AveragePooling1D}: a window over the steps of {@code (batch,
 * steps, features)}, strides (the window by default, as in Keras), padding; channels_last.
 *
 * @param <L> the concrete pooling layer
 */
public abstract class Pooling1D<L extends Pooling1D<L>> extends BaseLayer<L> {
  private final int poolSize;
  private Integer strides;
  private Padding padding = Padding.VALID;

  protected Pooling1D(int poolSize) {
    if (poolSize <= 0) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": argument 'pool_size' must be positive, got " + poolSize);
    }
    this.poolSize = poolSize;
  }

  /** Reads the pooling arguments of Keras' config into {@code layer}. */
  protected static <L extends Pooling1D<L>> L configure(L layer, Map<String, ?> config) {
    layer.applyBaseConfig(config);
    String cls = layer.className();
    LayerConfigs.ifPresent(config, "strides", v -> layer.strides(ConvShapes.configTuple(v, 1, "strides", cls)[0]));
    LayerConfigs.ifPresent(config, "padding", v -> layer.padding((String) v));
    LayerConfigs.ifPresent(config, "data_format", v -> LayerConfigs.checkChannelsLast(v, cls));
    return layer;
  }

  /** Reads {@code pool_size} from Keras' config (2 when absent). */
  protected static int poolSizeFromConfig(Map<String, ?> config, String className) {
    Object v = config.get("pool_size");
    return v == null ? 2 : ConvShapes.configTuple(v, 1, "pool_size", className)[0];
  }

  /** Step of the window; the pool size by default. */
  public L strides(int strides) {
    checkConfigurable("strides");
    if (strides <= 0) {
      throw new IllegalArgumentException(where() + ": argument 'strides' must be positive, got " + strides);
    }
    this.strides = strides;
    return self();
  }

  /** {@code "valid"} (default) or {@code "same"}. */
  public L padding(String padding) {
    checkConfigurable("padding");
    this.padding = Padding.of(padding, where());
    return self();
  }

  public int poolSize() {
    return poolSize;
  }

  public int strides() {
    return strides == null ? poolSize : strides;
  }

  public Padding padding() {
    return padding;
  }

  private String where() {
    return "Layer '" + nameForMessages() + "' (" + className() + ")";
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 3) {
      throw error("expects a rank-3 input (batch, steps, features), got shape " + Shapes.format(in));
    }
    long steps = ConvShapes.outputLength(in.get(1), poolSize, padding, strides(), 1);
    if (steps == 0) {
      throw error("pool_size (" + poolSize + ",) is larger than the input " + Shapes.format(in)
          + " with padding='valid'");
    }
    return Shape.of(in.get(0), steps, in.get(2));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("pool_size", List.of(poolSize));
    c.put("padding", padding.kerasName());
    c.put("strides", List.of(strides()));
    c.put("data_format", "channels_last");
    return c;
  }
}
