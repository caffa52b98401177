package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.CategoricalHinge}: the running mean of {@link io.jkeras.losses.CategoricalHinge}'s
 * per-sample value.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.CategoricalHinge());
 * }</pre>
 */
public final class CategoricalHinge extends LossMetric {
  public CategoricalHinge() {
    super("categorical_hinge");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.CategoricalHinge();
  }
}
