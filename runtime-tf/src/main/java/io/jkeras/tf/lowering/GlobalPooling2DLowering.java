package io.jkeras.tf.lowering;

import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.GlobalPooling2D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** {@code GlobalAveragePooling2D} and {@code GlobalMaxPooling2D}: mean or max over the spatial axes. */
final class GlobalPooling2DLowering implements LayerLowering<GlobalPooling2D<?>> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, GlobalPooling2D<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    var axes = tf.constant(layer.reductionAxes());
    Operand<TFloat32> y = layer instanceof GlobalMaxPooling2D
        ? tf.max(x, axes, Max.keepDims(layer.keepdims()))
        : tf.math.mean(x, axes, Mean.keepDims(layer.keepdims()));
    return List.of(Lowered.of(y));
  }
}
