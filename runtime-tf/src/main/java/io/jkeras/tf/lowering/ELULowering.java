package io.jkeras.tf.lowering;

import io.jkeras.layers.ELU;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code ELU}: TF's fused {@code Elu} for {@code alpha = 1}; otherwise {@code relu(x) + alpha * (exp(min(x, 0)) -
 * 1)}, which is Keras' {@code where(x > 0, elu(x), alpha * elu(x))}.
 */
final class ELULowering implements LayerLowering<ELU> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, ELU layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    if (layer.alpha() == 1.0) {
      return List.of(Lowered.of(tf.nn.elu(x)));
    }
    Operand<TFloat32> negPart = tf.math.neg(tf.nn.relu(tf.math.neg(x))); // min(x, 0)
    Operand<TFloat32> y = tf.math.add(tf.nn.relu(x), tf.math.mul(tf.constant((float) layer.alpha()),
        tf.math.sub(tf.math.exp(negPart), tf.constant(1f))));
    return List.of(Lowered.of(y));
  }
}
