package io.jkeras.tf.train;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * The gradient of one weight as the optimizer receives it: a dense tensor, or, for a table read by row lookups
 * (Embedding), the looked-up rows as TensorFlow's {@code IndexedSlices}: one row of {@code values} per id in
 * {@code indices}, a row repeated as often as its id appears in the batch, not summed.
 *
 * <p>Keras on TensorFlow gives the optimizer an Embedding's gradient in that form, and its element-wise ops act on
 * the rows before they are summed: {@code ops.square(gradient)} squares each row, so Adam's second moment gets
 * {@code Σ g_i²} where a dense gradient gives {@code (Σ g_i)²}; clipping by value clips each row, and clipping by
 * norm takes the norm of all rows. {@link #map} applies such an op to each row, {@link #dense} and {@link
 * #denseSquares} sum the rows into a tensor of the table's shape ({@code UnsortedSegmentSum}, which is what
 * TensorFlow's conversion of {@code IndexedSlices} to a tensor does).
 *
 * <pre>{@code
 * TfGradient g = TfGradient.rows(ids, rowGradients, 10000);     // ids (n), rowGradients (n, dim)
 * Operand<TFloat32> m = g.dense(tf);                            // (10000, dim), repeated ids summed
 * Operand<TFloat32> v = g.denseSquares(tf);                     // Σ of the squared rows per id
 * }</pre>
 */
public final class TfGradient {
  private final Operand<TFloat32> dense;
  private final Operand<? extends TNumber> indices;
  private final Operand<TFloat32> values;
  private final long numRows;

  private TfGradient(Operand<TFloat32> dense, Operand<? extends TNumber> indices, Operand<TFloat32> values,
      long numRows) {
    this.dense = dense;
    this.indices = indices;
    this.values = values;
    this.numRows = numRows;
  }

  /** A dense gradient, shaped as its weight. */
  public static TfGradient dense(Operand<TFloat32> gradient) {
    return new TfGradient(Objects.requireNonNull(gradient, "gradient"), null, null, -1);
  }

  /**
   * The gradient of a table of {@code numRows} rows as looked-up rows: {@code values} has one row per entry of
   * the 1-D {@code indices} (ids may repeat), each row shaped as a row of the table.
   */
  public static TfGradient rows(Operand<? extends TNumber> indices, Operand<TFloat32> values, long numRows) {
    if (numRows <= 0) {
      throw new IllegalArgumentException("numRows must be > 0, got " + numRows);
    }
    return new TfGradient(null, Objects.requireNonNull(indices, "indices"), Objects.requireNonNull(values, "values"),
        numRows);
  }

  /** The number of rows of the table ({@link #isRows()} only). */
  public long numRows() {
    requireRows();
    return numRows;
  }

  /** Whether this gradient is given as looked-up rows (Keras' {@code IndexedSlices}). */
  public boolean isRows() {
    return values != null;
  }

  /** The 1-D ids of the rows ({@link #isRows()} only). */
  public Operand<? extends TNumber> indices() {
    requireRows();
    return indices;
  }

  /** One row per id, unsummed ({@link #isRows()} only). */
  public Operand<TFloat32> values() {
    requireRows();
    return values;
  }

  /** The rows' values, or the dense gradient: what element-wise ops act on. */
  public Operand<TFloat32> elements() {
    return isRows() ? values : dense;
  }

  /** The same kind of gradient with {@code f} applied to its elements (to each row before rows are summed). */
  public TfGradient map(UnaryOperator<Operand<TFloat32>> f) {
    return isRows() ? new TfGradient(null, indices, f.apply(values), numRows) : dense(f.apply(dense));
  }

  /** The dense gradient, repeated rows summed. */
  public Operand<TFloat32> dense(Ops tf) {
    return isRows() ? tf.math.unsortedSegmentSum(values, indices, tf.constant(numRows)) : dense;
  }

  /**
   * Keras' {@code ops.square(gradient)} made dense: {@code g²} for a dense gradient, the sum of the squared rows
   * per id for rows.
   */
  public Operand<TFloat32> denseSquares(Ops tf) {
    return map(tf.math::square).dense(tf);
  }

  /** The sum of the squares of all elements (of every row, repeated ones included), as a scalar. */
  public Operand<TFloat32> sumOfSquares(Ops tf) {
    return Clipping.sumAll(tf, tf.math.square(elements()));
  }

  private void requireRows() {
    if (!isRows()) {
      throw new IllegalStateException("A dense gradient has no rows");
    }
  }
}
