package io.jkeras.tf.lowering;

import io.jkeras.layers.Softmax;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * {@code Softmax}: TF's fused {@code Softmax} over the last axis; one other axis is transposed to the end and
 * back; several axes use {@code exp(x - max) / sum(exp(x - max))} over all of them.
 */
final class SoftmaxLowering implements LayerLowering<Softmax> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Softmax layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    // Keras fills the call argument `mask` from the input's mask unless it is given explicitly.
    Operand<TBool> mask = inputs.get(0).mask();
    if (ctx.callArguments().get("mask") instanceof io.jkeras.SymbolicTensor) {
      mask = asBool(tf, inputs.get(1).value());
    }
    if (mask != null) {
      // Keras: where(mask, x, -1e9), the softmax, then where(mask, y, 0); as products, which have gradients
      // (Select has none here) and give the same values for finite inputs.
      Operand<TFloat32> m = tf.stopGradient(tf.dtypes.cast(mask, TFloat32.class));
      Operand<TFloat32> masked = tf.math.add(tf.math.mul(x, m),
          tf.math.mul(tf.math.sub(tf.constant(1f), m), tf.constant(-1e9f)));
      Operand<TFloat32> y = tf.math.mul(softmax(tf, layer, masked), m);
      return List.of(Lowered.of(y));
    }
    int rank = x.shape().numDimensions();
    int[] axes = layer.normalizedAxes(rank);
    if (axes.length == 1 && axes[0] == rank - 1) {
      // As Keras' softmax keeps its input as the logits, cross-entropy on this output computes from them.
      return List.of(new Lowered(tf.nn.softmax(x), "softmax", x));
    }
    return List.of(Lowered.of(softmax(tf, layer, x)));
  }

  /** A boolean mask as is; any other dtype: {@code mask > 0.5}, as Keras. */
  @SuppressWarnings("unchecked")
  private static Operand<TBool> asBool(Ops tf, Operand<?> mask) {
    if (mask.type() == TBool.class) {
      return (Operand<TBool>) mask;
    }
    return tf.math.greater(tf.dtypes.cast(mask, TFloat32.class), tf.constant(0.5f));
  }

  private static Operand<TFloat32> softmax(Ops tf, Softmax layer, Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    int[] axes = layer.normalizedAxes(rank);
    Operand<TFloat32> y;
    if (axes.length == 1 && axes[0] == rank - 1) {
      y = tf.nn.softmax(x);
    } else if (axes.length == 1) {
      int[] perm = new int[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = i;
      }
      perm[axes[0]] = rank - 1;
      perm[rank - 1] = axes[0];
      // The swap is its own inverse.
      y = tf.linalg.transpose(tf.nn.softmax(tf.linalg.transpose(x, tf.constant(perm))), tf.constant(perm));
    } else {
      Operand<TFloat32> max = tf.max(x, tf.constant(axes), Max.keepDims(true));
      Operand<TFloat32> e = tf.math.exp(tf.math.sub(x, max));
      y = tf.math.div(e, tf.reduceSum(e, tf.constant(axes), ReduceSum.keepDims(true)));
    }
    return y;
  }
}
