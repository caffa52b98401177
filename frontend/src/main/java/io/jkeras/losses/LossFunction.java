package io.jkeras.losses;

import io.jkeras.SymbolicTensor;

/**
 * A loss written in {@link io.jkeras.ops.Ops}: per-sample values from the labels and the predictions (Keras'
 * custom loss function {@code fn(y_true, y_pred)}). The labels come as float32 of the predictions' rank; the
 * result (usually one value per sample, or per sample and step) is reduced as Keras' {@code
 * sum_over_batch_size}: weighted by sample weights and masks, summed, divided by the number of values.
 *
 * <pre>{@code
 * LossFunction myMse = (yTrue, yPred) -> Ops.mean(Ops.square(Ops.subtract(yTrue, yPred)), -1);
 * model.compile(Compile.optimizer("adam").loss(Loss.of("my_mse", myMse)));
 * }</pre>
 */
@FunctionalInterface
public interface LossFunction {
  /** The loss values, written in ops. */
  SymbolicTensor call(SymbolicTensor yTrue, SymbolicTensor yPred);
}
