package io.jkeras.metrics;

import java.util.Map;

/**
 * Keras' {@code keras.metrics.BinaryAccuracy}: how often {@code (p > threshold) == y}, averaged over the last
 * axis per sample, then over samples.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("binary_crossentropy").metrics(new BinaryAccuracy().threshold(0.7));
 * }</pre>
 */
public final class BinaryAccuracy extends BaseMetric {
  private double threshold = 0.5;

  public BinaryAccuracy() {
    super("binary_accuracy");
  }

  public BinaryAccuracy threshold(double t) {
    this.threshold = t;
    return this;
  }

  public double threshold() {
    return threshold;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("threshold", threshold);
    return c;
  }
}
