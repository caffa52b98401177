package io.jkeras.optimizers;

import java.util.Map;

/**
 * Gradient descent with optional (Nesterov) momentum, Keras' {@code keras.optimizers.SGD}. Keras' rule:
 * without momentum {@code w -= lr * g}; with it {@code m = momentum * m - lr * g; w += m} (Nesterov: {@code w +=
 * momentum * m - lr * g}).
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.1).momentum(0.9).nesterov(true);
 * }</pre>
 */
public final class SGD extends Optimizer {
  private double momentum = 0.0;
  private boolean nesterov = false;

  /** Keras' defaults: learning_rate 0.01, momentum 0, nesterov false. */
  public SGD() {
    this(0.01);
  }

  public SGD(double learningRate) {
    super(learningRate);
  }

  public SGD momentum(double m) {
    this.momentum = checkRange("momentum", m, 0, true, 1, true);
    return this;
  }

  public SGD nesterov(boolean n) {
    this.nesterov = n;
    return this;
  }

  public double momentum() {
    return momentum;
  }

  public boolean nesterov() {
    return nesterov;
  }

  @Override
  public String kerasName() {
    return "SGD";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("momentum", momentum);
    c.put("nesterov", nesterov);
    return c;
  }
}
