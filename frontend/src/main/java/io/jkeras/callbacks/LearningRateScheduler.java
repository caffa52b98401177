package io.jkeras.callbacks;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

/**
 * Sets the learning rate at the start of every epoch from a schedule, as Keras 3's
 * {@code keras.callbacks.LearningRateScheduler(schedule, verbose=0)}: {@code schedule(epoch, lr)} gets the
 * 0-based epoch and the current rate and returns the new one; the rate is also added to the epoch logs as
 * {@code learning_rate}.
 *
 * <pre>{@code
 * // Keras' documented example: keep the rate for 10 epochs, then decay it by exp(-0.1) per epoch.
 * var scheduler = new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * model.fit(x, y, Fit.epochs(15).callbacks(scheduler));
 * }</pre>
 */
public class LearningRateScheduler extends Callback {
  /** {@code (epoch, current learning rate) -> new learning rate}. */
  @FunctionalInterface
  public interface Schedule {
    double apply(int epoch, double learningRate);
  }

  private final Schedule schedule;
  private int verbose;

  /** A schedule of the epoch and the current rate. */
  public LearningRateScheduler(Schedule schedule) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
  }

  /** A schedule of the epoch only (Keras' older one-argument form). */
  public LearningRateScheduler(IntToDoubleFunction schedule) {
    Objects.requireNonNull(schedule, "schedule");
    this.schedule = (epoch, lr) -> schedule.applyAsDouble(epoch);
  }

  /** 1: print the rate set at every epoch. */
  public LearningRateScheduler verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    double lr = schedule.apply(epoch, model().runtime().learningRate());
    if (Double.isNaN(lr) || Double.isInfinite(lr) || lr < 0) {
      throw new IllegalArgumentException("LearningRateScheduler: the schedule returned " + lr + " for epoch "
          + epoch + "; it must return a finite learning rate >= 0");
    }
    model().runtime().setLearningRate(lr);
    if (verbose > 0) {
      System.out.println();
      System.out.println("Epoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + lr + ".");
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (logs != null) {
      logs.put("learning_rate", model().runtime().learningRate());
    }
  }
}
