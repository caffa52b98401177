package io.jkeras.layers;

import io.jkeras.util.ConfigValues;
import io.jkeras.util.Shapes;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Softmax over one or more axes (Keras' {@code Softmax(axis=-1)}): {@code exp(x) / sum(exp(x), axis)}; no
 * weights. Several axes normalize over all of them together.
 *
 * <pre>{@code
 * var p = new Softmax().apply(logits);              // over the last axis
 * var q = new Softmax(1).apply(scores);             // (None, 5, 7): over the 5
 * var r = new Softmax(1, 2).apply(map);             // (None, 4, 4, 3): each channel's 16 values sum to 1
 * }</pre>
 */
public final class Softmax extends BaseLayer<Softmax> {
  private final int[] axes;

  /** Over the last axis. */
  public Softmax() {
    this(-1);
  }

  /** Over {@code axes} (negative counts from the end). */
  public Softmax(int... axes) {
    if (axes == null || axes.length == 0) {
      throw new IllegalArgumentException("Softmax: argument 'axis' must name at least one axis");
    }
    this.axes = axes.clone();
  }

  /** Rebuilds the layer from Keras' config ({@code axis}: an int or a list of ints). */
  public static Softmax fromConfig(Map<String, ?> config) {
    Object a = config.get("axis");
    Softmax s = a == null ? new Softmax() : new Softmax(ConfigValues.axes(a, "Softmax"));
    s.applyBaseConfig(config);
    return s;
  }

  /** The axes as given. */
  public int[] axes() {
    return axes.clone();
  }

  /** The axes as sorted non-negative indices for an input of this rank. */
  public int[] normalizedAxes(int rank) {
    return Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().distinct().toArray();
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    for (int a : axes) {
      if (a >= in.numDimensions() || a < -in.numDimensions()) {
        throw error("axis " + a + " is out of range for an input of rank " + in.numDimensions() + ", shape "
            + Shapes.format(in));
      }
    }
    return in;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", ConfigValues.axesToConfig(axes));
    return c;
  }
}
