package io.jkeras.metrics;

/**
 * Keras' {@code keras.metrics.SparseCategoricalAccuracy}: how often {@code argmax(p)} equals the integer label.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new SparseCategoricalAccuracy());
 * }</pre>
 */
public final class SparseCategoricalAccuracy extends BaseMetric {
  public SparseCategoricalAccuracy() {
    super("sparse_categorical_accuracy");
  }
}
