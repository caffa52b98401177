package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * A metric that is the running mean of a loss function's per-sample value, as Keras' probabilistic metrics
 * ({@code keras.metrics.SparseCategoricalCrossentropy}, ...) wrap the loss functions.
 */
public abstract class LossMetric extends BaseMetric {
  protected LossMetric(String defaultName) {
    super(defaultName);
  }

  /** The loss whose per-sample value this metric averages. */
  public abstract Loss asLoss();
}
