package io.jkeras.optimizers;

import java.util.Map;

/**
 * Adadelta, Keras' {@code keras.optimizers.Adadelta}: {@code a = rho·a + (1 - rho)·g²; d = -sqrt(ad + eps) /
 * sqrt(a + eps) · g; ad = rho·ad + (1 - rho)·d²; w += lr·d}.
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(1.0).rho(0.95);
 * }</pre>
 */
public final class Adadelta extends Optimizer {
  private double rho = 0.95;
  private double epsilon = 1e-7;

  /** Keras' defaults: learning_rate 0.001, rho 0.95, epsilon 1e-7. */
  public Adadelta() {
    this(0.001);
  }

  public Adadelta(double learningRate) {
    super(learningRate);
  }

  public Adadelta rho(double r) {
    this.rho = checkRange("rho", r, 0, true, 1, false);
    return this;
  }

  public Adadelta epsilon(double e) {
    this.epsilon = checkRange("epsilon", e, 0, true, Double.MAX_VALUE, true);
    return this;
  }

  public double rho() {
    return rho;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rho", rho);
    c.put("epsilon", epsilon);
    return c;
  }
}
