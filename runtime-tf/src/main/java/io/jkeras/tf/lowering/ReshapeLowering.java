package io.jkeras.tf.lowering;

import io.jkeras.layers.Reshape;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;

/**
 * {@code Reshape}: to (batch, target...). The target's -1 is resolved from the static input shape when it is
 * known (TF's shape inference cannot take a -1 next to an unknown batch size); otherwise the runtime batch
 * size leads the target shape.
 */
final class ReshapeLowering implements LayerLowering<Reshape> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Reshape layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<?> x = inputs.get(0).value();
    Shape in = x.shape();
    if (!in.isUnknown()) {
      Shape out = layer.computeOutputShape(Shape.of(in.asArray()));
      long[] dims = out.asArray();
      boolean known = true;
      for (int i = 1; i < dims.length; i++) {
        known &= dims[i] != Shape.UNKNOWN_SIZE;
      }
      if (known) {
        dims[0] = -1;
        return List.of(Lowered.of(tf.reshape(x, tf.constant(dims))));
      }
    }
    Operand<TInt32> batch = tf.stridedSlice(tf.shape(x), Indices.sliceTo(1));
    Operand<TInt32> shape = tf.concat(List.of(batch, tf.constant(layer.targetShape())), tf.constant(0));
    return List.of(Lowered.of(tf.reshape(x, shape)));
  }
}
