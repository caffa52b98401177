package io.jkeras.tf.lowering;

import io.jkeras.layers.LeakyReLU;
import java.util.List;
import org.tensorflow.op.nn.LeakyRelu;

/** {@code LeakyReLU}: TF's fused {@code LeakyRelu} with the layer's {@code negative_slope}. */
final class LeakyReLULowering implements LayerLowering<LeakyReLU> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, LeakyReLU layer, List<Lowered> inputs) {
    return List.of(Lowered.of(ctx.tf().nn.leakyRelu(inputs.get(0).floatValue(),
        LeakyRelu.alpha((float) layer.negativeSlope()))));
  }
}
