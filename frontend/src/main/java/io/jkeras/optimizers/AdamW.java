package io.jkeras.optimizers;

/**
 * Adam with decoupled weight decay, Keras' {@code keras.optimizers.AdamW}: before each Adam update {@code w -=
 * w · weight_decay · lr}. Same defaults as {@link Adam} plus weight_decay 0.004.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3).weightDecay(0.01);
 * }</pre>
 */
public final class AdamW extends Adam {
  /** Keras' defaults: learning_rate 0.001, weight_decay 0.004, beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
  public AdamW() {
    this(0.001);
  }

  public AdamW(double learningRate) {
    super(learningRate);
    weightDecay(0.004);
  }

  @Override
  public String kerasName() {
    return "adamw";
  }
}
