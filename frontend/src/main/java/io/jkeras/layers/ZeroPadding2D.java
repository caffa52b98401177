package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Adds rows and columns of zeros around an image (Keras' {@code ZeroPadding2D(padding=(1, 1))}): output {@code
 * (batch, rows + top + bottom, cols + left + right, channels)}; no weights. Channels_last only.
 *
 * <pre>{@code
 * var y = new ZeroPadding2D().apply(x);             // (None, 28, 28, 1) -> (None, 30, 30, 1)
 * var z = new ZeroPadding2D(1, 2, 0, 3).apply(x);   // top 1, bottom 2, left 0, right 3 -> (None, 31, 31, 1)
 * }</pre>
 */
public final class ZeroPadding2D extends BaseLayer<ZeroPadding2D> {
  private final int[] padding;

  /** One row/column on every side, Keras' default. */
  public ZeroPadding2D() {
    this(1);
  }

  /** The same padding on every side. */
  public ZeroPadding2D(int padding) {
    this(padding, padding);
  }

  /** {@code rows} on top and bottom, {@code cols} on left and right. */
  public ZeroPadding2D(int rows, int cols) {
    this(rows, rows, cols, cols);
  }

  /** Keras' {@code ((top, bottom), (left, right))}. */
  public ZeroPadding2D(int top, int bottom, int left, int right) {
    this.padding = Spatial2DMargins.check("ZeroPadding2D", "padding", top, bottom, left, right);
  }

  /** Rebuilds the layer from Keras' config. */
  public static ZeroPadding2D fromConfig(Map<String, ?> config) {
    Object v = config.get("padding");
    int[] m = v == null ? new int[] {1, 1, 1, 1} : Spatial2DMargins.fromConfig(v, "padding", "ZeroPadding2D");
    ZeroPadding2D z = new ZeroPadding2D(m[0], m[1], m[2], m[3]);
    z.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, "ZeroPadding2D"));
    return z;
  }

  /** {@code {top, bottom, left, right}}. */
  public int[] padding() {
    return padding.clone();
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 4) {
      throw error("expects a rank-4 input (batch, rows, cols, channels), got shape " + Shapes.format(in));
    }
    long rows = in.get(1) == Shape.UNKNOWN_SIZE ? Shape.UNKNOWN_SIZE : in.get(1) + padding[0] + padding[1];
    long cols = in.get(2) == Shape.UNKNOWN_SIZE ? Shape.UNKNOWN_SIZE : in.get(2) + padding[2] + padding[3];
    return Shape.of(in.get(0), rows, cols, in.get(3));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("padding", Spatial2DMargins.toConfig(padding));
    c.put("data_format", "channels_last");
    return c;
  }
}
