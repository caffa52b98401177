package io.jkeras.metrics;

/**
 * Keras' {@code keras.metrics.MeanSquaredError}: the mean over samples of {@code mean((y - p)²)} over the last
 * axis.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new MeanSquaredError());
 * }</pre>
 */
public final class MeanSquaredError extends BaseMetric {
  public MeanSquaredError() {
    super("mean_squared_error");
  }
}
