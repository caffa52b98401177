package io.jkeras.tf.train;

import io.jkeras.metrics.AUC;

/** Keras' {@code AUC.result()} and {@code interpolate_pr_auc()} on accumulated confusion counts. */
final class AucMath {
  private AucMath() {}

  static double result(AUC auc, double[] tp, double[] fp, double[] tn, double[] fn) {
    int n = tp.length;
    if (auc.curve().equals("PR") && auc.summationMethod().equals("interpolation")) {
      return interpolatePrAuc(tp, fp, fn);
    }
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double recall = TfMetrics.divNoNan(tp[i], tp[i] + fn[i]);
      if (auc.curve().equals("ROC")) {
        x[i] = TfMetrics.divNoNan(fp[i], fp[i] + tn[i]);
        y[i] = recall;
      } else {
        x[i] = recall;
        y[i] = TfMetrics.divNoNan(tp[i], tp[i] + fp[i]);
      }
    }
    double sum = 0;
    for (int i = 0; i < n - 1; i++) {
      double h = switch (auc.summationMethod()) {
        case "interpolation" -> (y[i] + y[i + 1]) / 2.0;
        case "minoring" -> Math.min(y[i], y[i + 1]);
        default -> Math.max(y[i], y[i + 1]);
      };
      sum += (x[i] - x[i + 1]) * h;
    }
    return sum;
  }

  /** Davis & Goadrich (2006) interpolation of the PR curve, as Keras' {@code interpolate_pr_auc}. */
  static double interpolatePrAuc(double[] tp, double[] fp, double[] fn) {
    int n = tp.length;
    double sum = 0;
    for (int i = 0; i < n - 1; i++) {
      double dtp = tp[i] - tp[i + 1];
      double p0 = tp[i] + fp[i];
      double p1 = tp[i + 1] + fp[i + 1];
      double dp = p0 - p1;
      double slope = TfMetrics.divNoNan(dtp, Math.max(dp, 0));
      double intercept = tp[i + 1] - slope * p1;
      double ratio = (p0 > 0 && p1 > 0) ? TfMetrics.divNoNan(p0, Math.max(p1, 0)) : 1.0;
      sum += TfMetrics.divNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
    }
    return sum;
  }
}
