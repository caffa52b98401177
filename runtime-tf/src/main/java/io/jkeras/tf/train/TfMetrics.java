package io.jkeras.tf.train;

import io.jkeras.metrics.AUC;
import io.jkeras.metrics.Accuracy;
import io.jkeras.metrics.BinaryAccuracy;
import io.jkeras.metrics.CategoricalAccuracy;
import io.jkeras.metrics.LossMetric;
import io.jkeras.metrics.MeanAbsoluteError;
import io.jkeras.metrics.MeanSquaredError;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Precision;
import io.jkeras.metrics.Recall;
import io.jkeras.metrics.RootMeanSquaredError;
import io.jkeras.metrics.SparseCategoricalAccuracy;
import io.jkeras.metrics.SparseTopKCategoricalAccuracy;
import io.jkeras.metrics.TopKCategoricalAccuracy;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Keras 3's metrics as per-batch statistics in the TF graph plus Java-side accumulation, so that the value
 * after any number of batches equals Keras' running (stateful) value. Mean metrics ({@code accuracy}, {@code
 * mae}, ...) reduce each sample to one value (Keras' {@code reduce_to_samplewise_values}) and accumulate
 * {@code Σ value·weight} and {@code Σ weight} (weight 1 per sample without sample weights); confusion metrics
 * accumulate true/false positive/negative counts.
 *
 * <pre>{@code
 * MetricLowering acc = TfMetrics.create(tf, metric, labels, output, null);
 * // each step: fetch acc.batchStatistics(), then acc.accumulate(fetched); at the end: acc.result()
 * }</pre>
 */
public final class TfMetrics {
  private TfMetrics() {}

  /**
   * The lowering of {@code metric} on one output.
   *
   * @param yTrue the labels (any numeric dtype)
   * @param sampleWeightOrNull per-sample weights of shape (batch), or {@code null}
   * @param out the output; when it carries a mask, the mean metrics (Keras' MeanMetricWrapper ones: accuracies,
   *     mae, mse, cross-entropies) leave its masked entries out; RMSE and the confusion metrics (precision,
   *     recall, AUC) do not, as in Keras
   */
  public static MetricLowering create(Ops tf, Metric metric, Operand<?> yTrue, LoweredOutput out,
      Operand<TFloat32> sampleWeightOrNull) {
    Ops t = tf.withSubScope(metric.name().replaceAll("[^A-Za-z0-9_.\\-]", "_"));
    Operand<TFloat32> p = out.value();
    if (metric instanceof io.jkeras.metrics.StatefulMetric sm) {
      return new StatefulMetricLowering(t, sm, yTrue, out, sampleWeightOrNull);
    }
    if (metric instanceof LossMetric lm) {
      return mean(t, TfLosses.elementwise(t, lm.asLoss(), yTrue, out), sampleWeightOrNull, out.mask(), false);
    }
    if (metric instanceof SparseCategoricalAccuracy) {
      TfLosses.rankOf(p, metric.name());
      Operand<TInt64> labels = TfLosses.sparseLabels(t, yTrue, p, metric.name());
      Operand<TInt64> predicted = t.math.argMax(p, t.constant(-1), TInt64.class);
      return mean(t, matches(t, t.math.equal(labels, predicted)), sampleWeightOrNull, out.mask(), false);
    }
    if (metric instanceof CategoricalAccuracy) {
      Operand<TInt64> labels = t.math.argMax(yTrue, t.constant(-1), TInt64.class);
      Operand<TInt64> predicted = t.math.argMax(p, t.constant(-1), TInt64.class);
      return mean(t, matches(t, t.math.equal(labels, predicted)), sampleWeightOrNull, out.mask(), false);
    }
    Operand<TFloat32> y = TfLosses.sameRankAs(t, t.dtypes.cast(yTrue, TFloat32.class), p);
    if (metric instanceof BinaryAccuracy b) {
      Operand<TFloat32> predicted = t.dtypes.cast(t.math.greater(p, t.constant((float) b.threshold())),
          TFloat32.class);
      return mean(t, TfLosses.meanLast(t, matches(t, t.math.equal(y, predicted))), sampleWeightOrNull,
          out.mask(), false);
    }
    if (metric instanceof Accuracy) {
      return mean(t, matches(t, t.math.equal(y, p)), sampleWeightOrNull, out.mask(), false);
    }
    if (metric instanceof TopKCategoricalAccuracy k) {
      Operand<TInt32> labels = t.math.argMax(yTrue, t.constant(-1), TInt32.class);
      return mean(t, inTopK(t, p, labels, k.k()), sampleWeightOrNull, out.mask(), false);
    }
    if (metric instanceof SparseTopKCategoricalAccuracy k) {
      TfLosses.rankOf(p, metric.name());
      Operand<TInt32> labels = t.dtypes.cast(TfLosses.sparseLabels(t, yTrue, p, metric.name()), TInt32.class);
      return mean(t, inTopK(t, p, labels, k.k()), sampleWeightOrNull, out.mask(), false);
    }
    if (metric instanceof MeanAbsoluteError) {
      return mean(t, TfLosses.meanLast(t, t.math.abs(t.math.sub(y, p))), sampleWeightOrNull, out.mask(), false);
    }
    if (metric instanceof MeanSquaredError) {
      return mean(t, TfLosses.meanLast(t, t.math.square(t.math.sub(y, p))), sampleWeightOrNull, out.mask(), false);
    }
    if (metric instanceof RootMeanSquaredError) {
      // Keras' RootMeanSquaredError is a Mean of the squared error (averaged per sample), square-rooted at the end.
      return mean(t, t.math.square(t.math.sub(y, p)), sampleWeightOrNull, null, true);
    }
    if (metric instanceof Precision pr) {
      return new Confusion(t, y, p, sampleWeightOrNull, new double[] {pr.threshold()}) {
        @Override
        public double result() {
          return divNoNan(tp[0], tp[0] + fp[0]);
        }
      };
    }
    if (metric instanceof Recall rc) {
      return new Confusion(t, y, p, sampleWeightOrNull, new double[] {rc.threshold()}) {
        @Override
        public double result() {
          return divNoNan(tp[0], tp[0] + fn[0]);
        }
      };
    }
    if (metric instanceof AUC auc) {
      Operand<TFloat32> scores = auc.fromLogits() ? t.math.sigmoid(p) : p;
      return new Confusion(t, y, scores, sampleWeightOrNull, auc.thresholdValues()) {
        @Override
        public double result() {
          return AucMath.result(auc, tp, fp, tn, fn);
        }
      };
    }
    throw new IllegalArgumentException("No TensorFlow lowering for metric " + metric.className() + " ('"
        + metric.name() + "'); supported: [accuracy (binary, categorical, sparse categorical), Accuracy, "
        + "TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, MeanAbsoluteError, MeanSquaredError, "
        + "RootMeanSquaredError, Precision, Recall, AUC, BinaryCrossentropy, CategoricalCrossentropy, "
        + "SparseCategoricalCrossentropy, KLDivergence]");
  }

  private static Operand<TFloat32> matches(Ops tf, Operand<TBool> eq) {
    return tf.dtypes.cast(eq, TFloat32.class);
  }

  private static Operand<TFloat32> inTopK(Ops tf, Operand<TFloat32> p, Operand<TInt32> labels, int k) {
    Shape s = p.shape();
    Operand<TFloat32> p2 = p;
    Operand<TInt32> l1 = labels;
    if (s.numDimensions() != 2) { // InTopK wants (batch, classes); fold any middle axes into the batch
      p2 = tf.reshape(p, tf.constant(new long[] {-1, s.get(s.numDimensions() - 1)}));
      l1 = tf.reshape(labels, tf.constant(new int[] {-1}));
    }
    Operand<TFloat32> m = matches(tf, tf.nn.inTopK(p2, l1, tf.constant(k)));
    if (s.numDimensions() != 2) {
      m = tf.reshape(m, tf.shape(labels));
    }
    return m;
  }

  /**
   * A Keras Mean over per-sample values (non-batch axes averaged first). With a mask (Keras' MeanMetricWrapper:
   * {@code sample_weight = apply_mask(sample_weight, mask, reduction="sum")}), each entry weighs {@code
   * mask·sample_weight} and {@code reduce_to_samplewise_values} averages values·weight and weight per sample, so
   * the result is the mean over the unmasked entries.
   */
  private static MetricLowering mean(Ops tf, Operand<TFloat32> values, Operand<TFloat32> sw, Operand<TBool> mask,
      boolean sqrt) {
    Operand<TFloat32> total;
    Operand<TFloat32> count;
    if (mask != null) {
      Shape vs = values.shape();
      int vr = vs.numDimensions();
      int mr = mask.shape().numDimensions();
      // Values of higher rank than the weights are averaged down to them first, as Keras does.
      Operand<TFloat32> v = values;
      if (vr > mr) {
        int[] axes = new int[vr - mr];
        for (int i = 0; i < axes.length; i++) {
          axes[i] = mr + i;
        }
        v = tf.math.mean(values, tf.constant(axes));
      }
      Operand<TFloat32> w = TfLosses.maskFor(tf, mask, v, "metric");
      if (sw != null) {
        w = tf.math.mul(w, TfLosses.perSampleAlong(tf, sw, v.shape().numDimensions()));
      }
      w = tf.math.mul(w, tf.onesLike(v)); // broadcast, so that the weights are averaged over every entry
      total = tf.sum(TfLosses.meanToBatch(tf, tf.math.mul(v, w)), tf.constant(0));
      count = tf.sum(TfLosses.meanToBatch(tf, w), tf.constant(0));
      return accumulating(List.of(total, count), sqrt);
    }
    Operand<TFloat32> perSample = TfLosses.meanToBatch(tf, values);
    if (sw == null) {
      total = tf.sum(perSample, tf.constant(0));
      count = tf.dtypes.cast(tf.size(perSample), TFloat32.class);
    } else {
      Operand<TFloat32> w = tf.reshape(sw, tf.constant(new int[] {-1}));
      total = tf.sum(tf.math.mul(perSample, w), tf.constant(0));
      count = tf.sum(w, tf.constant(0));
    }
    return accumulating(List.of(total, count), sqrt);
  }

  /** Accumulates (Σ value·weight, Σ weight) over batches; the result is their ratio (its square root). */
  private static MetricLowering accumulating(List<Operand<TFloat32>> stats, boolean sqrt) {
    return new MetricLowering() {
      private double sum;
      private double n;

      @Override
      public List<Operand<TFloat32>> batchStatistics() {
        return stats;
      }

      @Override
      public void accumulate(List<float[]> fetched) {
        sum += fetched.get(0)[0];
        n += fetched.get(1)[0];
      }

      @Override
      public double result() {
        double m = n == 0 ? 0.0 : sum / n;
        return sqrt ? Math.sqrt(m) : m;
      }

      @Override
      public void reset() {
        sum = 0;
        n = 0;
      }
    };
  }

  /**
   * Keras' {@code update_confusion_matrix_variables}: over all elements, a prediction is positive at threshold
   * {@code θ} when {@code p > θ}; a label is positive when non-zero. Statistics: TP, FP, TN, FN per threshold.
   */
  private abstract static class Confusion implements MetricLowering {
    private final List<Operand<TFloat32>> stats;
    final double[] tp;
    final double[] fp;
    final double[] tn;
    final double[] fn;

    Confusion(Ops tf, Operand<TFloat32> y, Operand<TFloat32> p, Operand<TFloat32> sw, double[] thresholds) {
      int n = thresholds.length;
      tp = new double[n];
      fp = new double[n];
      tn = new double[n];
      fn = new double[n];
      float[] th = new float[n];
      for (int i = 0; i < n; i++) {
        th[i] = (float) thresholds[i];
      }
      // (T, 1) thresholds against (1, N) flattened predictions.
      Operand<TFloat32> flatP = tf.reshape(p, tf.constant(new int[] {1, -1}));
      Operand<TFloat32> flatY = tf.reshape(tf.dtypes.cast(tf.math.notEqual(y, tf.constant(0f)), TFloat32.class),
          tf.constant(new int[] {1, -1}));
      Operand<TFloat32> w;
      if (sw == null) {
        w = tf.onesLike(flatY);
      } else {
        // Per-sample weights broadcast over each sample's elements.
        Operand<TFloat32> pw = tf.math.mul(tf.onesLike(p), expandToRank(tf, sw, p.shape().numDimensions()));
        w = tf.reshape(pw, tf.constant(new int[] {1, -1}));
      }
      Operand<TFloat32> predPos = tf.dtypes.cast(
          tf.math.greater(flatP, tf.reshape(tf.constant(th), tf.constant(new int[] {n, 1}))), TFloat32.class);
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> predNeg = tf.math.sub(one, predPos);
      Operand<TFloat32> labNeg = tf.math.sub(one, flatY);
      Operand<TFloat32> wPos = tf.math.mul(flatY, w);
      Operand<TFloat32> wNeg = tf.math.mul(labNeg, w);
      stats = List.of(
          tf.sum(tf.math.mul(predPos, wPos), tf.constant(1)),
          tf.sum(tf.math.mul(predPos, wNeg), tf.constant(1)),
          tf.sum(tf.math.mul(predNeg, wNeg), tf.constant(1)),
          tf.sum(tf.math.mul(predNeg, wPos), tf.constant(1)));
    }

    private static Operand<TFloat32> expandToRank(Ops tf, Operand<TFloat32> sw, int rank) {
      long[] shape = new long[Math.max(rank, 1)];
      java.util.Arrays.fill(shape, 1);
      shape[0] = -1;
      return tf.reshape(sw, tf.constant(shape));
    }

    @Override
    public List<Operand<TFloat32>> batchStatistics() {
      return stats;
    }

    @Override
    public void accumulate(List<float[]> fetched) {
      for (int i = 0; i < tp.length; i++) {
        tp[i] += fetched.get(0)[i];
        fp[i] += fetched.get(1)[i];
        tn[i] += fetched.get(2)[i];
        fn[i] += fetched.get(3)[i];
      }
    }

    @Override
    public void reset() {
      java.util.Arrays.fill(tp, 0);
      java.util.Arrays.fill(fp, 0);
      java.util.Arrays.fill(tn, 0);
      java.util.Arrays.fill(fn, 0);
    }
  }

  static double divNoNan(double a, double b) {
    return b == 0 ? 0.0 : a / b;
  }
}
