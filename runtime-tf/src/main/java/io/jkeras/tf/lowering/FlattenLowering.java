package io.jkeras.tf.lowering;

import io.jkeras.layers.Flatten;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;

/** {@code Flatten}: a reshape to (batch, everything else), row-major as Keras (channels_last). */
final class FlattenLowering implements LayerLowering<Flatten> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Flatten layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<?> x = inputs.get(0).value();
    Shape s = x.shape();
    long features = 1;
    boolean known = !s.isUnknown();
    for (int i = 1; known && i < s.numDimensions(); i++) {
      known = s.get(i) != Shape.UNKNOWN_SIZE;
      features *= s.get(i);
    }
    Operand<?> y;
    if (known) {
      y = tf.reshape(x, tf.constant(new long[] {-1, features}));
    } else {
      // Unknown feature dimensions: keep the runtime batch size and let TF infer the rest.
      Operand<TInt32> batch = tf.stridedSlice(tf.shape(x), Indices.sliceTo(1));
      y = tf.reshape(x, tf.concat(List.of(batch, tf.constant(new int[] {-1})), tf.constant(0)));
    }
    return List.of(Lowered.of(y));
  }
}
