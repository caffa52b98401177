package io.jkeras.tf.lowering;

import io.jkeras.layers.Concatenate;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/** {@code Concatenate}: TF's {@code concat} on the layer's axis; masks as Keras' {@code compute_mask}. */
final class ConcatenateLowering implements LayerLowering<Concatenate> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Concatenate layer, List<Lowered> inputs) {
    List<Operand<TFloat32>> values = new ArrayList<>();
    for (Lowered in : inputs) {
      values.add(in.floatValue());
    }
    Ops tf = ctx.tf();
    int rank = values.get(0).shape().numDimensions();
    Operand<TFloat32> y = tf.concat(values, tf.constant(layer.normalizedAxis(rank)));
    if (inputs.stream().allMatch(l -> l.mask() == null)) {
      return List.of(Lowered.of(y));
    }
    // Keras' compute_mask: each mask widened to its input's shape (ones without a mask), concatenated on the
    // axis, then any() over the last axis.
    List<Operand<TFloat32>> masks = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Operand<TFloat32> x = values.get(i);
      Operand<TBool> m = inputs.get(i).mask();
      if (m == null) {
        masks.add(tf.stopGradient(tf.onesLike(x)));
      } else {
        Operand<TFloat32> mf = tf.stopGradient(tf.dtypes.cast(m, TFloat32.class));
        if (m.shape().numDimensions() < x.shape().numDimensions()) {
          mf = tf.expandDims(mf, tf.constant(-1));
        }
        masks.add(tf.math.mul(tf.stopGradient(tf.onesLike(x)), mf));
      }
    }
    Operand<TFloat32> joined = tf.concat(masks, tf.constant(layer.normalizedAxis(rank)));
    Operand<TBool> mask = tf.any(tf.math.greater(joined, tf.constant(0.5f)), tf.constant(-1));
    return List.of(Lowered.of(y).withMask(mask));
  }
}
