package io.jkeras.callbacks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the monitoring callbacks share: the {@code mode} argument and Keras' "auto" direction of a metric. */
final class Monitors {
  // Keras 3 metrics whose _direction is "up"; every other built-in metric (losses, errors) goes down.
  private static final List<String> UP = List.of("accuracy", "acc", "auc", "precision", "recall", "f1_score",
      "fbeta_score", "iou", "cosine_similarity", "r2_score", "true_positives", "true_negatives",
      "sensitivity_at_specificity", "specificity_at_sensitivity", "precision_at_recall", "recall_at_precision");
  private static final List<String> DOWN = List.of("loss", "error", "crossentropy", "hinge", "divergence", "kld",
      "poisson", "mse", "mae", "mape", "msle", "false_positives", "false_negatives");

  private Monitors() {}

  static String checkMode(String callback, String mode) {
    String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
    if (!m.equals("auto") && !m.equals("min") && !m.equals("max")) {
      throw new IllegalArgumentException(
          callback + ": mode must be \"auto\", \"min\" or \"max\", got \"" + mode + "\"");
    }
    return m;
  }

  /**
   * Whether larger values are better for {@code monitor} under {@code mode}: as Keras 3, "auto" takes the
   * metric's direction ({@code val_} prefix and output-name prefix ignored), {@code null} when unknown.
   */
  static Boolean higherIsBetter(String mode, String monitor) {
    if (mode.equals("min")) {
      return false;
    }
    if (mode.equals("max")) {
      return true;
    }
    String name = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
    for (String up : UP) {
      if (name.endsWith(up)) {
        return true;
      }
    }
    for (String down : DOWN) {
      if (name.endsWith(down)) {
        return false;
      }
    }
    return null;
  }

  /** The monitored value, or null with Keras' warning naming the logs there are. */
  static Double value(String callback, String monitor, Map<String, Double> logs) {
    Double v = logs == null ? null : logs.get(monitor);
    if (v == null) {
      System.getLogger(callback).log(System.Logger.Level.WARNING,
          "{0} conditioned on metric `{1}` which is not available. Available metrics are: {2}", callback,
          monitor, logs == null ? "" : String.join(",", logs.keySet()));
    }
    return v;
  }
}
