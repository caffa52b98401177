package io.jkeras.tf.lowering;

import io.jkeras.layers.MaxPooling2D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code MaxPooling2D}: TF's {@code maxPool} over NHWC windows. */
public final class MaxPooling2DLowering implements LayerLowering<MaxPooling2D> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, MaxPooling2D layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    int[] p = layer.poolSize();
    int[] s = layer.strides();
    Operand<TFloat32> y = tf.nn.maxPool(x, tf.constant(new int[] {1, p[0], p[1], 1}),
        tf.constant(new int[] {1, s[0], s[1], 1}), Lowerings.padding(layer.padding()));
    return List.of(Lowered.of(y));
  }
}
