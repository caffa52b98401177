package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.Hinge}: the running mean of {@link io.jkeras.losses.Hinge}'s per-sample value.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.Hinge());
 * }</pre>
 */
public final class Hinge extends LossMetric {
  public Hinge() {
    super("hinge");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.Hinge();
  }
}
