package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Repeats rows and columns (Keras' {@code UpSampling2D(size=(2, 2), data_format=None,
 * interpolation="nearest")}): output {@code (batch, rows * size[0], cols * size[1], channels)}; no weights.
 * {@code "nearest"} repeats every pixel (Keras' {@code ops.repeat}); {@code "bilinear"} resizes as {@code
 * tf.image.resize(..., "bilinear")} (half-pixel centers). Channels_last only.
 *
 * <pre>{@code
 * var y = new UpSampling2D().apply(x);                                    // (None, 7, 7, 64) -> (None, 14, 14, 64)
 * var z = new UpSampling2D(2, 3).interpolation("bilinear").apply(x);    // (None, 7, 7, 64) -> (None, 14, 21, 64)
 * }</pre>
 */
public final class UpSampling2D extends BaseLayer<UpSampling2D> {
  private final int[] size;
  private String interpolation = "nearest";

  /** Doubles rows and columns, Keras' default. */
  public UpSampling2D() {
    this(2, 2);
  }

  /** The same factor for rows and columns. */
  public UpSampling2D(int size) {
    this(size, size);
  }

  /** {@code rows x cols} factors. */
  public UpSampling2D(int rows, int cols) {
    this.size = ConvShapes.positivePair("UpSampling2D", "size", rows, cols);
  }

  /** Rebuilds the layer from Keras' config. */
  public static UpSampling2D fromConfig(Map<String, ?> config) {
    Object v = config.get("size");
    int[] s = v == null ? new int[] {2, 2} : ConvShapes.configTuple(v, 2, "size", "UpSampling2D");
    UpSampling2D u = new UpSampling2D(s[0], s[1]);
    u.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, "UpSampling2D"));
    LayerConfigs.ifPresent(config, "interpolation", i -> u.interpolation((String) i));
    return u;
  }

  /** {@code "nearest"} (default) or {@code "bilinear"}. */
  public UpSampling2D interpolation(String interpolation) {
    checkConfigurable("interpolation");
    String i = interpolation == null ? null : interpolation.toLowerCase(Locale.ROOT);
    if (!"nearest".equals(i) && !"bilinear".equals(i)) {
      throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (UpSampling2D): argument"
          + " 'interpolation' must be 'nearest' or 'bilinear' (jkeras does not have Keras' 'bicubic', 'lanczos3',"
          + " 'lanczos5' and 'area' yet), got '" + interpolation + "'");
    }
    this.interpolation = i;
    return this;
  }

  public int[] size() {
    return size.clone();
  }

  public String interpolation() {
    return interpolation;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 4) {
      throw error("expects a rank-4 input (batch, rows, cols, channels), got shape " + Shapes.format(in));
    }
    long rows = in.get(1) == Shape.UNKNOWN_SIZE ? Shape.UNKNOWN_SIZE : in.get(1) * size[0];
    long cols = in.get(2) == Shape.UNKNOWN_SIZE ? Shape.UNKNOWN_SIZE : in.get(2) * size[1];
    return Shape.of(in.get(0), rows, cols, in.get(3));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("size", ConvShapes.toList(size));
    c.put("data_format", "channels_last");
    c.put("interpolation", interpolation);
    return c;
  }
}
