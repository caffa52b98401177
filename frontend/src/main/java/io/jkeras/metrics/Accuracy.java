package io.jkeras.metrics;

/**
 * Keras' {@code keras.metrics.Accuracy}: how often predictions equal labels exactly (the string {@code "accuracy"}
 * in {@code compile} resolves to binary, sparse categorical or categorical accuracy instead, see {@link
 * Metrics#get}).
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new Accuracy());
 * }</pre>
 */
public final class Accuracy extends BaseMetric {
  public Accuracy() {
    super("accuracy");
  }
}
