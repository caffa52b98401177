package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The shared part of {@link GlobalAveragePooling2D} and {@link GlobalMaxPooling2D} (Keras' {@code
 * BaseGlobalPooling}): a reduction over both spatial axes of a rank-4 input, keeping them as size 1 with {@code
 * keepdims}.
 *
 * @param <L> the concrete pooling layer
 */
public abstract class GlobalPooling2D<L extends GlobalPooling2D<L>> extends BaseLayer<L> {
  private String dataFormat = "channels_last";
  private boolean keepdims = false;

  protected GlobalPooling2D() {}

  /** Reads the arguments of Keras' config into {@code layer}. */
  protected static <L extends GlobalPooling2D<L>> L configure(L layer, Map<String, ?> config) {
    layer.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", v -> layer.dataFormat((String) v));
    LayerConfigs.ifPresent(config, "keepdims", v -> layer.keepdims((Boolean) v));
    return layer;
  }

  /** {@code "channels_last"} (default: (batch, rows, cols, channels)) or {@code "channels_first"}. */
  public L dataFormat(String dataFormat) {
    checkConfigurable("data_format");
    if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
      throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (" + className()
          + "): argument 'data_format' must be 'channels_last' or 'channels_first', got '" + dataFormat + "'");
    }
    this.dataFormat = dataFormat;
    return self();
  }

  /** Whether the spatial axes stay, with size 1; {@code false} by default. */
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

  /** The axes the runtime reduces: {@code {1, 2}} for channels_last, {@code {2, 3}} for channels_first. */
  public int[] reductionAxes() {
    return "channels_last".equals(dataFormat) ? new int[] {1, 2} : new int[] {2, 3};
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 4) {
      throw error("expects a rank-4 input (batch, rows, cols, channels), got shape " + Shapes.format(in));
    }
    boolean last = "channels_last".equals(dataFormat);
    long channels = last ? in.get(3) : in.get(1);
    if (!keepdims) {
      return Shape.of(in.get(0), channels);
    }
    return last ? Shape.of(in.get(0), 1, 1, channels) : Shape.of(in.get(0), channels, 1, 1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", dataFormat);
    c.put("keepdims", keepdims);
    return c;
  }
}
