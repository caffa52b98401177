package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import java.util.Map;

/**
 * Keras' {@code keras.metrics.SparseCategoricalCrossentropy}: the running mean of the sparse categorical
 * cross-entropy.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.SparseCategoricalCrossentropy());
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends LossMetric {
  private boolean fromLogits;

  public SparseCategoricalCrossentropy() {
    super("sparse_categorical_crossentropy");
  }

  public SparseCategoricalCrossentropy fromLogits(boolean b) {
    this.fromLogits = b;
    return this;
  }

  @Override
  public Loss asLoss() {
    return new io.jkeras.losses.SparseCategoricalCrossentropy().fromLogits(fromLogits);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("ignore_class", null);
    c.put("axis", -1);
    return c;
  }
}
