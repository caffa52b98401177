package io.jkeras.tf.lowering;

import io.jkeras.layers.LayerNormalization;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code LayerNormalization} with Keras 3's maths: per example, the mean and biased variance over the normalized
 * axes (kept as size-1 axes), {@code inv = rsqrt(var + eps) * gamma}, {@code y = x * inv + (beta - mean * inv)};
 * with {@code rms_scaling}, {@code y = x * rsqrt(var + eps) * gamma}. Gamma and beta are reshaped to broadcast
 * when the axes are not just the last one, as Keras does.
 */
final class LayerNormalizationLowering implements LayerLowering<LayerNormalization> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, LayerNormalization layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    int rank = x.shape().numDimensions();
    int[] axes = layer.normalizedAxes(rank);
    Operand<TInt32> reduce = tf.constant(axes);
    long[] broadcast = new long[rank];
    Arrays.fill(broadcast, 1);
    for (int a : axes) {
      broadcast[a] = x.shape().get(a);
    }
    boolean lastOnly = axes.length == 1 && axes[0] == rank - 1;
    Operand<TFloat32> gamma = layer.hasGamma() ? shaped(tf, ctx.variable(Lowerings.weight(layer, "gamma")),
        broadcast, lastOnly) : null;
    Operand<TFloat32> beta = layer.hasBeta() ? shaped(tf, ctx.variable(Lowerings.weight(layer, "beta")),
        broadcast, lastOnly) : null;

    Operand<TFloat32> mean = tf.math.mean(x, reduce, Mean.keepDims(true));
    Operand<TFloat32> centered = tf.math.sub(x, mean);
    Operand<TFloat32> variance = tf.math.mean(tf.math.square(centered), reduce, Mean.keepDims(true));
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant((float) layer.epsilon())));
    Operand<TFloat32> y;
    if (layer.rmsScaling()) {
      y = tf.math.mul(tf.math.mul(x, inv), gamma);
    } else {
      if (gamma != null) {
        inv = tf.math.mul(inv, gamma);
      }
      Operand<TFloat32> res = tf.math.neg(tf.math.mul(mean, inv));
      if (beta != null) {
        res = tf.math.add(res, beta);
      }
      y = tf.math.add(tf.math.mul(x, inv), res);
    }
    return List.of(Lowered.of(y));
  }

  private static Operand<TFloat32> shaped(Ops tf, Operand<TFloat32> w, long[] broadcast, boolean lastOnly) {
    return lastOnly ? w : tf.reshape(w, tf.constant(broadcast));
  }
}
