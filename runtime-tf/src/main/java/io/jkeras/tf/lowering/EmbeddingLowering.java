package io.jkeras.tf.lowering;

import io.jkeras.layers.Embedding;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * {@code Embedding}: {@code gather(embeddings, ids, axis=0)}; ids of a non-integer type are cast to int32 first,
 * as Keras does. The lookup goes through {@link LoweringContext#lookupRows}, so that training hands the table's
 * gradient to the optimizer as rows, as Keras on TensorFlow does (see {@code TfGradient}). Out-of-range ids
 * fail at run time with TensorFlow's message naming the index, as in Keras on TensorFlow (CPU).
 */
final class EmbeddingLowering implements LayerLowering<Embedding> {
  @Override
  @SuppressWarnings("unchecked")
  public List<Lowered> lower(LoweringContext ctx, Embedding layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<?> raw = inputs.get(0).value();
    Operand<? extends TNumber> ids = raw.type() == TInt64.class ? (Operand<TInt64>) raw
        : raw.type() == TInt32.class ? (Operand<TInt32>) raw : tf.dtypes.cast(raw, TInt32.class);
    Operand<TFloat32> y = ctx.lookupRows(Lowerings.weight(layer, "embeddings"), ids);
    Lowerings.activityPenalty(ctx, layer, layer.activityRegularizer(), y);
    Lowered out = Lowered.of(y);
    // mask_zero: index 0 is padding (Keras' compute_mask: ids != 0).
    return List.of(layer.maskZero() ? out.withMask(notZero(tf, ids)) : out);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Operand<TBool> notZero(Ops tf, Operand<? extends TNumber> ids) {
    Operand zero = ids.type() == TInt64.class ? tf.constant(0L) : tf.constant(0);
    return tf.math.notEqual((Operand) ids, zero);
  }
}
