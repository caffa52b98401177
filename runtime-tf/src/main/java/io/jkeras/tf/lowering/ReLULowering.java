package io.jkeras.tf.lowering;

import io.jkeras.layers.ReLU;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * {@code ReLU} as Keras 3's {@code activations.relu(x, negative_slope, max_value, threshold)}: {@code x} above
 * the threshold (clipped at {@code max_value}), {@code negative_slope * (x - threshold)} at or below it. Plain
 * cases use TF's fused {@code Relu}, {@code Relu6} and {@code LeakyRelu}; clipping is written as maximum/minimum
 * (ClipByValue has no C++ gradient).
 */
final class ReLULowering implements LayerLowering<ReLU> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, ReLU layer, List<Lowered> inputs) {
    return List.of(Lowered.of(apply(ctx.tf(), inputs.get(0).floatValue(), layer.negativeSlope(),
        layer.maxValue().orElse(null), layer.threshold())));
  }

  static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, double slope, Double maxValue, double threshold) {
    if (slope != 0 && maxValue == null && threshold == 0) {
      return tf.nn.leakyRelu(x, LeakyRelu.alpha((float) slope));
    }
    Operand<TFloat32> y;
    boolean clip = maxValue != null;
    if (threshold != 0) {
      // x where x > threshold, else 0; the mask is a constant for the gradient.
      Operand<TFloat32> on = tf.stopGradient(
          tf.dtypes.cast(tf.math.greater(x, tf.constant((float) threshold)), TFloat32.class));
      y = tf.math.mul(x, on);
    } else if (maxValue != null && maxValue == 6.0) {
      y = tf.nn.relu6(x);
      clip = false;
    } else {
      y = tf.nn.relu(x);
    }
    if (clip) {
      y = tf.math.minimum(tf.math.maximum(y, tf.constant(0f)), tf.constant(maxValue.floatValue()));
    }
    if (slope != 0) {
      Operand<TFloat32> below = tf.nn.relu(tf.math.sub(tf.constant((float) threshold), x));
      y = tf.math.sub(y, tf.math.mul(tf.constant((float) slope), below));
    }
    return y;
  }
}
