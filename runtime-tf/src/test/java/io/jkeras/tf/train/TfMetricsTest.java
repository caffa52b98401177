package io.jkeras.tf.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.losses.Losses;
import io.jkeras.metrics.AUC;
import io.jkeras.metrics.BinaryAccuracy;
import io.jkeras.metrics.CategoricalAccuracy;
import io.jkeras.metrics.MeanAbsoluteError;
import io.jkeras.metrics.MeanSquaredError;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import io.jkeras.metrics.Precision;
import io.jkeras.metrics.Recall;
import io.jkeras.metrics.RootMeanSquaredError;
import io.jkeras.metrics.SparseCategoricalAccuracy;
import io.jkeras.metrics.SparseTopKCategoricalAccuracy;
import io.jkeras.metrics.TopKCategoricalAccuracy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Metrics over one or two batches against Keras' documented values (keras.io examples) or hand formulas. */
class TfMetricsTest {

  /** One batch: labels and predictions as constants, optional sample weights. */
  record Batch(Object y, float[][] p, float[] sw) {
    Batch(Object y, float[][] p) {
      this(y, p, null);
    }
  }

  /** Runs each batch through the metric's graph statistics, accumulates in Java and returns the result. */
  static double evaluate(Metric metric, Batch... batches) {
    MetricLowering low = null;
    for (Batch b : batches) {
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        Operand<?> y = b.y() instanceof float[][] f ? tf.constant(f)
            : b.y() instanceof int[] i ? tf.constant(i) : tf.constant((float[]) b.y());
        Operand<TFloat32> sw = b.sw() == null ? null : tf.constant(b.sw());
        MetricLowering m = TfMetrics.create(tf, metric, y, new LoweredOutput(tf.constant(b.p()), "linear", null), sw);
        if (low == null) {
          low = m;
        }
        Session.Runner r = s.runner();
        m.batchStatistics().forEach(r::fetch);
        List<float[]> fetched = new ArrayList<>();
        try (Result res = r.run()) {
          for (int i = 0; i < res.size(); i++) {
            TFloat32 t = (TFloat32) res.get(i);
            fetched.add(t.shape().numDimensions() == 0 ? new float[] {t.getFloat()} : StdArrays.array1dCopyOf(t));
          }
        }
        // the statistics of every batch go into the first lowering, as the training loop does across steps
        low.accumulate(fetched);
      }
    }
    return low.result();
  }

  @Test
  void sparseCategoricalAccuracyKerasExample() {
    // keras.io: update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]) -> 0.5
    float[][] p = {{0.1f, 0.6f, 0.3f}, {0.05f, 0.95f, 0f}};
    assertEquals(0.5, evaluate(new SparseCategoricalAccuracy(), new Batch(new float[][] {{2}, {1}}, p)), 1e-7);
    assertEquals(0.5, evaluate(new SparseCategoricalAccuracy(), new Batch(new int[] {2, 1}, p)), 1e-7);
    // with sample_weight [0.7, 0.3] -> 0.3
    assertEquals(0.3, evaluate(new SparseCategoricalAccuracy(),
        new Batch(new int[] {2, 1}, p, new float[] {0.7f, 0.3f})), 1e-6);
  }

  @Test
  void categoricalAndBinaryAccuracyKerasExamples() {
    // keras.io: CategoricalAccuracy [[0, 0, 1], [0, 1, 0]] vs [[0.1, 0.9, 0.8], [0.05, 0.95, 0]] -> 0.5
    assertEquals(0.5, evaluate(new CategoricalAccuracy(), new Batch(new float[][] {{0, 0, 1}, {0, 1, 0}},
        new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0f}})), 1e-7);
    // keras.io: BinaryAccuracy [[1], [1], [0], [0]] vs [[0.98], [1], [0], [0.6]] -> 0.75
    assertEquals(0.75, evaluate(new BinaryAccuracy(), new Batch(new float[][] {{1}, {1}, {0}, {0}},
        new float[][] {{0.98f}, {1f}, {0f}, {0.6f}})), 1e-7);
    // threshold 0.7 turns 0.6 into a negative: all right
    assertEquals(1.0, evaluate(new BinaryAccuracy().threshold(0.7), new Batch(new float[][] {{1}, {1}, {0}, {0}},
        new float[][] {{0.98f}, {1f}, {0f}, {0.6f}})), 1e-7);
  }

  @Test
  void accuracyAcrossBatchesIsWeightedBySampleCount() {
    // batch 1: 3 samples, 2 right; batch 2: 1 sample, right -> 3/4 (not the mean of 2/3 and 1)
    Metric acc = Metrics.get("accuracy", Losses.get("sparse_categorical_crossentropy"), Shape.of(-1, 2));
    double v = evaluate(acc,
        new Batch(new int[] {0, 1, 1}, new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.6f, 0.4f}}),
        new Batch(new int[] {0}, new float[][] {{0.7f, 0.3f}}));
    assertEquals(0.75, v, 1e-7);
  }

  @Test
  void topKKerasExamples() {
    // keras.io: TopKCategoricalAccuracy(k=1) [[0, 0, 1], [0, 1, 0]] vs [[0.1, 0.9, 0.8], [0.05, 0.95, 0]] -> 0.5
    float[][] p = {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0f}};
    assertEquals(0.5, evaluate(new TopKCategoricalAccuracy().k(1),
        new Batch(new float[][] {{0, 0, 1}, {0, 1, 0}}, p)), 1e-7);
    // keras.io: SparseTopKCategoricalAccuracy(k=1) [2, 1] -> 0.5; with k=2 both labels are in the top 2
    assertEquals(0.5, evaluate(new SparseTopKCategoricalAccuracy().k(1), new Batch(new int[] {2, 1}, p)), 1e-7);
    assertEquals(1.0, evaluate(new SparseTopKCategoricalAccuracy().k(2), new Batch(new int[] {2, 1}, p)), 1e-7);
  }

  @Test
  void regressionMetricsKerasExamples() {
    // keras.io: [[0, 1], [0, 0]] vs [[1, 1], [0, 0]] -> mae 0.25, mse 0.25, rmse 0.5
    Batch b = new Batch(new float[][] {{0, 1}, {0, 0}}, new float[][] {{1, 1}, {0, 0}});
    assertEquals(0.25, evaluate(new MeanAbsoluteError(), b), 1e-7);
    assertEquals(0.25, evaluate(new MeanSquaredError(), b), 1e-7);
    assertEquals(0.5, evaluate(new RootMeanSquaredError(), b), 1e-7);
    // with sample_weight [1, 0] -> mae 0.5, rmse sqrt(0.5)
    Batch w = new Batch(new float[][] {{0, 1}, {0, 0}}, new float[][] {{1, 1}, {0, 0}}, new float[] {1f, 0f});
    assertEquals(0.5, evaluate(new MeanAbsoluteError(), w), 1e-7);
    assertEquals(Math.sqrt(0.5), evaluate(new RootMeanSquaredError(), w), 1e-7);
    // two batches: Σ per-sample values / Σ samples
    assertEquals((0.5 + 0 + 2.0) / 3, evaluate(Metrics.get("mae", null, null), b,
        new Batch(new float[][] {{1, 1}}, new float[][] {{3, 3}})), 1e-7);
  }

  @Test
  void precisionRecallKerasExamples() {
    // keras.io: Precision [0, 1, 1, 1] vs [1, 0, 1, 1] -> 2/3; Recall the same inputs -> 2/3
    Batch b = new Batch(new float[][] {{0}, {1}, {1}, {1}}, new float[][] {{1}, {0}, {1}, {1}});
    assertEquals(2.0 / 3, evaluate(new Precision(), b), 1e-7);
    assertEquals(2.0 / 3, evaluate(new Recall(), b), 1e-7);
    // with sample_weight [0, 0, 1, 0] -> precision 1.0, recall 1.0
    Batch w = new Batch(new float[][] {{0}, {1}, {1}, {1}}, new float[][] {{1}, {0}, {1}, {1}},
        new float[] {0, 0, 1, 0});
    assertEquals(1.0, evaluate(new Precision(), w), 1e-7);
    assertEquals(1.0, evaluate(new Recall(), w), 1e-7);
    // nothing predicted positive: 0, not NaN
    assertEquals(0.0, evaluate(new Precision(), new Batch(new float[][] {{1}}, new float[][] {{0.1f}})), 0.0);
  }

  @Test
  void aucKerasExample() {
    // keras.io: AUC(num_thresholds=3) [0, 0, 1, 1] vs [0, 0.5, 0.3, 0.9] -> 0.75
    Batch b = new Batch(new float[][] {{0}, {0}, {1}, {1}}, new float[][] {{0}, {0.5f}, {0.3f}, {0.9f}});
    assertEquals(0.75, evaluate(new AUC().numThresholds(3), b), 1e-7);
    // perfectly separated scores: ROC AUC 1 with the default 200 thresholds
    Batch sep = new Batch(new float[][] {{0}, {0}, {1}, {1}}, new float[][] {{0.1f}, {0.2f}, {0.7f}, {0.9f}});
    assertEquals(1.0, evaluate(new AUC(), sep), 1e-6);
    // PR, minoring at 3 thresholds: recall [1, .5, 0], precision [.5, 1, 0] -> (1 - .5)·.5 + (.5 - 0)·0 = 0.25
    assertEquals(0.25, evaluate(new AUC().numThresholds(3).curve("PR").summationMethod("minoring"), b), 1e-7);
  }

  @Test
  void unknownMetricObjectIsRejected() {
    Metric odd = new Metric() {
      @Override
      public String name() {
        return "odd";
      }

      @Override
      public String className() {
        return "Odd";
      }

      @Override
      public java.util.Map<String, Object> getConfig() {
        return java.util.Map.of();
      }
    };
    String msg = assertThrows(IllegalArgumentException.class, () -> evaluate(odd, new Batch(new int[] {0},
        new float[][] {{1f}}))).getMessage();
    assertTrue(msg.startsWith("No TensorFlow lowering for metric Odd ('odd'); supported: [accuracy"), msg);
  }

  @Test
  void binaryAccuracyWithRankOneLabelsAndTwoMetricsOfOneNameInAGraph() {
    // y (4) vs p (4, 1): Keras expands y; 3 of 4 right
    assertEquals(0.75, evaluate(new BinaryAccuracy(), new Batch(new float[] {1, 1, 0, 0},
        new float[][] {{0.98f}, {1f}, {0f}, {0.6f}})), 1e-7);
    // two outputs with an "accuracy" each live in one graph
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Metric acc = Metrics.get("accuracy", Losses.get("binary_crossentropy"), Shape.of(-1, 1));
      LoweredOutput out = new LoweredOutput(tf.constant(new float[][] {{0.2f}}), "sigmoid", null);
      TfMetrics.create(tf, acc, tf.constant(new float[][] {{0f}}), out, null);
      MetricLowering second = TfMetrics.create(tf, acc, tf.constant(new float[][] {{0f}}), out, null);
      assertEquals(2, second.batchStatistics().size());
    }
  }

  @Test
  void crossentropyMetricsAverageTheLoss() {
    // keras.io: SparseCategoricalCrossentropy metric, [1, 2] vs [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] -> 1.1769
    float[][] p = {{0.05f, 0.95f, 0f}, {0.1f, 0.8f, 0.1f}};
    assertEquals((-Math.log(0.95) - Math.log(0.1)) / 2,
        evaluate(Metrics.get("sparse_categorical_crossentropy", null, null), new Batch(new int[] {1, 2}, p)), 1e-5);
    // keras.io: CategoricalCrossentropy metric, same data one-hot -> 1.1769
    assertEquals(1.1769, evaluate(new io.jkeras.metrics.CategoricalCrossentropy(),
        new Batch(new float[][] {{0, 1, 0}, {0, 0, 1}}, p)), 1e-4);
    // keras.io: BinaryCrossentropy metric, [[0, 1], [0, 0]] vs [[0.6, 0.4], [0.4, 0.6]] -> 0.81492
    assertEquals(0.81492, evaluate(Metrics.get("bce", null, null),
        new Batch(new float[][] {{0, 1}, {0, 0}}, new float[][] {{0.6f, 0.4f}, {0.4f, 0.6f}})), 1e-4);
  }

  @Test
  void lossMetricsAverageOverBatches() {
    // hinge metric over two batches: per-sample mean(max(1 - y·p, 0)) with 0/1 labels mapped to -1/1
    Batch b1 = new Batch(new float[][] {{0, 1}}, new float[][] {{0.3f, 0.6f}});
    Batch b2 = new Batch(new float[][] {{1, 0}, {1, 1}}, new float[][] {{-0.4f, 2f}, {2f, 2f}});
    double s1 = (1.3 + 0.4) / 2;
    double s2 = (1.4 + 3) / 2;
    double s3 = 0;
    assertEquals((s1 + s2 + s3) / 3, evaluate(Metrics.get("hinge", null, null), b1, b2), 1e-6);
    // keras.io: LogCoshError [[0, 1], [0, 0]] vs [[1, 1], [0, 0]] -> 0.10844523
    assertEquals(0.10844523, evaluate(new io.jkeras.metrics.LogCoshError(),
        new Batch(new float[][] {{0, 1}, {0, 0}}, new float[][] {{1, 1}, {0, 0}})), 1e-6);
  }
}
