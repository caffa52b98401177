package io.jkeras.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code keras.optimizers.schedules.CosineDecay}: with {@code s = min(step, decay_steps)}, {@code
 * initial_learning_rate · ((1 - alpha) · 0.5 · (1 + cos(π s / decay_steps)) + alpha)}; with a warm-up, the
 * rate first rises linearly from {@code initial_learning_rate} to {@code warmup_target} over {@code
 * warmup_steps}, then decays from {@code warmup_target}.
 *
 * <pre>{@code
 * new Adam().learningRate(new CosineDecay(1e-3, 10000).alpha(0.1));
 * }</pre>
 */
public final class CosineDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private double alpha = 0.0;
  private Double warmupTarget;
  private long warmupSteps = 0;

  public CosineDecay(double initialLearningRate, long decaySteps) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException("CosineDecay: decay_steps must be > 0, got " + decaySteps);
    }
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = decaySteps;
  }

  /** The minimum learning rate as a fraction of the initial one. */
  public CosineDecay alpha(double a) {
    this.alpha = a;
    return this;
  }

  /** A linear warm-up to {@code target} over {@code steps} steps before the decay. */
  public CosineDecay warmup(double target, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("CosineDecay: warmup_steps must be >= 0, got " + steps);
    }
    this.warmupTarget = target;
    this.warmupSteps = steps;
    return this;
  }

  @Override
  public double at(long step) {
    if (warmupTarget == null) {
      return decay(Math.min(step, decaySteps), initialLearningRate);
    }
    double s = Math.min(step, decaySteps + warmupSteps);
    if (s < warmupSteps) {
      return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
    }
    return decay(s - warmupSteps, warmupTarget);
  }

  private double decay(double step, double from) {
    double cosine = 0.5 * (1.0 + Math.cos(Math.PI * step / decaySteps));
    return from * ((1 - alpha) * cosine + alpha);
  }

  @Override
  public String className() {
    return "CosineDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("alpha", alpha);
    c.put("name", "CosineDecay");
    c.put("warmup_target", warmupTarget);
    c.put("warmup_steps", warmupSteps);
    return c;
  }
}
