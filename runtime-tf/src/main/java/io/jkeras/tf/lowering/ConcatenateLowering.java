package io.jkeras.tf.lowering;

import io.jkeras.layers.Concatenate;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** {@code Concatenate}: TF's {@code concat} on the layer's axis. */
public final class ConcatenateLowering implements LayerLowering<Concatenate> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Concatenate layer, List<Lowered> inputs) {
    List<Operand<TFloat32>> values = new ArrayList<>();
    for (Lowered in : inputs) {
      values.add(in.floatValue());
    }
    int rank = values.get(0).shape().numDimensions();
    return List.of(Lowered.of(ctx.tf().concat(values, ctx.tf().constant(layer.normalizedAxis(rank)))));
  }
}
