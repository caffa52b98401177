package io.jkeras.tf.lowering;

import io.jkeras.layers.Add;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** {@code Add}: the element-wise sum of the inputs (ranks aligned and broadcast as Keras' merge layers do). */
final class AddLowering implements LayerLowering<Add> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Add layer, List<Lowered> inputs) {
    List<Operand<TFloat32>> xs = MergeLowering.alignRanks(ctx.tf(), inputs);
    Operand<TFloat32> sum = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      sum = ctx.tf().math.add(sum, xs.get(i));
    }
    return List.of(Lowered.of(sum).withMask(MergeLowering.orOfMasks(ctx.tf(), inputs)));
  }
}
