package io.jkeras.metrics;

import io.jkeras.losses.Loss;

/**
 * Keras' {@code keras.metrics.KLDivergence}: the running mean of the Kullback-Leibler divergence.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("categorical_crossentropy").metrics(new KLDivergence());
 * }</pre>
 */
public final class KLDivergence extends LossMetric {
  public KLDivergence() {
    super("kl_divergence");
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.KLDivergence();
  }
}
