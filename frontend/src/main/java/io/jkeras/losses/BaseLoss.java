package io.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Keras' {@code keras.losses.Loss} holds for every loss: a name (shown in logs) and the reduction, which
 * is always Keras' default {@code sum_over_batch_size} here (the mean over the batch).
 */
public abstract class BaseLoss implements Loss {
  private String name;

  protected BaseLoss(String defaultName) {
    this.name = defaultName;
  }

  @Override
  public String name() {
    return name;
  }

  /** Renames the loss (Keras' {@code name=} argument). */
  public BaseLoss name(String newName) {
    if (newName == null || newName.isBlank()) {
      throw new IllegalArgumentException(className() + ": name must not be blank, got '" + newName + "'");
    }
    this.name = newName;
    return this;
  }

  @Override
  public String className() {
    return getClass().getSimpleName();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("reduction", "sum_over_batch_size");
    return c;
  }

  @Override
  public String toString() {
    return className() + getConfig();
  }

  static double checkLabelSmoothing(String owner, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(owner + ": label_smoothing must be in [0, 1], got " + v);
    }
    return v;
  }
}
