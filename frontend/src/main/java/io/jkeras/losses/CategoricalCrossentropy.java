package io.jkeras.losses;

import java.util.Map;

/**
 * Cross-entropy between one-hot (or soft) labels and predicted class probabilities, Keras' {@code
 * keras.losses.CategoricalCrossentropy}: per sample {@code -Σ y·log(p)}, labels smoothed to {@code y·(1 - s) +
 * s / num_classes} with {@code label_smoothing = s}.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new CategoricalCrossentropy().labelSmoothing(0.1));
 * }</pre>
 */
public final class CategoricalCrossentropy extends BaseLoss {
  private boolean fromLogits = false;
  private double labelSmoothing = 0.0;

  public CategoricalCrossentropy() {
    super("categorical_crossentropy");
  }

  public CategoricalCrossentropy fromLogits(boolean b) {
    this.fromLogits = b;
    return this;
  }

  public CategoricalCrossentropy labelSmoothing(double s) {
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
