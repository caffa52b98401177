package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import java.util.Map;

/**
 * Keras' {@code keras.metrics.BinaryCrossentropy}: the running mean of the binary_crossentropy loss.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("mse").metrics(new io.jkeras.metrics.BinaryCrossentropy());
 * }</pre>
 */
public final class BinaryCrossentropy extends LossMetric {
  private boolean fromLogits;
  private double labelSmoothing;

  public BinaryCrossentropy() {
    super("binary_crossentropy");
  }

  public BinaryCrossentropy fromLogits(boolean b) {
    this.fromLogits = b;
    return this;
  }

  public BinaryCrossentropy labelSmoothing(double s) {
    asLossWith(s); // validates
    this.labelSmoothing = s;
    return this;
  }

  private io.jkeras.losses.BinaryCrossentropy asLossWith(double s) {
    return new io.jkeras.losses.BinaryCrossentropy().fromLogits(fromLogits).labelSmoothing(s);
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
