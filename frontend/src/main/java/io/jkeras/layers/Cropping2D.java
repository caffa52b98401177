package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Removes rows and columns at the edges of an image (Keras' {@code Cropping2D(cropping=((0, 0), (0, 0)))}):
 * output {@code (batch, rows - top - bottom, cols - left - right, channels)}; no weights. Channels_last only.
 *
 * <pre>{@code
 * var y = new Cropping2D(2, 2, 4, 4).apply(x);   // (None, 28, 28, 3) -> (None, 24, 20, 3)
 * }</pre>
 */
public final class Cropping2D extends BaseLayer<Cropping2D> {
  private final int[] cropping;

  /** No cropping, Keras' default. */
  public Cropping2D() {
    this(0);
  }

  /** The same cropping on every side. */
  public Cropping2D(int cropping) {
    this(cropping, cropping);
  }

  /** {@code rows} from top and bottom, {@code cols} from left and right. */
  public Cropping2D(int rows, int cols) {
    this(rows, rows, cols, cols);
  }

  /** Keras' {@code ((top, bottom), (left, right))}. */
  public Cropping2D(int top, int bottom, int left, int right) {
    this.cropping = Spatial2DMargins.check("Cropping2D", "cropping", top, bottom, left, right);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Cropping2D fromConfig(Map<String, ?> config) {
    Object v = config.get("cropping");
    int[] m = v == null ? new int[4] : Spatial2DMargins.fromConfig(v, "cropping", "Cropping2D");
    Cropping2D c = new Cropping2D(m[0], m[1], m[2], m[3]);
    c.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, "Cropping2D"));
    return c;
  }

  /** {@code {top, bottom, left, right}}. */
  public int[] cropping() {
    return cropping.clone();
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 4) {
      throw error("expects a rank-4 input (batch, rows, cols, channels), got shape " + Shapes.format(in));
    }
    long r = in.get(1);
    long c = in.get(2);
    if ((r != Shape.UNKNOWN_SIZE && cropping[0] + cropping[1] >= r)
        || (c != Shape.UNKNOWN_SIZE && cropping[2] + cropping[3] >= c)) {
      throw error("values in 'cropping' must be smaller than the corresponding spatial dimension of the input,"
          + " got input shape " + Shapes.format(in) + ", cropping=" + Spatial2DMargins.format(cropping));
    }
    long rows = r == Shape.UNKNOWN_SIZE ? Shape.UNKNOWN_SIZE : r - cropping[0] - cropping[1];
    long cols = c == Shape.UNKNOWN_SIZE ? Shape.UNKNOWN_SIZE : c - cropping[2] - cropping[3];
    return Shape.of(in.get(0), rows, cols, in.get(3));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("cropping", Spatial2DMargins.toConfig(cropping));
    c.put("data_format", "channels_last");
    return c;
  }
}
