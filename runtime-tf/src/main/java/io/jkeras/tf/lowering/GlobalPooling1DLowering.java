package io.jkeras.tf.lowering;

import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalPooling1D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: mean or max over the steps axis. */
public final class GlobalPooling1DLowering implements LayerLowering<GlobalPooling1D<?>> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, GlobalPooling1D<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    var axis = tf.constant(new int[] {layer.reductionAxis()});
    Operand<TFloat32> y = layer instanceof GlobalMaxPooling1D
        ? tf.max(x, axis, Max.keepDims(layer.keepdims()))
        : tf.math.mean(x, axis, Mean.keepDims(layer.keepdims()));
    return List.of(Lowered.of(y));
  }
}
