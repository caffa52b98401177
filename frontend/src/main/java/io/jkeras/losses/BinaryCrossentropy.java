package io.jkeras.losses;

import java.util.Map;

/**
 * Binary cross-entropy, Keras' {@code keras.losses.BinaryCrossentropy}: per sample the mean over the last axis
 * of {@code -(y·log(p) + (1 - y)·log(1 - p))}, labels smoothed to {@code y·(1 - s) + 0.5·s}.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new BinaryCrossentropy().fromLogits(true));
 * }</pre>
 */
public final class BinaryCrossentropy extends BaseLoss {
  private boolean fromLogits = false;
  private double labelSmoothing = 0.0;

  public BinaryCrossentropy() {
    super("binary_crossentropy");
  }

  public BinaryCrossentropy fromLogits(boolean b) {
    this.fromLogits = b;
    return this;
  }

  public BinaryCrossentropy labelSmoothing(double s) {
    this.labelSmoothing = checkLabelSmoothing(className(), s);
    return this;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("label_smoothing", labelSmoothing);
    c.put("axis", -1);
    return c;
  }
}
