package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.MeanSquaredLogarithmicError}: the running mean of {@link
 * io.jkeras.losses.MeanSquaredLogarithmicError}'s per-sample value.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.MeanSquaredLogarithmicError());
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends LossMetric {
  public MeanSquaredLogarithmicError() {
    super("mean_squared_logarithmic_error");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.MeanSquaredLogarithmicError();
  }
}
