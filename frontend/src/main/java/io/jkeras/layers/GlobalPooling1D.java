package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The shared part of {@link GlobalAveragePooling1D} and {@link GlobalMaxPooling1D} (Keras' {@code
 * BaseGlobalPooling} with one spatial axis): a reduction over the steps of a rank-3 input, kept as size 1 with
 * {@code keepdims}.
 *
 * @param <L> the concrete pooling layer
 */
public abstract class GlobalPooling1D<L extends GlobalPooling1D<L>> extends BaseLayer<L> {
  private String dataFormat = "channels_last";
  private boolean keepdims = false;

  protected GlobalPooling1D() {}

  /** Reads the arguments of Keras' config into {@code layer}. */
  protected static <L extends GlobalPooling1D<L>> L configure(L layer, Map<String, ?> config) {
    layer.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", v -> layer.dataFormat((String) v));
    LayerConfigs.ifPresent(config, "keepdims", v -> layer.keepdims((Boolean) v));
    return layer;
  }

  /** {@code "channels_last"} (default: (batch, steps, features)) or {@code "channels_first"}. */
  public L dataFormat(String dataFormat) {
    checkConfigurable("data_format");
    if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
      throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (" + className()
          + "): argument 'data_format' must be 'channels_last' or 'channels_first', got '" + dataFormat + "'");
    }
    this.dataFormat = dataFormat;
    return self();
  }

  /** Whether the steps axis stays, with size 1; {@code false} by default. */
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

  /** The axis the runtime reduces: 1 for channels_last, 2 for channels_first. */
  public int reductionAxis() {
    return "channels_last".equals(dataFormat) ? 1 : 2;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 3) {
      throw error("expects a rank-3 input (batch, steps, features), got shape " + Shapes.format(in));
    }
    boolean last = "channels_last".equals(dataFormat);
    long features = last ? in.get(2) : in.get(1);
    if (!keepdims) {
      return Shape.of(in.get(0), features);
    }
    return last ? Shape.of(in.get(0), 1, features) : Shape.of(in.get(0), features, 1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", dataFormat);
    c.put("keepdims", keepdims);
    return c;
  }
}
