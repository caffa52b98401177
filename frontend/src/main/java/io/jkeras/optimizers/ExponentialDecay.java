package io.jkeras.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code keras.optimizers.schedules.ExponentialDecay}: {@code initial_learning_rate · decay_rate ^ (step /
 * decay_steps)}, the exponent floored when {@code staircase}.
 *
 * <pre>{@code
 * new SGD().learningRate(new ExponentialDecay(0.1, 1000, 0.96));
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private final double decayRate;
  private final boolean staircase;

  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
    this(initialLearningRate, decaySteps, decayRate, false);
  }

  public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("ExponentialDecay: decay_steps must be > 0, got " + decaySteps);
    }
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = decaySteps;
    this.decayRate = decayRate;
    this.staircase = staircase;
  }

  @Override
  public double at(long step) {
    double p = (double) step / decaySteps;
    if (staircase) {
      p = Math.floor(p);
    }
    return initialLearningRate * Math.pow(decayRate, p);
  }

  @Override
  public String className() {
    return "ExponentialDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("decay_rate", decayRate);
    c.put("staircase", staircase);
    c.put("name", "ExponentialDecay");
    return c;
  }
}
