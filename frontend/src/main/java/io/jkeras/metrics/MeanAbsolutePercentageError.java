package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.MeanAbsolutePercentageError}: the running mean of {@link
 * io.jkeras.losses.MeanAbsolutePercentageError}'s per-sample value.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.MeanAbsolutePercentageError());
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends LossMetric {
  public MeanAbsolutePercentageError() {
    super("mean_absolute_percentage_error");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.MeanAbsolutePercentageError();
  }
}
