package io.jkeras.optimizers;

import java.util.Map;

/**
 * Adam, Keras' {@code keras.optimizers.Adam}: {@code m += (g - m)(1 - beta_1); v += (g² - v)(1 - beta_2);
 * w -= lr·sqrt(1 - beta_2^t)/(1 - beta_1^t) · m / (sqrt(v) + epsilon)} (with AMSGrad, {@code v} is replaced by
 * its running maximum).
 *
 * <pre>{@code
 * Optimizer opt = new Adam(1e-3).beta1(0.9).beta2(0.999);
 * }</pre>
 */
public class Adam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-7;
  private boolean amsgrad = false;

  /** Keras' defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7, amsgrad false. */
  public Adam() {
    this(0.001);
  }

  public Adam(double learningRate) {
    super(learningRate);
  }

  public Adam beta1(double b) {
    this.beta1 = checkRange("beta_1", b, 0, true, 1, false);
    return this;
  }

  public Adam beta2(double b) {
    this.beta2 = checkRange("beta_2", b, 0, true, 1, false);
    return this;
  }

  public Adam epsilon(double e) {
    this.epsilon = checkRange("epsilon", e, 0, true, Double.MAX_VALUE, true);
    return this;
  }

  public Adam amsgrad(boolean a) {
    this.amsgrad = a;
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

  public boolean amsgrad() {
    return amsgrad;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("beta_1", beta1);
    c.put("beta_2", beta2);
    c.put("epsilon", epsilon);
    c.put("amsgrad", amsgrad);
    return c;
  }
}
