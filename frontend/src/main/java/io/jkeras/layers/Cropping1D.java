package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Removes steps at the start and end of a sequence (Keras' {@code Cropping1D(cropping=(1, 1))}): {@code (batch,
 * steps, features)} becomes {@code (batch, steps - start - end, features)}; no weights.
 *
 * <pre>{@code
 * var y = new Cropping1D().apply(x);       // (None, 10, 8) -> (None, 8, 8)
 * var z = new Cropping1D(2, 0).apply(x);   // (None, 10, 8) -> (None, 8, 8)
 * }</pre>
 */
public final class Cropping1D extends BaseLayer<Cropping1D> {
  private final int[] cropping;

  /** One step from each end, Keras' default. */
  public Cropping1D() {
    this(1, 1);
  }

  /** The same number of steps from each end. */
  public Cropping1D(int cropping) {
    this(cropping, cropping);
  }

  /** {@code start} steps from the start, {@code end} from the end. */
  public Cropping1D(int start, int end) {
    this.cropping = ConvShapes.nonNegativeTuple("Cropping1D", "cropping", 2, start, end);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Cropping1D fromConfig(Map<String, ?> config) {
    Object v = config.get("cropping");
    int[] m = v == null ? new int[] {1, 1} : ConvShapes.configTuple(v, 2, "cropping", "Cropping1D");
    Cropping1D c = new Cropping1D(m[0], m[1]);
    c.applyBaseConfig(config);
    return c;
  }

  /** {@code {start, end}}. */
  public int[] cropping() {
    return cropping.clone();
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != 3) {
      throw error("expects a rank-3 input (batch, steps, features), got shape " + Shapes.format(in));
    }
    long steps = in.get(1);
    if (steps != Shape.UNKNOWN_SIZE && cropping[0] + cropping[1] >= steps) {
      throw error("'cropping' must be smaller than the input length, got input shape " + Shapes.format(in)
          + ", cropping=" + ConvShapes.format(cropping));
    }
    long out = steps == Shape.UNKNOWN_SIZE ? Shape.UNKNOWN_SIZE : steps - cropping[0] - cropping[1];
    return Shape.of(in.get(0), out, in.get(2));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("cropping", List.of(cropping[0], cropping[1]));
    return c;
  }
}
