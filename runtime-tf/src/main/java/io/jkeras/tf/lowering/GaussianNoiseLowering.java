package io.jkeras.tf.lowering;

import io.jkeras.layers.GaussianNoise;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** {@code GaussianNoise}: {@code x + stddev * N(0, 1)} in training, the identity in inference. */
final class GaussianNoiseLowering implements LayerLowering<GaussianNoise> {
  @Override
  public boolean differsInTraining(GaussianNoise layer) {
    return layer.stddev() > 0;
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, GaussianNoise layer, List<Lowered> inputs) {
    if (!ctx.training() || layer.stddev() <= 0) {
      return List.of(inputs.get(0));
    }
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> noise = ctx.tf().math.mul(NoiseOps.normal(ctx, x, layer.seed()),
        ctx.tf().constant((float) layer.stddev()));
    return List.of(Lowered.of(ctx.tf().math.add(x, noise)));
  }
}
