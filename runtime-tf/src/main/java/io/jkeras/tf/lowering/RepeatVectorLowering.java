package io.jkeras.tf.lowering;

import io.jkeras.layers.RepeatVector;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code RepeatVector}: (batch, features) expanded at axis 1 and tiled n times, (batch, n, features). */
final class RepeatVectorLowering implements LayerLowering<RepeatVector> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, RepeatVector layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = tf.expandDims(inputs.get(0).floatValue(), tf.constant(1));
    return List.of(Lowered.of(tf.tile(x, tf.constant(new int[] {1, layer.n(), 1}))));
  }
}
