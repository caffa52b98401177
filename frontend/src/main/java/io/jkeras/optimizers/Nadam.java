package io.jkeras.optimizers;

import java.util.Map;

/**
 * Nadam (Adam with Nesterov momentum), Keras' {@code keras.optimizers.Nadam}, with Keras' momentum schedule
 * {@code u_t = beta_1·(1 - 0.5·0.96^t)}.
 *
 * <pre>{@code
 * Optimizer opt = new Nadam(2e-3);
 * }</pre>
 */
public final class Nadam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-7;

  /** Keras' defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
  public Nadam() {
    this(0.001);
  }

  public Nadam(double learningRate) {
    super(learningRate);
  }

  public Nadam beta1(double b) {
    this.beta1 = checkRange("beta_1", b, 0, true, 1, false);
    return this;
  }

  public Nadam beta2(double b) {
    this.beta2 = checkRange("beta_2", b, 0, true, 1, false);
    return this;
  }

  public Nadam epsilon(double e) {
    this.epsilon = checkRange("epsilon", e, 0, true, Double.MAX_VALUE, true);
    return this;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    return c;
  }
}
