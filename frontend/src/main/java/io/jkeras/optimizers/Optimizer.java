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
  private Double weightDecay;

  protected Optimizer(double learningRate) {
    learningRate(learningRate);
  }

  /** A constant learning rate. */
  public Optimizer learningRate(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(className() + ": learning_rate must be a finite number >= 0, got " + lr);
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
    checkExclusiveClip("clipnorm", clipvalue, globalClipnorm);
    this.clipnorm = positive("clipnorm", v);
    return this;
  }

  /** Clips each gradient element to [-v, v]. */
  public Optimizer clipvalue(double v) {
    checkExclusiveClip("clipvalue", clipnorm, globalClipnorm);
    this.clipvalue = positive("clipvalue", v);
    return this;
  }

  /** Clips all gradients together to this global norm. */
  public Optimizer globalClipnorm(double v) {
    checkExclusiveClip("global_clipnorm", clipnorm, clipvalue);
    this.globalClipnorm = positive("global_clipnorm", v);
    return this;
  }

  private void checkExclusiveClip(String arg, Double other1, Double other2) {
    if (other1 != null || other2 != null) {
      throw new IllegalArgumentException(className() + ": only one of clipnorm, clipvalue and global_clipnorm can"
          + " be set (as in Keras); cannot set " + arg + " as well (clipnorm=" + clipnorm + ", clipvalue="
          + clipvalue + ", global_clipnorm=" + globalClipnorm + ")");
    }
  }

  /**
   * Decoupled weight decay, as Keras' {@code weight_decay} argument of every optimizer: before each update
   * {@code variable -= variable * weight_decay * learning_rate}.
   */
  public Optimizer weightDecay(double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(className() + ": weight_decay must be >= 0, got " + v);
    }
    this.weightDecay = v;
    return this;
  }

  public java.util.Optional<Double> weightDecay() {
    return java.util.Optional.ofNullable(weightDecay);
  }

  /** Keras' default {@code name} of this optimizer ({@code adam}, {@code rmsprop}, {@code SGD}, ...). */
  public String kerasName() {
    return io.jkeras.util.Naming.toSnakeCase(className());
  }

  /** Checks a hyper-parameter lies in [lo, hi] (bounds included as flagged); returns it. */
  protected double checkRange(String arg, double v, double lo, boolean loIncl, double hi, boolean hiIncl) {
    boolean ok = (loIncl ? v >= lo : v > lo) && (hiIncl ? v <= hi : v < hi);
    if (!ok) {
      throw new IllegalArgumentException(className() + ": " + arg + " must be in " + (loIncl ? "[" : "(") + lo
          + ", " + hi + (hiIncl ? "]" : ")") + ", got " + v);
    }
    return v;
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

  /**
   * The learning rate of the update that follows {@code iterations} earlier updates (Keras evaluates its
   * schedule at {@code optimizer.iterations} before incrementing it), so the first step uses {@code at(0)}.
   */
  public double learningRateAt(long iterations) {
    return schedule != null ? schedule.at(iterations) : learningRate;
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
    c.put("name", kerasName());
    c.put("learning_rate", schedule != null ? schedule : learningRate);
    c.put("weight_decay", weightDecay);
    c.put("clipnorm", clipnorm);
    c.put("global_clipnorm", globalClipnorm);
    c.put("clipvalue", clipvalue);
    c.put("use_ema", false);
    c.put("ema_momentum", 0.99);
    c.put("ema_overwrite_frequency", null);
    c.put("loss_scale_factor", null);
    c.put("gradient_accumulation_steps", null);
    return c;
  }
}
