package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  public boolean supportsMasking() {
    return true;
  }

  /**
   * Keras' {@code Concatenate.compute_mask}: each input's mask widened to the input's shape (all true for an
   * input without one), concatenated on the layer's axis and reduced with {@code any} over the last axis; so
   * along the features the OR of the masks, along the steps their concatenation. None if no input has a mask.
   */
  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    if (inputMasks.stream().allMatch(Optional::isEmpty)) {
      return List.of(Optional.empty());
    }
    for (int i = 0; i < inputMasks.size(); i++) {
      if (inputMasks.get(i).isPresent()) {
        int mr = inputMasks.get(i).get().numDimensions();
        int r = inputShapes.get(i).numDimensions();
        if (mr != r && mr != r - 1) {
          throw error("the mask of input " + i + " " + Shapes.format(inputMasks.get(i).get())
              + " must have the input's rank or one less; input shape " + Shapes.format(inputShapes.get(i)));
        }
      }
    }
    Shape out = computeOutputShapes(inputShapes).get(0);
    return List.of(Optional.of(Shape.of(java.util.Arrays.copyOf(out.asArray(), out.numDimensions() - 1))));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", axis);
    return c;
  }
}
