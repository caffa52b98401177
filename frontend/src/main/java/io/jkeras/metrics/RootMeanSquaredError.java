package io.jkeras.metrics;

/**
 * Keras' {@code keras.metrics.RootMeanSquaredError}: {@code sqrt} of the running mean of the squared error.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new RootMeanSquaredError());
 * }</pre>
 */
public final class RootMeanSquaredError extends BaseMetric {
  public RootMeanSquaredError() {
    super("root_mean_squared_error");
  }
}
