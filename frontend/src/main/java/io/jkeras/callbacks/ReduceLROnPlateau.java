package io.jkeras.callbacks;

import java.util.Map;
import java.util.Objects;

/**
 * Multiplies the learning rate by {@code factor} when a metric has stopped improving, as Keras 3's
 * {@code keras.callbacks.ReduceLROnPlateau}, with its defaults: {@code monitor="val_loss"}, {@code factor=0.1},
 * {@code patience=10}, {@code verbose=0}, {@code mode="auto"}, {@code min_delta=1e-4}, {@code cooldown=0},
 * {@code min_lr=0}.
 *
 * <p>Every epoch end it adds the current learning rate to the logs as {@code learning_rate} (so History and
 * later callbacks see it), then compares the metric with the best so far: after {@code patience} epochs without
 * an improvement of more than {@code minDelta} the rate becomes {@code max(lr * factor, minLr)} and
 * {@code cooldown} epochs pass before the wait counts again. As in Keras, "auto" minimizes unless the monitor's
 * name contains {@code acc}.
 *
 * <pre>{@code
 * var reduce = new ReduceLROnPlateau().monitor("val_loss").factor(0.2).patience(5).minLr(0.001);
 * model.fit(x, y, Fit.epochs(50).validationSplit(0.1).callbacks(reduce));
 * }</pre>
 */
public class ReduceLROnPlateau extends Callback {
  private String monitor = "val_loss";
  private double factor = 0.1;
  private int patience = 10;
  private int verbose;
  private String mode = "auto";
  private double minDelta = 1e-4;
  private int cooldown;
  private double minLr;

  private boolean higherIsBetter;
  private double best;
  private int wait;
  private int cooldownCounter;

  /** Keras' defaults. */
  public ReduceLROnPlateau() {
    reset();
  }

  /** The log to watch. */
  public ReduceLROnPlateau monitor(String monitor) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    reset();
    return this;
  }

  /** The factor the learning rate is multiplied by; must be below 1. */
  public ReduceLROnPlateau factor(double factor) {
    if (!(factor < 1.0)) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=" + factor);
    }
    this.factor = factor;
    return this;
  }

  /** Epochs without improvement after which the rate is reduced. */
  public ReduceLROnPlateau patience(int patience) {
    if (patience < 0) {
      throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
    }
    this.patience = patience;
    return this;
  }

  /** 1: print each reduction. */
  public ReduceLROnPlateau verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** {@code "min"}, {@code "max"} or {@code "auto"} (max when the monitor's name contains "acc"). */
  public ReduceLROnPlateau mode(String mode) {
    this.mode = Monitors.checkMode("ReduceLROnPlateau", mode);
    reset();
    return this;
  }

  /** The smallest change that counts as an improvement. */
  public ReduceLROnPlateau minDelta(double minDelta) {
    this.minDelta = minDelta;
    return this;
  }

  /** Epochs to wait after a reduction before the wait counts again. */
  public ReduceLROnPlateau cooldown(int cooldown) {
    if (cooldown < 0) {
      throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
    }
    this.cooldown = cooldown;
    return this;
  }

  /** The learning rate never goes below this. */
  public ReduceLROnPlateau minLr(double minLr) {
    this.minLr = minLr;
    return this;
  }

  public String monitor() {
    return monitor;
  }

  public double factor() {
    return factor;
  }

  public int patience() {
    return patience;
  }

  public String mode() {
    return mode;
  }

  public double minDelta() {
    return minDelta;
  }

  public int cooldown() {
    return cooldown;
  }

  public double minLr() {
    return minLr;
  }

  private void reset() {
    // Keras' _reset: "auto" maximizes only metrics whose name contains "acc".
    higherIsBetter = mode.equals("max") || (mode.equals("auto") && monitor.contains("acc"));
    best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    cooldownCounter = 0;
    wait = 0;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    reset();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double lr = model().runtime().learningRate();
    if (logs != null) {
      logs.put("learning_rate", lr);
    }
    Double current = Monitors.value("ReduceLROnPlateau", monitor, logs);
    if (current == null) {
      return;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    boolean improved = higherIsBetter ? current > best + minDelta : current < best - minDelta;
    if (improved) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      // Compared in float32, as Keras compares the float32 variable with np.float32(min_lr).
      if (wait >= patience && (float) lr > (float) minLr) {
        double newLr = Math.max(lr * factor, minLr);
        model().runtime().setLearningRate(newLr);
        if (verbose > 0) {
          System.out.println();
          System.out.println("Epoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + newLr
              + ".");
        }
        cooldownCounter = cooldown;
        wait = 0;
      }
    }
  }
}
