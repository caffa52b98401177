package io.jkeras.tf.lowering;

import io.jkeras.layers.Permute;
import java.util.List;

/** {@code Permute}: a transpose by {@code [0, dims...]} (Keras' 1-based dims, the batch axis first). */
final class PermuteLowering implements LayerLowering<Permute> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Permute layer, List<Lowered> inputs) {
    return List.of(Lowered.of(
        ctx.tf().linalg.transpose(inputs.get(0).floatValue(), ctx.tf().constant(layer.perm()))));
  }
}
