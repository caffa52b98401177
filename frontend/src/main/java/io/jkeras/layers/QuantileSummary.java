package io.jkeras.layers;

import java.util.Arrays;

/**
 * Keras' approximate quantiles of {@code Discretization.adapt} ({@code summarize}, {@code merge_summaries},
 * {@code compress_summary}, {@code get_bin_boundaries} in keras/src/layers/preprocessing/discretization.py),
 * with NumPy's float32 and float64 steps kept, so that the boundaries equal Keras'. A summary is {@code
 * {values, weights}}.
 */
final class QuantileSummary {
  private QuantileSummary() {}

  static float[][] summarize(float[] data, double epsilon) {
    float[] values = data.clone();
    Arrays.sort(values);
    int elements = values.length;
    double numBuckets = 1.0 / epsilon;
    double increment = elements / numBuckets;
    double step = Math.max(increment, 1);
    double start = step - 1;
    int first = (int) start;
    int stride = (int) step;
    int n = first >= elements ? 0 : (elements - first + stride - 1) / stride;
    float[] bounds = new float[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      bounds[i] = values[first + i * stride];
      weights[i] = (float) step;
    }
    return new float[][] {bounds, weights};
  }

  static float[][] merge(float[][] prev, float[][] next, double epsilon) {
    int n = prev[0].length + next[0].length;
    Integer[] order = new Integer[n];
    float[] v = new float[n];
    float[] w = new float[n];
    System.arraycopy(prev[0], 0, v, 0, prev[0].length);
    System.arraycopy(next[0], 0, v, prev[0].length, next[0].length);
    System.arraycopy(prev[1], 0, w, 0, prev[1].length);
    System.arraycopy(next[1], 0, w, prev[1].length, next[1].length);
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(v[a], v[b]));
    float[][] merged = new float[2][n];
    for (int i = 0; i < n; i++) {
      merged[0][i] = v[order[i]];
      merged[1][i] = w[order[i]];
    }
    return compress(merged, epsilon);
  }

  static float[][] compress(float[][] summary, double epsilon) {
    int n = summary[0].length;
    if (n * epsilon < 1) {
      return summary;
    }
    // np.arange(0.0, 1.0, epsilon): ceil(1 / epsilon) values i * epsilon
    int m = (int) Math.ceil(1.0 / epsilon);
    double[] percents = new double[m];
    for (int i = 0; i < m; i++) {
      percents[i] = epsilon + i * epsilon;
    }
    float[] cum = new float[n];
    float acc = 0;
    for (int i = 0; i < n; i++) {
      acc += summary[1][i];
      cum[i] = acc;
    }
    float[] cumPercents = new float[n];
    for (int i = 0; i < n; i++) {
      cumPercents[i] = cum[i] / cum[n - 1];
    }
    double[] newBins = interp(percents, cumPercents, summary[0]);
    double[] newCum = interp(percents, cumPercents, cum);
    float[][] out = new float[2][m];
    for (int i = 0; i < m; i++) {
      out[0][i] = (float) newBins[i];
      out[1][i] = (float) (newCum[i] - (i == 0 ? 0 : newCum[i - 1]));
    }
    return out;
  }

  /** NumPy's {@code interp} in float64. */
  static double[] interp(double[] x, float[] xp, float[] fp) {
    int n = xp.length;
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      if (v > xp[n - 1]) {
        out[i] = fp[n - 1];
      } else if (v < xp[0]) {
        out[i] = fp[0];
      } else {
        int j = 0;
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {   // the last j with xp[j] <= v
          int mid = (lo + hi) >>> 1;
          if (xp[mid] <= v) {
            j = mid;
            lo = mid + 1;
          } else {
            hi = mid - 1;
          }
        }
        if (j == n - 1 || xp[j] == v) {
          out[i] = fp[j];
        } else {
          double slope = ((double) fp[j + 1] - fp[j]) / ((double) xp[j + 1] - xp[j]);
          double r = slope * (v - xp[j]) + fp[j];
          if (Double.isNaN(r)) {
            r = slope * (v - xp[j + 1]) + fp[j + 1];
            if (Double.isNaN(r) && fp[j] == fp[j + 1]) {
              r = fp[j];
            }
          }
          out[i] = r;
        }
      }
    }
    return out;
  }

  static double[] binBoundaries(float[][] summary, int numBins) {
    float[] bins = compress(summary, 1.0 / numBins)[0];
    double[] out = new double[Math.max(bins.length - 1, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = bins[i];
    }
    return out;
  }
}
