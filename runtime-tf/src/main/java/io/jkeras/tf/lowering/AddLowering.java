package io.jkeras.tf.lowering;

import io.jkeras.layers.Add;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** {@code Add}: the element-wise sum of the inputs (broadcasting as Keras' merge layers do). */
public final class AddLowering implements LayerLowering<Add> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Add layer, List<Lowered> inputs) {
    Operand<TFloat32> sum = inputs.get(0).floatValue();
    for (int i = 1; i < inputs.size(); i++) {
      sum = ctx.tf().math.add(sum, inputs.get(i).floatValue());
    }
    return List.of(Lowered.of(sum));
  }
}
