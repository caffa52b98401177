package io.jkeras.tf.lowering;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Max pooling of an NHWC tensor, with the op that is fastest in each pass: in the training pass TF's {@code
 * MaxPool} with its window and strides as attributes (the op Keras on TensorFlow builds, {@code tf.nn.max_pool2d}
 * with a static window); in inference TF Java's {@code tf.nn.maxPool}, i.e. {@code MaxPoolV2}.
 *
 * <p>Why: with oneDNN (on by default on x86 CPUs) TensorFlow rewrites {@code MaxPool} and its gradient {@code
 * MaxPoolGrad} to oneDNN pooling kernels, but leaves {@code MaxPoolV2}'s gradient {@code MaxPoolGradV2} on Eigen's
 * generic kernel, which re-runs the pooling to find the maxima: on the seed CNN that kernel alone took about a
 * sixth of a training step. Forward only, Eigen's {@code MaxPoolV2} is as fast at large batches and about 0.1 ms
 * faster per call for single images (oneDNN's per-call overhead), hence the split (docs/PERFORMANCE.md). Both
 * ops compute the same values and gradients; {@code MaxPool} is built by hand because TF Java's {@code Ops} has
 * only the V2 form.
 */
final class MaxPoolOp {
  private MaxPoolOp() {}

  /**
   * Max pooling of an NHWC tensor; {@code window} and {@code strides} have 4 entries (batch and channel 1).
   *
   * @param training whether this is the training pass (gradients are taken through it)
   */
  static Operand<TFloat32> maxPool(Ops tf, boolean training, Operand<TFloat32> x, List<Long> window,
      List<Long> strides, String padding) {
    if (!training) {
      return tf.nn.maxPool(x, tf.constant(toInts(window)), tf.constant(toInts(strides)), padding);
    }
    OperationBuilder builder = tf.scope().opBuilder("MaxPool", "MaxPool");
    builder.addInput(x.asOutput());
    builder.setAttr("T", DataType.DT_FLOAT);
    builder.setAttr("ksize", toArray(window));
    builder.setAttr("strides", toArray(strides));
    builder.setAttr("padding", padding);
    @SuppressWarnings("unchecked")
    Output<TFloat32> y = (Output<TFloat32>) (Output<?>) builder.build().output(0);
    return y;
  }

  private static int[] toInts(List<Long> values) {
    return values.stream().mapToInt(Long::intValue).toArray();
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
