package io.jkeras.tf.lowering;

import io.jkeras.layers.MaxPooling2D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code MaxPooling2D}: TF's max pooling over NHWC windows ({@link MaxPoolOp} says which op in which pass). */
final class MaxPooling2DLowering implements LayerLowering<MaxPooling2D> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, MaxPooling2D layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    int[] p = layer.poolSize();
    int[] s = layer.strides();
    Operand<TFloat32> y = MaxPoolOp.maxPool(tf, ctx.training(), x, List.of(1L, (long) p[0], (long) p[1], 1L),
        List.of(1L, (long) s[0], (long) s[1], 1L), Lowerings.padding(layer.padding()));
    return List.of(Lowered.of(y));
  }

  /** The training pass uses another op (see {@link MaxPoolOp}). */
  @Override
  public boolean differsInTraining(MaxPooling2D layer) {
    return true;
  }
}
