package io.jkeras.tf.lowering;

import io.jkeras.layers.Masking;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceAny;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * {@code Masking}: {@code keep = any(x != mask_value, axis=-1, keepdims=True)}; the output is {@code x * keep}
 * and carries {@code squeeze(keep, -1)} as its mask (Keras' {@code Masking.call}). The mask is computed from a
 * {@code stopGradient} of the input: comparisons have no gradient, and none is needed.
 */
final class MaskingLowering implements LayerLowering<Masking> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Masking layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TBool> keep = tf.reduceAny(
        tf.math.notEqual(tf.stopGradient(x), tf.constant((float) layer.maskValue())), tf.constant(-1),
        ReduceAny.keepDims(true));
    Operand<TFloat32> y = tf.math.mul(x, tf.dtypes.cast(keep, TFloat32.class));
    return List.of(Lowered.of(y).withMask(tf.squeeze(keep, org.tensorflow.op.core.Squeeze.axis(List.of(-1L)))));
  }
}
