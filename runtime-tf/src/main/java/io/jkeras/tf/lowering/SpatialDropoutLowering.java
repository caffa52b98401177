package io.jkeras.tf.lowering;

import io.jkeras.layers.BaseSpatialDropout;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code SpatialDropout1D}/{@code SpatialDropout2D}: dropout whose mask has size 1 on the spatial axes ({@code
 * (batch, 1, channels)}, {@code (batch, 1, 1, channels)}), so whole feature maps are kept or dropped; the
 * identity in inference.
 */
final class SpatialDropoutLowering implements LayerLowering<BaseSpatialDropout<?>> {
  @Override
  public boolean differsInTraining(BaseSpatialDropout<?> layer) {
    return layer.rate() > 0;
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, BaseSpatialDropout<?> layer, List<Lowered> inputs) {
    if (!ctx.training() || layer.rate() <= 0) {
      return List.of(inputs.get(0));
    }
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TInt32> shape = tf.shape(x);
    List<Operand<TInt32>> dims = new ArrayList<>();
    for (int i = 0; i < x.shape().numDimensions(); i++) {
      dims.add(layer.ownMaskAxis(i) ? tf.stridedSlice(shape, Indices.range(i, i + 1)) : tf.constant(new int[] {1}));
    }
    Operand<TInt32> noiseShape = tf.concat(dims, tf.constant(0));
    return List.of(Lowered.of(NoiseOps.dropout(ctx, x, layer.rate(), noiseShape, layer.seed())));
  }
}
