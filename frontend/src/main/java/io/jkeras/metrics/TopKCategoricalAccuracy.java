package io.jkeras.metrics;

import java.util.Map;

/**
 * Keras' {@code keras.metrics.TopKCategoricalAccuracy} for one-hot labels: how often the label's class is among
 * the {@code k} highest predictions (k = 5 by default).
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("categorical_crossentropy").metrics(new TopKCategoricalAccuracy().k(3));
 * }</pre>
 */
public final class TopKCategoricalAccuracy extends BaseMetric {
  private int k = 5;

  public TopKCategoricalAccuracy() {
    super("top_k_categorical_accuracy");
  }

  public TopKCategoricalAccuracy k(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be >= 1, got " + k);
    }
    this.k = k;
    return this;
  }

  public int k() {
    return k;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("k", k);
    return c;
  }
}
