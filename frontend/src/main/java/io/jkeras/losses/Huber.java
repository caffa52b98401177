package io.jkeras.losses;

import java.util.Map;

/**
 * Keras' {@code keras.losses.Huber}: per sample the mean over the last axis of {@code 0.5·e²} where {@code |e|
 * <= delta}, else {@code delta·|e| - 0.5·delta²}, with {@code e = p - y}.
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss(new Huber().delta(2.0));
 * }</pre>
 */
public final class Huber extends BaseLoss {
  private double delta = 1.0;

  public Huber() {
    super("huber_loss");
  }

  public Huber delta(double d) {
    if (!(d > 0) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("Huber: delta must be positive, got " + d);
    }
    this.delta = d;
    return this;
  }

  public double delta() {
    return delta;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("delta", delta);
    return c;
  }
}
