package io.jkeras.losses;

import java.util.Map;

/**
 * Cross-entropy between integer labels and predicted class probabilities (or logits with {@code
 * fromLogits(true)}), Keras' {@code keras.losses.SparseCategoricalCrossentropy}: per sample {@code
 * -log(p[label])}. Labels have shape (batch) or (batch, 1).
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new SparseCategoricalCrossentropy().fromLogits(true));
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends BaseLoss {
  private boolean fromLogits = false;

  public SparseCategoricalCrossentropy() {
    super("sparse_categorical_crossentropy");
  }

  /** Whether predictions are logits rather than probabilities (default false). */
  public SparseCategoricalCrossentropy fromLogits(boolean b) {
    this.fromLogits = b;
    return this;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("ignore_class", null);
    return c;
  }
}
