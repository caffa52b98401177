package io.jkeras.metrics;

import java.util.Map;

/**
 * Keras' {@code keras.metrics.Precision}: {@code TP / (TP + FP)} over all elements, a prediction counting as
 * positive when it is above the threshold (0.5 by default); 0 when the denominator is 0.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("binary_crossentropy").metrics(new Precision().thresholds(0.7));
 * }</pre>
 */
public final class Precision extends BaseMetric {
  private Double thresholds;

  public Precision() {
    super("precision");
  }

  /** The decision threshold (Keras' {@code thresholds}, one value). */
  public Precision thresholds(double t) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException("Precision: thresholds must be in [0, 1], got " + t);
    }
    this.thresholds = t;
    return this;
  }

  /** The decision threshold in use. */
  public double threshold() {
    return thresholds == null ? 0.5 : thresholds;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("thresholds", thresholds);
    c.put("top_k", null);
    c.put("class_id", null);
    return c;
  }
}
