package io.jkeras.metrics;

/**
 * Keras' {@code keras.metrics.CategoricalAccuracy}: how often {@code argmax(p) == argmax(y)} for one-hot labels.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new CategoricalAccuracy());
 * }</pre>
 */
public final class CategoricalAccuracy extends BaseMetric {
  public CategoricalAccuracy() {
    super("categorical_accuracy");
  }
}
