package io.jkeras.metrics;

/**
 * Keras' {@code keras.metrics.MeanAbsoluteError}: the mean over samples of {@code mean(|y - p|)} over the last
 * axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new MeanAbsoluteError());
 * }</pre>
 */
public final class MeanAbsoluteError extends BaseMetric {
  public MeanAbsoluteError() {
    super("mean_absolute_error");
  }
}
