package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The shared part of {@link MaxPooling2D} and {@link AveragePooling2D}: window, strides (the window by
 * default, as in Keras), padding, channels_last.
 *
 * @param <L> the concrete pooling layer
 */
public abstract class Pooling2D<L extends Pooling2D<L>> extends BaseLayer<L> {
  private final int[] poolSize;
  private int[] strides;
  private Padding padding = Padding.VALID;

  protected Pooling2D(int poolRows, int poolCols) {
    this.poolSize = ConvShapes.positivePair(getClass().getSimpleName(), "pool_size", poolRows, poolCols);
  }

  /** Reads the pooling arguments of Keras' config into {@code layer}. */
  protected static <L extends Pooling2D<L>> L configure(L layer, Map<String, ?> config) {
    layer.applyBaseConfig(config);
    String cls = layer.className();
    LayerConfigs.ifPresent(config, "strides", v -> {
      int[] s = LayerConfigs.intPair(v, "strides", cls);
      layer.strides(s[0], s[1]);
    });
    LayerConfigs.ifPresent(config, "padding", v -> layer.padding((String) v));
    LayerConfigs.ifPresent(config, "data_format", v -> LayerConfigs.checkChannelsLast(v, cls));
    return layer;
  }

  /** Reads {@code pool_size} from Keras' config. */
  protected static int[] poolSizeFromConfig(Map<String, ?> config, String className) {
    Object v = config.get("pool_size");
    return v == null ? new int[] {2, 2} : LayerConfigs.intPair(v, "pool_size", className);
  }

  /** Step of the window; the pool size by default. */
  public L strides(int rows, int cols) {
    checkConfigurable("strides");
    this.strides = ConvShapes.positivePair(where(), "strides", rows, cols);
    return self();
  }

  /** {@code "valid"} (default) or {@code "same"}. */
  public L padding(String padding) {
    checkConfigurable("padding");
    this.padding = Padding.of(padding, where());
    return self();
  }

  public int[] poolSize() {
    return poolSize.clone();
  }

  public int[] strides() {
    return strides == null ? poolSize.clone() : strides.clone();
  }

  public Padding padding() {
    return padding;
  }

  private String where() {
    return "Layer '" + nameForMessages() + "' (" + className() + ")";
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 4) {
      throw error("expects a rank-4 input (batch, rows, cols, channels), got shape " + Shapes.format(in));
    }
    int[] s = strides();
    long rows = ConvShapes.outputLength(in.get(1), poolSize[0], padding, s[0], 1);
    long cols = ConvShapes.outputLength(in.get(2), poolSize[1], padding, s[1], 1);
    if (rows == 0 || cols == 0) {
      throw error("pool_size (" + poolSize[0] + ", " + poolSize[1] + ") is larger than the input "
          + Shapes.format(in) + " with padding='valid'");
    }
    return Shape.of(in.get(0), rows, cols, in.get(3));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    int[] s = strides();
    c.put("pool_size", List.of(poolSize[0], poolSize[1]));
    c.put("padding", padding.kerasName());
    c.put("strides", List.of(s[0], s[1]));
    c.put("data_format", "channels_last");
    return c;
  }
}
