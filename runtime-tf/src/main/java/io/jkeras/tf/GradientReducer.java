package io.jkeras.tf;

import io.jkeras.tf.train.TfGradient;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Combines the gradients this process computed on its slice of the global batch with the other processes'
 * ({@code MultiWorkerMirroredStrategy}), in the compiled step between the gradients and the optimizer.
 */
interface GradientReducer {

  /** The loss to log and the gradients to apply, in the order of the gradients given. */
  record Reduced(Operand<TFloat32> loss, List<TfGradient> gradients) {}

  /**
   * @param tf the scope for the reduction's ops
   * @param loss this process' mean loss over its examples
   * @param batchSize this process' number of examples, shape (1)
   * @param gradients the gradients of {@code loss}: dense, or an Embedding's looked-up rows
   */
  Reduced reduce(Ops tf, Operand<TFloat32> loss, Operand<TInt32> batchSize, List<TfGradient> gradients);
}
