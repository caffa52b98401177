package io.jkeras.tf.lowering;

import io.jkeras.layers.GaussianDropout;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code GaussianDropout}: {@code x * (1 + sqrt(rate / (1 - rate)) * N(0, 1))} in training, the identity in
 * inference.
 */
final class GaussianDropoutLowering implements LayerLowering<GaussianDropout> {
  @Override
  public boolean differsInTraining(GaussianDropout layer) {
    return layer.rate() > 0;
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, GaussianDropout layer, List<Lowered> inputs) {
    if (!ctx.training() || layer.rate() <= 0) {
      return List.of(inputs.get(0));
    }
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> factor = tf.math.add(tf.constant(1f),
        tf.math.mul(NoiseOps.normal(ctx, x, layer.seed()), tf.constant((float) layer.stddev())));
    return List.of(Lowered.of(tf.math.mul(x, factor)));
  }
}
