package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Masking;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.optimizers.SGD;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Masks on model outputs weigh the compiled loss and the mean metrics, as Keras 3's {@code Loss.__call__}
 * ({@code apply_mask} + {@code sum_over_batch_size}: the mean over unmasked entries) and MeanMetricWrapper
 * ({@code sample_weight = mask · sample_weight}). Expected values are computed here from the predicted
 * probabilities with Keras' formulas.
 */
class MaskedLossAndMetricsTest {
  private static final int B = 3;
  private static final int T = 4;
  private static final int C = 3;
  // Token 0 is padding: sample 0 has 2 real steps, sample 1 has 4, sample 2 has 1.
  private static final float[][] IDS = {{2, 5, 0, 0}, {1, 3, 4, 2}, {4, 0, 0, 0}};
  private static final float[][] LABELS = {{0, 2, 1, 1}, {1, 0, 2, 2}, {2, 0, 1, 0}};

  @BeforeEach
  void clear() {
    Keras.clearSession();
  }

  private static Model sequenceModel() {
    return sequenceModel(false);
  }

  private static Model sequenceModel(boolean timeDistributed) {
    SymbolicTensor ids = Input.of(T);
    SymbolicTensor e = new Embedding(6, 3).maskZero(true).apply(ids);
    SymbolicTensor h = new LSTM(4).returnSequences(true).apply(e);
    Dense head = new Dense(C).activation("softmax");
    SymbolicTensor y = timeDistributed ? new TimeDistributed(head).apply(h) : head.apply(h);
    assertTrue(y.hasMask());
    Model m = Model.of(ids, y);
    m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(3));
    m.compile(Compile.optimizer(new SGD(0.1)).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  /** Masked mean of -log p[label] and of argmax == label, weighted per sample by {@code sw} (null: 1). */
  private static double[] expected(FloatNdArray p, float[][] labels, float[] sw) {
    double loss = 0;
    double valid = 0;
    double hits = 0;
    double weightSum = 0;
    for (int i = 0; i < B; i++) {
      double w = sw == null ? 1 : sw[i];
      for (int t = 0; t < T; t++) {
        if (IDS[i][t] == 0) {
          continue;
        }
        int label = (int) labels[i][t];
        loss += -Math.log(p.getFloat(i, t, label)) * w;
        valid += 1;
        int arg = 0;
        for (int c = 1; c < C; c++) {
          if (p.getFloat(i, t, c) > p.getFloat(i, t, arg)) {
            arg = c;
          }
        }
        hits += (arg == label ? 1 : 0) * w;
        weightSum += w;
      }
    }
    // Keras: Σ loss·w·mask·total/(valid+ε) / total; the metric: Σ hit·w·mask / Σ w·mask.
    return new double[] {loss / (valid + 1e-7), hits / weightSum};
  }

  @Test
  void lossAndAccuracyAreMeansOverUnmaskedSteps() {
    try (Model m = sequenceModel()) {
      FloatNdArray p = m.predict(IDS);
      double[] want = expected(p, LABELS, null);
      Map<String, Double> got = m.testOnBatch(IDS, LABELS);
      assertEquals(want[0], got.get("loss"), 1e-5);
      assertEquals(want[1], got.get("accuracy"), 1e-6);

      // The padded steps' labels do not matter.
      float[][] other = new float[B][];
      for (int i = 0; i < B; i++) {
        other[i] = LABELS[i].clone();
        for (int t = 0; t < T; t++) {
          if (IDS[i][t] == 0) {
            other[i][t] = (other[i][t] + 1) % C;
          }
        }
      }
      Map<String, Double> again = m.testOnBatch(IDS, other);
      assertEquals(got.get("loss"), again.get("loss"), 1e-6);
      assertEquals(got.get("accuracy"), again.get("accuracy"), 1e-9);

      // Without the mask the mean would include the padded steps: the value above is not that one.
      double unmasked = 0;
      for (int i = 0; i < B; i++) {
        for (int t = 0; t < T; t++) {
          unmasked += -Math.log(p.getFloat(i, t, (int) LABELS[i][t]));
        }
      }
      assertTrue(Math.abs(unmasked / (B * T) - got.get("loss")) > 1e-3);
    }
  }

  @Test
  void timeDistributedHeadKeepsTheMaskForTheLoss() {
    try (Model m = sequenceModel(true)) {
      double[] want = expected(m.predict(IDS), LABELS, null);
      Map<String, Double> got = m.testOnBatch(IDS, LABELS);
      assertEquals(want[0], got.get("loss"), 1e-5);
      assertEquals(want[1], got.get("accuracy"), 1e-6);
    }
  }

  @Test
  void sampleWeightsCombineWithTheMask() {
    try (Model m = sequenceModel()) {
      FloatNdArray p = m.predict(IDS);
      float[] sw = {0.5f, 2f, 1f};
      double[] want = expected(p, LABELS, sw);
      Map<String, Double> got = m.testOnBatch(IDS, LABELS, sw);
      // Keras divides the weighted sum by the number of unmasked steps, not by the sum of the weights.
      assertEquals(want[0], got.get("loss"), 1e-5);
      assertEquals(want[1], got.get("accuracy"), 1e-6);
    }
  }

  @Test
  void trainingIgnoresPaddedLabels() {
    float[][] other = new float[B][];
    for (int i = 0; i < B; i++) {
      other[i] = LABELS[i].clone();
      for (int t = 0; t < T; t++) {
        if (IDS[i][t] == 0) {
          other[i][t] = (other[i][t] + 2) % C;
        }
      }
    }
    Map<String, float[]> after1;
    Map<String, float[]> after2;
    try (Model m = sequenceModel()) {
      m.trainOnBatch(IDS, LABELS);
      after1 = m.runtime().getWeights();
    }
    Keras.clearSession();
    try (Model m = sequenceModel()) {
      m.trainOnBatch(IDS, other);
      after2 = m.runtime().getWeights();
    }
    for (String k : after1.keySet()) {
      float[] a = after1.get(k);
      float[] b = after2.get(k);
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-6, k + "[" + j + "]");
      }
    }
  }

  @Test
  void maskingLayerMasksMseAndMae() {
    // Masking(0) over (batch, 3 steps, 1): the identity with a mask (batch, 3); mse/mae over unmasked steps.
    SymbolicTensor x = Input.of(3, 1);
    SymbolicTensor y = new Masking(0.0).apply(x);
    try (Model m = Model.of(x, y)) {
      m.compile(Compile.optimizer(new SGD(0.1)).loss("mse").metrics("mae"));
      float[][][] in = {{{1}, {0}, {3}}, {{2}, {2}, {0}}};
      float[][][] target = {{{0}, {5}, {1}}, {{1}, {4}, {9}}};
      Map<String, Double> got = m.testOnBatch(in, target);
      // Unmasked steps: errors 1, 2 | 1, 2 -> squared 1, 4, 1, 4; abs 1, 2, 1, 2.
      assertEquals(10.0 / (4 + 1e-7), got.get("loss"), 1e-5);
      assertEquals(6.0 / 4, got.get("mae"), 1e-6);
    }
  }
}
