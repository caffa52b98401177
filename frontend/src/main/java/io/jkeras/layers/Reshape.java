package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Reshapes each sample to {@code target_shape} (Keras' {@code Reshape}); the batch dimension stays. One
 * dimension may be -1: it is inferred from the input's size. The number of elements must not change.
 *
 * <pre>{@code
 * var x = Input.of(12);
 * var y = new Reshape(3, 4).apply(x);       // (None, 3, 4)
 * var z = new Reshape(-1, 2, 2).apply(x);   // (None, 3, 2, 2)
 * }</pre>
 */
public final class Reshape extends BaseLayer<Reshape> {
  private final int[] targetShape;

  /** @param targetShape the shape of one sample, without the batch dimension; at most one -1 */
  public Reshape(int... targetShape) {
    if (targetShape == null) {
      throw new IllegalArgumentException("Reshape: argument 'target_shape' is null");
    }
    int unknown = 0;
    for (int d : targetShape) {
      if (d == -1) {
        unknown++;
      } else if (d <= 0) {
        throw new IllegalArgumentException("Reshape: argument 'target_shape' must hold positive sizes or one -1,"
            + " got " + format(targetShape));
      }
    }
    if (unknown > 1) {
      throw new IllegalArgumentException("Reshape: argument 'target_shape' must not contain more than one -1"
          + " value, got " + format(targetShape));
    }
    this.targetShape = targetShape.clone();
  }

  /** Rebuilds the layer from Keras' config. */
  public static Reshape fromConfig(Map<String, ?> config) {
    Object t = config.get("target_shape");
    if (!(t instanceof List<?> l)) {
      throw new IllegalArgumentException("Reshape config needs a list 'target_shape', got " + t);
    }
    int[] dims = new int[l.size()];
    for (int i = 0; i < dims.length; i++) {
      Object d = l.get(i);
      dims[i] = d == null ? -1 : ((Number) d).intValue();
    }
    Reshape r = new Reshape(dims);
    r.applyBaseConfig(config);
    return r;
  }

  /** The target shape as given, -1 included. */
  public int[] targetShape() {
    return targetShape.clone();
  }

  private static String format(int[] dims) {
    List<String> parts = new ArrayList<>();
    for (int d : dims) {
      parts.add(Integer.toString(d));
    }
    return dims.length == 1 ? "(" + parts.get(0) + ",)" : "(" + String.join(", ", parts) + ")";
  }

  /** Keras' {@code compute_reshape_output_shape} on the non-batch dimensions. */
  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() < 1) {
      throw error("expects an input with a batch dimension, got shape " + Shapes.format(in));
    }
    long[] out = new long[targetShape.length + 1];
    out[0] = in.get(0);
    long inSize = Shapes.sizeFrom(in, 1);
    if (inSize == Shape.UNKNOWN_SIZE) {
      // The -1 cannot be resolved from an input of unknown size; it stays unknown.
      for (int i = 0; i < targetShape.length; i++) {
        out[i + 1] = targetShape[i] == -1 ? Shape.UNKNOWN_SIZE : targetShape[i];
      }
      return Shape.of(out);
    }
    long known = 1;
    int unknownIndex = -1;
    for (int i = 0; i < targetShape.length; i++) {
      if (targetShape[i] == -1) {
        unknownIndex = i;
      } else {
        known *= targetShape[i];
      }
      out[i + 1] = targetShape[i];
    }
    if (unknownIndex < 0 ? known != inSize : inSize % known != 0) {
      throw error("the total size of the tensor must be unchanged: cannot reshape an input of shape "
          + Shapes.format(in) + " (" + inSize + " elements per sample) to target_shape " + format(targetShape)
          + (unknownIndex < 0 ? " (" + known + " elements)" : " (a multiple of " + known + " elements)"));
    }
    if (unknownIndex >= 0) {
      out[unknownIndex + 1] = inSize / known;
    }
    return Shape.of(out);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    List<Integer> t = new ArrayList<>();
    Arrays.stream(targetShape).forEach(t::add);
    c.put("target_shape", t);
    return c;
  }
}
