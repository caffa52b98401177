package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import java.util.Map;

/**
 * Keras' {@code keras.metrics.CategoricalCrossentropy}: the running mean of the categorical_crossentropy loss.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.CategoricalCrossentropy());
 * }</pre>
 */
public final class CategoricalCrossentropy extends LossMetric {
  private boolean fromLogits;
  private double labelSmoothing;

  public CategoricalCrossentropy() {
    super("categorical_crossentropy");
  }

  public CategoricalCrossentropy fromLogits(boolean b) {
    this.fromLogits = b;
    return this;
  }

  public CategoricalCrossentropy labelSmoothing(double s) {
    asLossWith(s); // validates
    this.labelSmoothing = s;
    return this;
  }

  private io.jkeras.losses.CategoricalCrossentropy asLossWith(double s) {
    return new io.jkeras.losses.CategoricalCrossentropy().fromLogits(fromLogits).labelSmoothing(s);
  }

  @Override
  public Loss asLoss() {
    return asLossWith(labelSmoothing);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    return c;
  }
}
