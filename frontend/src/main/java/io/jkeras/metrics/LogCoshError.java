package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.LogCoshError}: the running mean of {@link io.jkeras.losses.LogCosh}'s per-sample
 * value.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.LogCoshError());
 * }</pre>
 */
public final class LogCoshError extends LossMetric {
  public LogCoshError() {
    super("logcosh");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.LogCosh();
  }
}
