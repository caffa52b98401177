package io.jkeras.tf.lowering;

import io.jkeras.layers.Normalization;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code Normalization}: {@code (x - mean) / max(sqrt(variance), 1e-7)}, or {@code mean + x * max(sqrt(variance),
 * 1e-7)} with {@code invert}; mean and variance are the adapted (non-trainable) weights or, when given as
 * arguments, constants, reshaped to broadcast over the reduced axes.
 */
final class NormalizationLowering implements LayerLowering<Normalization> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Normalization layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Shape shape = x.shape();
    int rank = shape.numDimensions();
    int[] keep = layer.keepAxes(rank, shape);
    long[] broadcast = new long[rank];
    Arrays.fill(broadcast, 1);
    long[] keepDims = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      broadcast[keep[i]] = shape.get(keep[i]);
      keepDims[i] = shape.get(keep[i]);
    }
    Operand<TFloat32> mean;
    Operand<TFloat32> variance;
    if (layer.hasGivenStatistics()) {
      float[][] stats = layer.statistics(keepDims);
      mean = tf.constant(Shape.of(broadcast), DataBuffers.of(stats[0]));
      variance = tf.constant(Shape.of(broadcast), DataBuffers.of(stats[1]));
    } else {
      mean = tf.reshape(ctx.variable(Lowerings.weight(layer, "mean")), tf.constant(broadcast));
      variance = tf.reshape(ctx.variable(Lowerings.weight(layer, "variance")), tf.constant(broadcast));
    }
    Operand<TFloat32> std = tf.math.maximum(tf.math.sqrt(variance), tf.constant((float) Normalization.EPSILON));
    Operand<TFloat32> y = layer.invert() ? tf.math.add(mean, tf.math.mul(x, std))
        : tf.math.div(tf.math.sub(x, mean), std);
    return List.of(Lowered.of(y));
  }
}
