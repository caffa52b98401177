package io.jkeras.tf.lowering;

import io.jkeras.layers.Dense;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code Dense}: {@code matMul} + {@code biasAdd} + activation. An input of rank &gt; 2 is contracted on its
 * last axis as Keras' tensordot does: reshaped to (-1, in), multiplied, and reshaped back to (..., units).
 */
final class DenseLowering implements LayerLowering<Dense> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Dense layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "kernel"));
    int rank = x.shape().numDimensions();
    Operand<TFloat32> y;
    if (rank == 2) {
      y = tf.linalg.matMul(x, kernel);
    } else {
      long in = x.shape().get(rank - 1);
      Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, in}));
      Operand<TFloat32> prod = tf.linalg.matMul(flat, kernel);
      // Leading dimensions come from the runtime shape: only the last one is known for sure.
      Operand<TInt32> lead = tf.stridedSlice(tf.shape(x), Indices.sliceTo(-1));
      Operand<TInt32> outShape = tf.concat(List.of(lead, tf.constant(new int[] {layer.units()})), tf.constant(0));
      y = tf.reshape(prod, outShape);
    }
    if (layer.useBias()) {
      y = tf.nn.biasAdd(y, ctx.variable(Lowerings.weight(layer, "bias")));
    }
    Lowered out = Lowerings.activated(ctx, layer.activation(), y);
    Lowerings.activityPenalty(ctx, layer, layer.activityRegularizer(), out.floatValue());
    return List.of(out);
  }
}
