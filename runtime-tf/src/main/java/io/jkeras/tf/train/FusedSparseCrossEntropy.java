package io.jkeras.tf.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Sparse categorical cross-entropy from logits through TensorFlow's fused {@code
 * SparseSoftmaxCrossEntropyWithLogits}, the op Keras 3 on TensorFlow calls (also for {@code from_logits=false}
 * on a softmax output: Keras' {@code _get_logits} takes the softmax's input inside {@code tf.function}, so
 * Keras' epsilon clipping never applies there either).
 *
 * <p>TF's C++ gradient registry has no gradient for the op; this class registers one: the op's second output
 * already is d loss / d logits ({@code softmax - one_hot}), so the gradient is that backprop times the
 * upstream gradient of each row, as TF's Python {@code _SparseSoftmaxCrossEntropyWithLogitsGrad} (first order
 * only). Compared with {@code -Σ one_hot · log_softmax}, a step runs one kernel forward and one multiply
 * backward instead of about twenty small ops. On CPU the kernel also rejects a label outside [0, classes) with
 * TF's "Received a label value of 3 which is outside the valid range of [0, 3)", so no separate {@code Assert}
 * is built (on a GPU TF's kernel gives NaN for such a row instead, as Keras on TF does).
 *
 * <pre>{@code
 * Operand<TFloat32> perSample = FusedSparseCrossEntropy.fromLogits(tf, labels, logits);  // shape of labels
 * }</pre>
 */
final class FusedSparseCrossEntropy {
  static {
    register();
  }

  private FusedSparseCrossEntropy() {}

  /**
   * The per-position cross-entropy {@code -log softmax(logits)[label]}, shape of {@code labels}.
   *
   * @param labels class ids of shape {@code logits.shape[:-1]}
   * @param logits shape (..., classes), rank at least 2 (rank above 2 is flattened for the op and restored)
   */
  public static Operand<TFloat32> fromLogits(Ops tf, Operand<TInt64> labels, Operand<TFloat32> logits,
      long classes) {
    int rank = logits.shape().numDimensions();
    if (rank == 2) {
      return SparseSoftmaxCrossEntropyWithLogits.create(tf.scope(), logits, labels).loss();
    }
    // The op takes (rows, classes) and (rows); sequences and images are flattened and the loss reshaped back.
    Operand<TFloat32> flat = tf.reshape(logits, tf.constant(new long[] {-1, classes}));
    Operand<TInt64> flatLabels = tf.reshape(labels, tf.constant(new int[] {-1}));
    Operand<TFloat32> loss = SparseSoftmaxCrossEntropyWithLogits.create(tf.scope(), flat, flatLabels).loss();
    Operand<TInt32> shape = tf.shape(labels);
    return tf.reshape(loss, shape);
  }

  /** Registers the gradient once per process (TF's registry is global); kept if TF ever brings its own. */
  @SuppressWarnings("unchecked")
  private static void register() {
    TensorFlow.registerCustomGradient(SparseSoftmaxCrossEntropyWithLogits.Inputs.class, (tf, op, grads) -> {
      // The forward op's own backprop output: no second softmax is computed.
      Operand<TFloat32> backprop = (Operand<TFloat32>) ((SparseSoftmaxCrossEntropyWithLogits<?>) op.getOutputs()).backprop();
      Operand<TFloat32> upstream = (Operand<TFloat32>) grads.get(0);
      Operand<TFloat32> dLogits = tf.math.mul(tf.expandDims(upstream, tf.constant(-1)), backprop);
      // Labels are not differentiable; TF Java 1.1.0 cannot pass a null "no gradient", so a zero of the labels'
      // type stands in (nothing downstream reaches a weight, so it is pruned and never runs).
      return List.of(dLogits, tf.zerosLike(op.labels));
    });
  }
}
