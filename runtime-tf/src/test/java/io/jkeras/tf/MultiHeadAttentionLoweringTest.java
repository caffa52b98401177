package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.MultiHeadAttention;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** MultiHeadAttention lowered: values against a plain-Java reference, masks, scores and gradients. */
class MultiHeadAttentionLoweringTest {
  private static final RuntimeOptions OPTS = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1);

  private static float[] gaussian(Random r, long n) {
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextGaussian() * 0.7);
    }
    return v;
  }

  private static FloatNdArray array(Shape shape, float[] values) {
    return NdArrays.wrap(shape, DataBuffers.of(values, false, false));
  }

  /**
   * The reference: Vaswani et al.'s multi-head attention with Keras' weight layout, in double. Inputs (B, T, dq),
   * (B, S, dv), (B, S, dk); mask (B, T, S) or null; returns {output (B, T, out), scores (B, N, T, S)}.
   */
  static double[][] reference(Map<String, float[]> w, String p, float[] q, float[] v, float[] k, float[] mask,
      boolean causal, int b, int t, int s, int dq, int dv, int dk, int n, int h, int hv, int out) {
    float[] wq = w.get(p + "/query/kernel");
    float[] bq = w.get(p + "/query/bias");
    float[] wk = w.get(p + "/key/kernel");
    float[] bk = w.get(p + "/key/bias");
    float[] wv = w.get(p + "/value/kernel");
    float[] bv = w.get(p + "/value/bias");
    float[] wo = w.get(p + "/attention_output/kernel");
    float[] bo = w.get(p + "/attention_output/bias");
    double[] result = new double[b * t * out];
    double[] scores = new double[b * n * t * s];
    for (int e = 0; e < b; e++) {
      double[][][] ctx = new double[t][n][hv];
      for (int head = 0; head < n; head++) {
        double[][] qp = proj(q, wq, bq, e, t, dq, n, h, head);
        double[][] kp = proj(k, wk, bk, e, s, dk, n, h, head);
        double[][] vp = proj(v, wv, bv, e, s, dv, n, hv, head);
        for (int i = 0; i < t; i++) {
          double[] logits = new double[s];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < s; j++) {
            double dot = 0;
            for (int c = 0; c < h; c++) {
              dot += qp[i][c] * kp[j][c];
            }
            logits[j] = dot / Math.sqrt(h);
            boolean attend = (mask == null || mask[(e * t + i) * s + j] != 0) && (!causal || j <= i);
            if (!attend) {
              logits[j] += -1e9;
            }
            max = Math.max(max, logits[j]);
          }
          double sum = 0;
          for (int j = 0; j < s; j++) {
            logits[j] = Math.exp(logits[j] - max);
            sum += logits[j];
          }
          for (int j = 0; j < s; j++) {
            double pr = logits[j] / sum;
            scores[((e * n + head) * t + i) * s + j] = pr;
            for (int c = 0; c < hv; c++) {
              ctx[i][head][c] += pr * vp[j][c];
            }
          }
        }
      }
      for (int i = 0; i < t; i++) {
        for (int o = 0; o < out; o++) {
          double acc = bo == null ? 0 : bo[o];
          for (int head = 0; head < n; head++) {
            for (int c = 0; c < hv; c++) {
              acc += ctx[i][head][c] * wo[(head * hv + c) * out + o];
            }
          }
          result[(e * t + i) * out + o] = acc;
        }
      }
    }
    return new double[][] {result, scores};
  }

  private static double[][] proj(float[] x, float[] kernel, float[] bias, int e, int len, int d, int n, int size,
      int head) {
    double[][] y = new double[len][size];
    for (int i = 0; i < len; i++) {
      for (int c = 0; c < size; c++) {
        double acc = bias == null ? 0 : bias[head * size + c];
        for (int f = 0; f < d; f++) {
          acc += x[(e * len + i) * d + f] * kernel[(f * n + head) * size + c];
        }
        y[i][c] = acc;
      }
    }
    return y;
  }

  private static float[] flat(FloatNdArray a) {
    return NormalizationLoweringTest.flat(a);
  }

  @Test
  void crossAttentionWithKeyMatchesTheReference() {
    Random r = new Random(3);
    int b = 2, t = 3, s = 4, dq = 5, dv = 6, dk = 3, n = 2, h = 4, hv = 3, out = 5;
    SymbolicTensor qi = Input.of(t, dq);
    SymbolicTensor vi = Input.of(s, dv);
    SymbolicTensor ki = Input.of(s, dk);
    MultiHeadAttention mha = new MultiHeadAttention(n, h).valueDim(hv);
    List<SymbolicTensor> outs = mha.call(qi, vi).key(ki).returnAttentionScores(true).applyAll();
    Model model = Model.of(List.of(qi, vi, ki), outs);
    model.runtimeOptions(OPTS);
    Map<String, float[]> w = new LinkedHashMap<>();
    for (Variable v : mha.weights()) {
      w.put(v.path(), gaussian(r, v.size()));
    }
    model.runtime().setWeights(w);
    float[] q = gaussian(r, b * t * dq);
    float[] v = gaussian(r, b * s * dv);
    float[] k = gaussian(r, b * s * dk);
    List<FloatNdArray> xs = List.of(array(Shape.of(b, t, dq), q), array(Shape.of(b, s, dv), v),
        array(Shape.of(b, s, dk), k));
    Map<String, FloatNdArray> got = model.predictOutputs(xs);
    List<String> names = model.outputNames();
    double[][] ref = reference(w, mha.name(), q, v, k, null, false, b, t, s, dq, dv, dk, n, h, hv, out);
    float[] y = flat(got.get(names.get(0)));
    float[] sc = flat(got.get(names.get(1)));
    assertEquals(ref[0].length, y.length);
    assertEquals(ref[1].length, sc.length);
    for (int i = 0; i < y.length; i++) {
      assertEquals(ref[0][i], y[i], 1e-4, "output " + i);
    }
    for (int i = 0; i < sc.length; i++) {
      assertEquals(ref[1][i], sc[i], 1e-5, "score " + i);
    }
  }

  @Test
  void causalAndExplicitMasksMatchTheReference() {
    Random r = new Random(4);
    int b = 2, t = 4, d = 6, n = 3, h = 2;
    SymbolicTensor x = Input.of(t, d);
    SymbolicTensor m = Input.of(t, t);
    MultiHeadAttention mha = new MultiHeadAttention(n, h).useBias(false);
    List<SymbolicTensor> outs = mha.call(x, x).attentionMask(m).useCausalMask(true).returnAttentionScores(true)
        .applyAll();
    Model model = Model.of(List.of(x, m), outs);
    model.runtimeOptions(OPTS);
    Map<String, float[]> w = new LinkedHashMap<>();
    for (Variable v : mha.weights()) {
      w.put(v.path(), gaussian(r, v.size()));
    }
    model.runtime().setWeights(w);
    float[] xv = gaussian(r, b * t * d);
    float[] mask = new float[b * t * t];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = (i % t == 0 || r.nextBoolean()) ? 1 : 0;   // every query can attend to position 0
    }
    Map<String, FloatNdArray> got = model.predictOutputs(List.of(array(Shape.of(b, t, d), xv),
        array(Shape.of(b, t, t), mask)));
    double[][] ref = reference(w, mha.name(), xv, xv, xv, mask, true, b, t, t, d, d, d, n, h, h, d);
    float[] y = flat(got.get(model.outputNames().get(0)));
    float[] sc = flat(got.get(model.outputNames().get(1)));
    for (int i = 0; i < y.length; i++) {
      assertEquals(ref[0][i], y[i], 1e-4, "output " + i);
    }
    for (int e = 0; e < b; e++) {
      for (int head = 0; head < n; head++) {
        for (int i = 0; i < t; i++) {
          double rowSum = 0;
          for (int j = 0; j < t; j++) {
            float p = sc[((e * n + head) * t + i) * t + j];
            rowSum += p;
            if (j > i || mask[(e * t + i) * t + j] == 0) {
              assertEquals(0f, p, 1e-7f, "masked score " + e + "," + head + "," + i + "," + j);
            }
          }
          assertEquals(1.0, rowSum, 1e-5);
        }
      }
    }
  }

  @Test
  void causalOutputDoesNotSeeTheFuture() {
    Random r = new Random(5);
    int t = 5, d = 4;
    SymbolicTensor x = Input.of(t, d);
    MultiHeadAttention mha = new MultiHeadAttention(2, 3);
    Model model = Model.of(x, mha.call(x, x).useCausalMask(true).apply());
    model.runtimeOptions(OPTS.seed(9));
    float[] a = gaussian(r, t * d);
    float[] b = a.clone();
    for (int i = 3 * d; i < t * d; i++) {
      b[i] += 1f;   // change positions 3 and 4 only
    }
    float[] ya = flat(model.predict(array(Shape.of(1, t, d), a)));
    float[] yb = flat(model.predict(array(Shape.of(1, t, d), b)));
    for (int i = 0; i < 3 * d; i++) {
      assertEquals(ya[i], yb[i], 1e-6f, "position " + i / d + " changed with a later input");
    }
    assertNotEquals(ya[3 * d], yb[3 * d]);
  }

  @Test
  void gradients() {
    SymbolicTensor x = Input.of(3, 4);
    SymbolicTensor y = new MultiHeadAttention(2, 3).call(x, x).useCausalMask(true).apply();
    SymbolicTensor q = Input.of(2, 5);
    SymbolicTensor z = new MultiHeadAttention(2, 2).valueDim(3).outputShape(2, 2).call(q, x)
        .returnAttentionScores(true).applyAll().get(0);
    try (GradientCheck g = new GradientCheck(Model.of(List.of(x, q), List.of(y, new Dense(2).apply(z))), 2, false,
        13)) {
      g.check(10, 1e-2, 2e-2);
    }
  }

  @Test
  void rank4InputsAttendOverBothAxes() {
    // Keras' default attention_axes on (B, a, b, d) attend over a and b jointly: the same as flattening them.
    Random r = new Random(6);
    SymbolicTensor x4 = Input.of(2, 3, 4);
    MultiHeadAttention m4 = new MultiHeadAttention(2, 3).name("m4");
    Model model4 = Model.of(x4, m4.apply(x4, x4));
    SymbolicTensor x3 = Input.of(6, 4);
    MultiHeadAttention m3 = new MultiHeadAttention(2, 3).name("m3");
    Model model3 = Model.of(x3, m3.apply(x3, x3));
    model4.runtimeOptions(OPTS);
    model3.runtimeOptions(OPTS);
    Map<String, float[]> w4 = new LinkedHashMap<>();
    Map<String, float[]> w3 = new LinkedHashMap<>();
    for (int i = 0; i < m4.weights().size(); i++) {
      float[] v = gaussian(r, m4.weights().get(i).size());
      w4.put(m4.weights().get(i).path(), v);
      w3.put(m3.weights().get(i).path(), v);
    }
    model4.runtime().setWeights(w4);
    model3.runtime().setWeights(w3);
    float[] in = gaussian(r, 2 * 6 * 4);
    float[] a = flat(model4.predict(array(Shape.of(2, 2, 3, 4), in)));
    float[] b = flat(model3.predict(array(Shape.of(2, 6, 4), in)));
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-5f);
    }
  }
}
