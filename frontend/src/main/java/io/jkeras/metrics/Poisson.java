package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.Poisson}: the running mean of {@link io.jkeras.losses.Poisson}'s per-sample value.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.Poisson());
 * }</pre>
 */
public final class Poisson extends LossMetric {
  public Poisson() {
    super("poisson");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.Poisson();
  }
}
