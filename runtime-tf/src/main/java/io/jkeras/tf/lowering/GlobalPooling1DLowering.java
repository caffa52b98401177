package io.jkeras.tf.lowering;

import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalPooling1D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TBool;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: mean or max over the steps axis; the average
 * over the unmasked steps when the input carries a mask (Keras 3's GlobalMaxPooling1D takes no mask).
 */
final class GlobalPooling1DLowering implements LayerLowering<GlobalPooling1D<?>> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, GlobalPooling1D<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    var axis = tf.constant(new int[] {layer.reductionAxis()});
    Operand<TBool> mask = inputs.get(0).mask();
    if (mask != null && !(layer instanceof GlobalMaxPooling1D)) {
      // Keras: where(mask, x, 0) summed over the steps, over the number of unmasked steps (NaN if there are none,
      // as in Keras). The mask (batch, steps) gains the features axis.
      Operand<TFloat32> m = tf.expandDims(tf.stopGradient(tf.dtypes.cast(mask, TFloat32.class)),
          tf.constant(layer.reductionAxis() == 1 ? 2 : 1));
      Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(x, m), axis, ReduceSum.keepDims(layer.keepdims()));
      Operand<TFloat32> count = tf.reduceSum(m, axis, ReduceSum.keepDims(layer.keepdims()));
      return List.of(Lowered.of(tf.math.div(sum, count)));
    }
    Operand<TFloat32> y = layer instanceof GlobalMaxPooling1D
        ? tf.max(x, axis, Max.keepDims(layer.keepdims()))
        : tf.math.mean(x, axis, Mean.keepDims(layer.keepdims()));
    return List.of(Lowered.of(y));
  }
}
