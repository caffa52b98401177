package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * The base of Keras' element-wise merge layers ({@link Add}, {@link Subtract}, {@link Multiply}, {@link
 * Average}, {@link Maximum}, {@link Minimum}); no weights. As in Keras' {@code Merge}, the non-batch shapes
 * broadcast NumPy-style from the last axis: two sizes must be equal or one of them 1 (an unknown size gives an
 * unknown size); an input of lower rank is aligned with the others' last axes (at run time Keras expands it at
 * axis 1 until the ranks match). Known batch sizes must agree.
 *
 * <p>Masks as Keras 3's {@code Merge}: the output carries the logical OR of the inputs' masks when every input
 * has one, no mask otherwise. {@code Maximum} and {@code Minimum} take, at a masked position of one input, the
 * other input's value; {@code Multiply} treats masked positions as 1 (and zeroes positions masked everywhere);
 * {@code Add}, {@code Subtract} and {@code Average} combine the values as they are.
 *
 * <pre>{@code
 * var y = new Multiply().apply(a, b);               // (None, 4, 64) * (None, 1, 64) -> (None, 4, 64)
 * var z = new Maximum().apply(List.of(a, b, c));
 * }</pre>
 *
 * @param <L> the concrete layer class
 */
public abstract class Merge<L extends Merge<L>> extends BaseLayer<L> {

  protected Merge() {}

  /** The fewest inputs the layer takes; 1 for most merges, as in Keras. */
  protected int minInputs() {
    return 1;
  }

  /** The most inputs the layer takes. */
  protected int maxInputs() {
    return Integer.MAX_VALUE;
  }

  /** What the layer does to its inputs, for error messages ("added", "multiplied"). */
  protected abstract String verb();

  /** Checks the number of inputs; the message follows Keras' wording. */
  protected void checkInputCount(List<Shape> inputs) {
    if (inputs.isEmpty() || inputs.size() < minInputs()) {
      throw error(minInputs() == maxInputs()
          ? "should be called on exactly " + minInputs() + " inputs, got " + inputs.size() + ": "
              + formatShapes(inputs)
          : "a merge layer should be called on a list of at least " + Math.max(1, minInputs()) + " input"
              + (minInputs() > 1 ? "s" : "") + ", got " + inputs.size());
    }
    if (inputs.size() > maxInputs()) {
      throw error("should be called on exactly " + maxInputs() + " inputs, got " + inputs.size() + ": "
          + formatShapes(inputs));
    }
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** Keras' {@code Merge.compute_mask}: the OR of the masks if every input has one, else none. */
  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    if (inputMasks.isEmpty() || inputMasks.stream().anyMatch(Optional::isEmpty)) {
      return List.of(Optional.empty());
    }
    long[] out = inputMasks.get(0).get().asArray();
    for (int i = 1; i < inputMasks.size(); i++) {
      long[] next = broadcast(out, inputMasks.get(i).get().asArray());
      if (next == null) {
        throw error("the inputs' masks cannot be combined: mask shapes " + inputMasks.stream()
            .map(m -> Shapes.format(m.get())).toList());
      }
      out = next;
    }
    return List.of(Optional.of(Shape.of(out)));
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputs) {
    checkInputCount(inputs);
    long batch = Shape.UNKNOWN_SIZE;
    for (Shape s : inputs) {
      if (s.numDimensions() < 1) {
        throw error("inputs need a batch dimension; got shapes " + formatShapes(inputs));
      }
      long b = s.get(0);
      if (b != Shape.UNKNOWN_SIZE) {
        if (batch != Shape.UNKNOWN_SIZE && batch != b) {
          throw error("cannot merge tensors with different batch sizes; got shapes " + formatShapes(inputs));
        }
        batch = b;
      }
    }
    long[] out = inputs.get(0).tail().asArray();
    for (int i = 1; i < inputs.size(); i++) {
      long[] next = broadcast(out, inputs.get(i).tail().asArray());
      if (next == null) {
        String sofar = i == 1 ? "input 0 " + Shapes.format(inputs.get(0))
            : "the broadcast shape " + Shapes.format(withBatch(batch, out)) + " of inputs 0.." + (i - 1);
        throw error("inputs have incompatible shapes: " + sofar + " and input " + i + " "
            + Shapes.format(inputs.get(i)) + " cannot be " + verb() + " (sizes must be equal or 1 on each axis"
            + " counted from the last); input shapes: " + formatShapes(inputs));
      }
      out = next;
    }
    return List.of(withBatch(batch, out));
  }

  private static Shape withBatch(long batch, long[] dims) {
    long[] full = new long[dims.length + 1];
    full[0] = batch;
    System.arraycopy(dims, 0, full, 1, dims.length);
    return Shape.of(full);
  }

  /** Keras' {@code _compute_elemwise_op_output_shape}; {@code null} when the shapes do not broadcast. */
  private static long[] broadcast(long[] a, long[] b) {
    if (a.length < b.length) {
      long[] t = a;
      a = b;
      b = t;
    }
    long[] out = a.clone();
    int offset = a.length - b.length;
    for (int k = 0; k < b.length; k++) {
      long i = a[offset + k];
      long j = b[k];
      if (i == Shape.UNKNOWN_SIZE || j == Shape.UNKNOWN_SIZE) {
        out[offset + k] = Shape.UNKNOWN_SIZE;
      } else if (i == 1) {
        out[offset + k] = j;
      } else if (j == 1 || i == j) {
        out[offset + k] = i;
      } else {
        return null;
      }
    }
    return out;
  }
}
