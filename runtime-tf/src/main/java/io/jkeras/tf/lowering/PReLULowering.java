package io.jkeras.tf.lowering;

import io.jkeras.layers.PReLU;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code PReLU} as Keras computes it: {@code relu(x) - alpha * relu(-x)}, {@code alpha} broadcast over the batch
 * and the shared axes (where its size is 1).
 */
final class PReLULowering implements LayerLowering<PReLU> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, PReLU layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> alpha = ctx.variable(Lowerings.weight(layer, "alpha"));
    Operand<TFloat32> y = tf.math.sub(tf.nn.relu(x), tf.math.mul(alpha, tf.nn.relu(tf.math.neg(x))));
    return List.of(Lowered.of(y));
  }
}
