package io.jkeras.optimizers;

import io.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the optimizers: the arguments every Keras optimizer shares (learning rate or schedule, gradient
 * clipping). Subclasses hold their own hyper-parameters; the runtime implements the update rule.
 *
 * <pre>{@code
 * model.compile(Compile.optimizer(new Adam(1e-3).clipnorm(1.0)).loss("mse"));
 * }</pre>
 */
public abstract class Optimizer implements KerasSerializable {
  private double learningRate;
  private LearningRateSchedule schedule;
  private Double clipnorm;
  private Double clipvalue;
  private Double globalClipnorm;

  protected Optimizer(double learningRate) {
    learningRate(learningRate);
  }

  /** A constant learning rate. */
  public Optimizer learningRate(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(className() + ": learning_rate must be positive, got " + lr);
    }
    this.learningRate = lr;
    this.schedule = null;
    return this;
  }

  /** A learning rate that changes with the step. */
  public Optimizer learningRate(LearningRateSchedule schedule) {
    this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    return this;
  }

  /** Clips each gradient to this norm. */
  public Optimizer clipnorm(double v) {
    checkExclusiveClip("clipnorm");
    this.clipnorm = positive("clipnorm", v);
    return this;
  }

  /** Clips each gradient element to [-v, v]. */
  public Optimizer clipvalue(double v) {
    this.clipvalue = positive("clipvalue", v);
    return this;
  }

  /** Clips all gradients together to this global norm. */
  public Optimizer globalClipnorm(double v) {
    checkExclusiveClip("global_clipnorm");
    this.globalClipnorm = positive("global_clipnorm", v);
    return this;
  }

  private void checkExclusiveClip(String arg) {
    if (("clipnorm".equals(arg) && globalClipnorm != null) || ("global_clipnorm".equals(arg) && clipnorm != null)) {
      throw new IllegalArgumentException(
          className() + ": only one of clipnorm and global_clipnorm can be set (as in Keras)");
    }
  }

  private double positive(String arg, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(className() + ": " + arg + " must be positive, got " + v);
    }
    return v;
  }

  /** The constant learning rate (the initial one if a schedule is set). */
  public double learningRate() {
    return schedule != null ? schedule.initialLearningRate() : learningRate;
  }

  public java.util.Optional<LearningRateSchedule> schedule() {
    return java.util.Optional.ofNullable(schedule);
  }

  public java.util.Optional<Double> clipnorm() {
    return java.util.Optional.ofNullable(clipnorm);
  }

  public java.util.Optional<Double> clipvalue() {
    return java.util.Optional.ofNullable(clipvalue);
  }

  public java.util.Optional<Double> globalClipnorm() {
    return java.util.Optional.ofNullable(globalClipnorm);
  }

  @Override
  public String className() {
    return getClass().getSimpleName();
  }

  /** Keras' config keys shared by all optimizers; subclasses add theirs. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", io.jkeras.util.Naming.toSnakeCase(className()));
    c.put("learning_rate", schedule != null ? schedule : learningRate);
    c.put("clipnorm", clipnorm);
    c.put("global_clipnorm", globalClipnorm);
    c.put("clipvalue", clipvalue);
    return c;
  }
}
