package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The shared part of {@link GlobalPooling1D} and {@link GlobalPooling2D} (Keras' {@code BaseGlobalPooling}): a
 * reduction over every spatial axis of the input, each kept as size 1 with {@code keepdims}; the output keeps
 * the features (channels) axis.
 *
 * @param <L> the concrete pooling layer
 */
public abstract class BaseGlobalPooling<L extends BaseGlobalPooling<L>> extends BaseLayer<L> {
  private final int spatialRank;
  private final String layout;
  private String dataFormat = "channels_last";
  private boolean keepdims = false;

  /**
   * @param spatialRank the number of reduced axes
   * @param layout the channels_last input layout, for messages, e.g. {@code "(batch, steps, features)"}
   */
  BaseGlobalPooling(int spatialRank, String layout) {
    this.spatialRank = spatialRank;
    this.layout = layout;
  }

  /** Reads the arguments of Keras' config into {@code layer}. */
  protected static <L extends BaseGlobalPooling<L>> L configure(L layer, Map<String, ?> config) {
    layer.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", v -> layer.dataFormat((String) v));
    LayerConfigs.ifPresent(config, "keepdims", v -> layer.keepdims((Boolean) v));
    return layer;
  }

  /** {@code "channels_last"} (default: features last) or {@code "channels_first"}. */
  public L dataFormat(String dataFormat) {
    checkConfigurable("data_format");
    if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
      throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (" + className()
          + "): argument 'data_format' must be 'channels_last' or 'channels_first', got '" + dataFormat + "'");
    }
    this.dataFormat = dataFormat;
    return self();
  }

  /** Whether the reduced axes stay, with size 1; {@code false} by default. */
  public L keepdims(boolean keepdims) {
    checkConfigurable("keepdims");
    this.keepdims = keepdims;
    return self();
  }

  public String dataFormat() {
    return dataFormat;
  }

  public boolean keepdims() {
    return keepdims;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    int rank = spatialRank + 2;
    if (in.numDimensions() != rank) {
      throw error("expects a rank-" + rank + " input " + layout + ", got shape " + Shapes.format(in));
    }
    int featureAxis = "channels_last".equals(dataFormat) ? rank - 1 : 1;
    long features = in.get(featureAxis);
    if (!keepdims) {
      return Shape.of(in.get(0), features);
    }
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    out[0] = in.get(0);
    out[featureAxis] = features;
    return Shape.of(out);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", dataFormat);
    c.put("keepdims", keepdims);
    return c;
  }
}
