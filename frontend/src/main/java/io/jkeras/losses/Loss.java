package io.jkeras.losses;

import io.jkeras.saving.KerasSerializable;

/**
 * A loss function as data: its Keras name and arguments. The runtime computes it. Losses reduce by the mean
 * over the batch ({@code sum_over_batch_size}), as Keras' default.
 *
 * <pre>{@code
 * model.compile(Compile.optimizer("adam").loss(new SparseCategoricalCrossentropy().fromLogits(true)));
 * }</pre>
 */
public interface Loss extends KerasSerializable {
  /** Keras' function name, e.g. {@code sparse_categorical_crossentropy}; used to name it in logs. */
  String name();

  /**
   * A loss written in ops under {@code name} (Keras' custom loss function): {@code fn(yTrue, yPred)} gives
   * per-sample values, reduced as Keras' {@code sum_over_batch_size}.
   *
   * <pre>{@code
   * Loss myMse = Loss.of("my_mse", (t, p) -> Ops.mean(Ops.square(Ops.subtract(t, p)), -1));
   * }</pre>
   */
  static Loss of(String name, LossFunction fn) {
    return new FunctionLoss(name, fn);
  }
}
