package io.jkeras.optimizers;

import java.util.Map;

/**
 * RMSprop, Keras' {@code keras.optimizers.RMSprop}: {@code v = rho·v + (1 - rho)·g²; w -= lr·g / sqrt(v +
 * epsilon)} (centered: the denominator is {@code sqrt(v - avg_g² + epsilon)}; with momentum the increment goes
 * through {@code m = momentum·m + increment; w -= m}).
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(1e-3).rho(0.9).centered(true);
 * }</pre>
 */
public final class RMSprop extends Optimizer {
  private double rho = 0.9;
  private double momentum = 0.0;
  private double epsilon = 1e-7;
  private boolean centered = false;

  /** Keras' defaults: learning_rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false. */
  public RMSprop() {
    this(0.001);
  }

  public RMSprop(double learningRate) {
    super(learningRate);
  }

  public RMSprop rho(double r) {
    this.rho = checkRange("rho", r, 0, true, 1, false);
    return this;
  }

  public RMSprop momentum(double m) {
    this.momentum = checkRange("momentum", m, 0, true, 1, false);
    return this;
  }

  public RMSprop epsilon(double e) {
    this.epsilon = checkRange("epsilon", e, 0, true, Double.MAX_VALUE, true);
    return this;
  }

  public RMSprop centered(boolean c) {
    this.centered = c;
    return this;
  }

  public double rho() {
    return rho;
  }

  public double momentum() {
    return momentum;
  }

  public double epsilon() {
    return epsilon;
  }

  public boolean centered() {
    return centered;
  }

  @Override
  public String kerasName() {
    return "rmsprop";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rho", rho);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("centered", centered);
    return c;
  }
}
