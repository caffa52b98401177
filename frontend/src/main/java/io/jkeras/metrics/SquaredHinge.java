package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.SquaredHinge}: the running mean of {@link io.jkeras.losses.SquaredHinge}'s
 * per-sample value.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.SquaredHinge());
 * }</pre>
 */
public final class SquaredHinge extends LossMetric {
  public SquaredHinge() {
    super("squared_hinge");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.SquaredHinge();
  }
}
