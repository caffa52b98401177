package io.jkeras.tf.lowering;

import io.jkeras.layers.Rescaling;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code Rescaling}: {@code cast(x, float32) * scale + offset}. */
final class RescalingLowering implements LayerLowering<Rescaling> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Rescaling layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<?> v = inputs.get(0).value();
    Operand<TFloat32> x = v.type() == TFloat32.class ? inputs.get(0).floatValue() : tf.dtypes.cast(v, TFloat32.class);
    Operand<TFloat32> y = tf.math.mul(x, tf.constant((float) layer.scale()));
    if (layer.offset() != 0) {
      y = tf.math.add(y, tf.constant((float) layer.offset()));
    }
    return List.of(Lowered.of(y));
  }
}
