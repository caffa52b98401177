package io.jkeras.tf.lowering;

import io.jkeras.Variable;
import io.jkeras.layers.BatchNormalization;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code BatchNormalization} with Keras 3's maths: in training, normalization by the batch mean and biased
 * variance, and moving statistics updated as {@code moving = moving * momentum + batch * (1 - momentum)}; in
 * inference, or when the layer is frozen ({@code trainable=false}), normalization by the moving statistics.
 * Normalization on the last axis uses TF's fused {@code FusedBatchNormV3} (the input seen as (-1, 1, 1,
 * channels)); another axis uses plain moments.
 */
final class BatchNormalizationLowering implements LayerLowering<BatchNormalization> {
  @Override
  public boolean differsInTraining(BatchNormalization layer) {
    return layer.trainable();
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, BatchNormalization layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    int rank = x.shape().numDimensions();
    int axis = layer.normalizedAxis(rank);
    long channels = x.shape().get(axis);
    Operand<TFloat32> gamma = layer.scale() ? ctx.variable(Lowerings.weight(layer, "gamma"))
        : tf.fill(tf.constant(new long[] {channels}), tf.constant(1f));
    Operand<TFloat32> beta = layer.center() ? ctx.variable(Lowerings.weight(layer, "beta"))
        : tf.fill(tf.constant(new long[] {channels}), tf.constant(0f));
    Variable meanW = Lowerings.weight(layer, "moving_mean");
    Variable varW = Lowerings.weight(layer, "moving_variance");
    Operand<TFloat32> movingMean = ctx.variable(meanW);
    Operand<TFloat32> movingVar = ctx.variable(varW);
    float eps = (float) layer.epsilon();
    // As Keras 3: a frozen BatchNormalization (trainable=false) always runs in inference mode.
    boolean training = ctx.training() && layer.trainable();

    Operand<TFloat32> y;
    Operand<TFloat32> batchMean = null;
    Operand<TFloat32> batchVar = null;
    if (axis == rank - 1) {
      Operand<TInt32> shape = tf.shape(x);
      Operand<TFloat32> x4 = tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels}));
      FusedBatchNorm<TFloat32, TFloat32> bn = training
          ? tf.nn.fusedBatchNorm(x4, gamma, beta, tf.constant(new float[0]), tf.constant(new float[0]),
              FusedBatchNorm.epsilon(eps), FusedBatchNorm.isTraining(true), FusedBatchNorm.dataFormat("NHWC"))
          : tf.nn.fusedBatchNorm(x4, gamma, beta, movingMean, movingVar,
              FusedBatchNorm.epsilon(eps), FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC"));
      y = tf.reshape(bn.y(), shape);
      if (training) {
        batchMean = bn.batchMean();
        // The fused op reports the unbiased variance; Keras' moving variance follows the biased one.
        Operand<TFloat32> n = tf.math.div(tf.dtypes.cast(tf.size(x), TFloat32.class), tf.constant((float) channels));
        batchVar = tf.math.mul(bn.batchVariance(), tf.math.div(tf.math.sub(n, tf.constant(1f)), n));
      }
    } else {
      List<Integer> reduce = new ArrayList<>();
      long[] bshape = new long[rank];
      for (int i = 0; i < rank; i++) {
        bshape[i] = i == axis ? channels : 1;
        if (i != axis) {
          reduce.add(i);
        }
      }
      Operand<TInt32> axes = tf.constant(reduce.stream().mapToInt(Integer::intValue).toArray());
      Operand<TFloat32> mean;
      Operand<TFloat32> var;
      if (training) {
        mean = tf.math.mean(x, axes, Mean.keepDims(true));
        var = tf.math.mean(tf.math.square(tf.math.sub(x, mean)), axes, Mean.keepDims(true));
        batchMean = tf.reshape(mean, tf.constant(new long[] {channels}));
        batchVar = tf.reshape(var, tf.constant(new long[] {channels}));
      } else {
        mean = tf.reshape(movingMean, tf.constant(bshape));
        var = tf.reshape(movingVar, tf.constant(bshape));
      }
      Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(var, tf.constant(eps)));
      Operand<TFloat32> g = tf.reshape(gamma, tf.constant(bshape));
      Operand<TFloat32> b = tf.reshape(beta, tf.constant(bshape));
      y = tf.math.add(tf.math.mul(tf.math.mul(tf.math.sub(x, mean), inv), g), b);
    }
    if (training) {
      Operand<TFloat32> m = tf.constant((float) layer.momentum());
      Operand<TFloat32> oneMinus = tf.constant((float) (1 - layer.momentum()));
      ctx.addUpdate(tf.assign(ctx.refVariable(meanW),
          tf.math.add(tf.math.mul(movingMean, m), tf.math.mul(tf.stopGradient(batchMean), oneMinus))));
      ctx.addUpdate(tf.assign(ctx.refVariable(varW),
          tf.math.add(tf.math.mul(movingVar, m), tf.math.mul(tf.stopGradient(batchVar), oneMinus))));
    }
    return List.of(Lowered.of(y));
  }
}
