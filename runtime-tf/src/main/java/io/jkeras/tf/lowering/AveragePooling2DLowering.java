package io.jkeras.tf.lowering;

import io.jkeras.layers.AveragePooling2D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** {@code AveragePooling2D}: TF's {@code avgPool}; with 'same' padding the padded cells are not counted. */
final class AveragePooling2DLowering implements LayerLowering<AveragePooling2D> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, AveragePooling2D layer, List<Lowered> inputs) {
    Operand<TFloat32> x = inputs.get(0).floatValue();
    int[] p = layer.poolSize();
    int[] s = layer.strides();
    return List.of(Lowered.of(ctx.tf().nn.avgPool(x, List.of(1L, (long) p[0], (long) p[1], 1L),
        List.of(1L, (long) s[0], (long) s[1], 1L), Lowerings.padding(layer.padding()))));
  }
}
