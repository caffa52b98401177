package io.jkeras.callbacks;

import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored metric has stopped improving, as Keras 3's
 * {@code keras.callbacks.EarlyStopping}, with its arguments and defaults: {@code monitor="val_loss"},
 * {@code min_delta=0}, {@code patience=0}, {@code verbose=0}, {@code mode="auto"}, {@code baseline=None},
 * {@code restore_best_weights=False}, {@code start_from_epoch=0}.
 *
 * <p>At every epoch end (from {@code startFromEpoch} on) the wait count grows by one; a value better than the
 * best so far by more than {@code minDelta} becomes the best and, if it also beats {@code baseline}, resets the
 * wait. Training stops once the wait reaches {@code patience} (never at epoch 0). With
 * {@code restoreBestWeights} the weights of the best epoch are put back when training ends.
 *
 * <pre>{@code
 * var stop = new EarlyStopping().monitor("val_loss").patience(3).restoreBestWeights(true);
 * model.fit(x, y, Fit.epochs(100).validationSplit(0.1).callbacks(stop));
 * int stoppedAt = stop.stoppedEpoch(); // 0-based; 0 if it did not stop training
 * }</pre>
 */
public class EarlyStopping extends Callback {
  private String monitor = "val_loss";
  private double minDelta;
  private int patience;
  private int verbose;
  private String mode = "auto";
  private Double baseline;
  private boolean restoreBestWeights;
  private int startFromEpoch;

  private Boolean higherIsBetter;
  private int wait;
  private int stoppedEpoch;
  private Double best;
  private int bestEpoch;
  private Map<String, float[]> bestWeights;

  /** Keras' defaults: monitors {@code val_loss}, patience 0. */
  public EarlyStopping() {}

  /** The log to watch ({@code val_loss}, {@code val_accuracy}, {@code loss}, ...). */
  public EarlyStopping monitor(String monitor) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    higherIsBetter = null;
    return this;
  }

  /** The smallest change that counts as an improvement (its absolute value is used, as in Keras). */
  public EarlyStopping minDelta(double minDelta) {
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  /** Epochs without improvement after which training stops. */
  public EarlyStopping patience(int patience) {
    if (patience < 0) {
      throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
    }
    this.patience = patience;
    return this;
  }

  /** 1: print when training stops and when the best weights are restored. */
  public EarlyStopping verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** {@code "min"}, {@code "max"}, or {@code "auto"} (the metric's own direction: losses down, accuracy up). */
  public EarlyStopping mode(String mode) {
    this.mode = Monitors.checkMode("EarlyStopping", mode);
    higherIsBetter = null;
    return this;
  }

  /** A value the metric must beat before the wait is reset; {@code null}: none. */
  public EarlyStopping baseline(Double baseline) {
    this.baseline = baseline;
    return this;
  }

  /** Put back the weights of the best epoch when training ends. */
  public EarlyStopping restoreBestWeights(boolean restore) {
    this.restoreBestWeights = restore;
    return this;
  }

  /** Epochs of warm-up before improvements are looked for (0-based epoch index). */
  public EarlyStopping startFromEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("EarlyStopping: start_from_epoch must be >= 0, got " + epoch);
    }
    this.startFromEpoch = epoch;
    return this;
  }

  public String monitor() {
    return monitor;
  }

  public double minDelta() {
    return minDelta;
  }

  public int patience() {
    return patience;
  }

  public String mode() {
    return mode;
  }

  public Double baseline() {
    return baseline;
  }

  public boolean restoreBestWeights() {
    return restoreBestWeights;
  }

  public int startFromEpoch() {
    return startFromEpoch;
  }

  /** The epoch (0-based) at which training was stopped, 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The best value seen in the last fit, or {@code null}. */
  public Double best() {
    return best;
  }

  /** The epoch (0-based) of the best value. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** Epochs since the last improvement. */
  public int waitCount() {
    return wait;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    wait = 0;
    stoppedEpoch = 0;
    best = null;
    bestWeights = null;
    bestEpoch = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (higherIsBetter == null) {
      higherIsBetter = Monitors.higherIsBetter(mode, monitor);
      if (higherIsBetter == null) {
        throw new IllegalArgumentException("EarlyStopping callback received monitor=" + monitor + " but jkeras"
            + " isn't able to automatically determine whether that metric should be maximized or minimized."
            + " Pass mode(\"max\") in order to do early stopping based on the highest metric value, or pass"
            + " mode(\"min\") in order to use the lowest value.");
      }
    }
    Double current = Monitors.value("EarlyStopping", monitor, logs);
    if (current == null || epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      // As Keras: if no best weights were kept yet, the current ones are the best.
      bestWeights = model().runtime().getWeights();
      bestEpoch = epoch;
    }
    wait++;
    if (isImprovement(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = model().runtime().getWeights();
      }
      // The wait restarts only when both the baseline and the previous best are beaten.
      if (baseline == null || isImprovement(current, baseline)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      model().stopTraining(true);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      System.out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
    if (restoreBestWeights && bestWeights != null) {
      if (verbose > 0) {
        System.out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
      }
      model().runtime().setWeights(bestWeights);
    }
  }

  private boolean isImprovement(double value, Double reference) {
    if (reference == null) {
      return true;
    }
    // Keras: monitor_op(value - min_delta, reference), min_delta negated for "less".
    return higherIsBetter ? value - minDelta > reference : value + minDelta < reference;
  }
}
