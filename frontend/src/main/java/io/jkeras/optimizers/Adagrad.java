package io.jkeras.optimizers;

import java.util.Map;

/**
 * Adagrad, Keras' {@code keras.optimizers.Adagrad}: {@code a += g²; w -= lr·g / sqrt(a + epsilon)}, the
 * accumulator starting at {@code initial_accumulator_value}.
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01).initialAccumulatorValue(0.1);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
  private double initialAccumulatorValue = 0.1;
  private double epsilon = 1e-7;

  /** Keras' defaults: learning_rate 0.001, initial_accumulator_value 0.1, epsilon 1e-7. */
  public Adagrad() {
    this(0.001);
  }

  public Adagrad(double learningRate) {
    super(learningRate);
  }

  public Adagrad initialAccumulatorValue(double v) {
    this.initialAccumulatorValue = checkRange("initial_accumulator_value", v, 0, true, Double.MAX_VALUE, true);
    return this;
  }

  public Adagrad epsilon(double e) {
    this.epsilon = checkRange("epsilon", e, 0, true, Double.MAX_VALUE, true);
    return this;
  }

  public double initialAccumulatorValue() {
    return initialAccumulatorValue;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("epsilon", epsilon);
    return c;
  }
}
