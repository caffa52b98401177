package io.jkeras.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * Keras' {@code keras.metrics.AUC}: the area under the ROC (or PR) curve, approximated with confusion counts at
 * {@code num_thresholds} evenly spaced thresholds (200 by default) and a Riemann sum ({@code interpolation}:
 * trapezoids for ROC, Davis &amp; Goadrich interpolation for PR; {@code minoring}/{@code majoring}: the lower/upper
 * height).
 *
 * <pre>{@code
 * Compile.optimizer("adam").loss("binary_crossentropy").metrics(new AUC().curve("PR"));
 * }</pre>
 */
public final class AUC extends BaseMetric {
  private int numThresholds = 200;
  private String curve = "ROC";
  private String summationMethod = "interpolation";
  private boolean fromLogits = false;

  public AUC() {
    super("auc");
  }

  public AUC numThresholds(int n) {
    if (n <= 1) {
      throw new IllegalArgumentException("AUC: num_thresholds must be > 1, got " + n);
    }
    this.numThresholds = n;
    return this;
  }

  /** {@code "ROC"} or {@code "PR"}. */
  public AUC curve(String c) {
    String u = c == null ? "" : c.toUpperCase(Locale.ROOT);
    if (!u.equals("ROC") && !u.equals("PR")) {
      throw new IllegalArgumentException("AUC: curve must be one of [ROC, PR], got '" + c + "'");
    }
    this.curve = u;
    return this;
  }

  /** {@code "interpolation"}, {@code "minoring"} or {@code "majoring"}. */
  public AUC summationMethod(String m) {
    String l = m == null ? "" : m.toLowerCase(Locale.ROOT);
    if (!l.equals("interpolation") && !l.equals("minoring") && !l.equals("majoring")) {
      throw new IllegalArgumentException(
          "AUC: summation_method must be one of [interpolation, minoring, majoring], got '" + m + "'");
    }
    this.summationMethod = l;
    return this;
  }

  /** Whether predictions are logits (a sigmoid is applied first). */
  public AUC fromLogits(boolean b) {
    this.fromLogits = b;
    return this;
  }

  public int numThresholds() {
    return numThresholds;
  }

  public String curve() {
    return curve;
  }

  public String summationMethod() {
    return summationMethod;
  }

  public boolean fromLogits() {
    return fromLogits;
  }

  /**
   * Keras' thresholds: {@code (i + 1) / (n - 1)} for the inner ones, with {@code -1e-7} and {@code 1 + 1e-7}
   * at the ends so that predictions of exactly 0 and 1 are counted.
   */
  public double[] thresholdValues() {
    double[] t = new double[numThresholds];
    t[0] = -1e-7;
    for (int i = 1; i < numThresholds - 1; i++) {
      t[i] = (double) i / (numThresholds - 1);
    }
    t[numThresholds - 1] = 1.0 + 1e-7;
    return t;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("num_thresholds", numThresholds);
    c.put("curve", curve);
    c.put("summation_method", summationMethod);
    c.put("multi_label", false);
    c.put("num_labels", null);
    c.put("label_weights", null);
    c.put("from_logits", fromLogits);
    return c;
  }
}
