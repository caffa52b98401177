package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Concatenates a list of tensors along one axis, the last by default (Keras' {@code Concatenate}). All other
 * dimensions must be equal.
 *
 * <pre>{@code
 * var merged = new Concatenate().apply(List.of(imageFeatures, metadata, audio));   // (None, 12544 + 10 + 100)
 * }</pre>
 */
public final class Concatenate extends BaseLayer<Concatenate> {
  private final int axis;

  /** Concatenates along the last axis. */
  public Concatenate() {
    this(-1);
  }

  /** Concatenates along {@code axis} (negative counts from the end; the batch axis 0 is not allowed). */
  public Concatenate(int axis) {
    this.axis = axis;
  }

  /** Rebuilds the layer from Keras' config. */
  public static Concatenate fromConfig(Map<String, ?> config) {
    Object a = config.get("axis");
    Concatenate c = new Concatenate(a == null ? -1 : ((Number) a).intValue());
    c.applyBaseConfig(config);
    return c;
  }

  public int axis() {
    return axis;
  }

  /** The axis as a non-negative index for inputs of this rank. */
  public int normalizedAxis(int rank) {
    return axis < 0 ? rank + axis : axis;
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputs) {
    if (inputs.size() < 2) {
      throw error("expects a list of at least 2 inputs, got " + inputs.size() + ": " + formatShapes(inputs));
    }
    int rank = inputs.get(0).numDimensions();
    int ax = normalizedAxis(rank);
    if (ax <= 0 || ax >= rank) {
      throw error("axis " + axis + " is out of range for inputs of rank " + rank
          + " (the batch axis cannot be concatenated): " + formatShapes(inputs));
    }
    long total = 0;
    for (Shape s : inputs) {
      if (s.numDimensions() != rank) {
        throw error("all inputs must have the same rank; got shapes " + formatShapes(inputs));
      }
      for (int d = 1; d < rank; d++) {
        if (d == ax) {
          continue;
        }
        long a = inputs.get(0).get(d);
        long b = s.get(d);
        if (a != Shape.UNKNOWN_SIZE && b != Shape.UNKNOWN_SIZE && a != b) {
          throw error("a Concatenate layer requires inputs with matching shapes except for the concatenation"
              + " axis " + axis + "; got shapes " + formatShapes(inputs));
        }
      }
      long n = s.get(ax);
      total = (total == Shape.UNKNOWN_SIZE || n == Shape.UNKNOWN_SIZE) ? Shape.UNKNOWN_SIZE : total + n;
    }
    return List.of(Shapes.withDim(inputs.get(0), ax, total));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", axis);
    return c;
  }
}
