package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.Normalization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** LayerNormalization and Normalization lowered: values against plain-Java references and Keras' examples. */
class NormalizationLoweringTest {
  private static final RuntimeOptions OPTS = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1);

  static float[] flat(FloatNdArray a) {
    float[] out = new float[Math.toIntExact(a.size())];
    a.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static float[] gaussian(Random r, int n, double scale, double shift) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * scale + shift);
    }
    return v;
  }

  @Test
  void layerNormalizationMatchesTheFormulaOnTheLastAxis() {
    Random r = new Random(1);
    int batch = 3;
    int steps = 4;
    int c = 5;
    SymbolicTensor x = Input.of(steps, c);
    LayerNormalization ln = new LayerNormalization().epsilon(1e-3);
    Model model = Model.of(x, ln.apply(x));
    model.runtimeOptions(OPTS);
    float[] gamma = gaussian(r, c, 1, 1);
    float[] beta = gaussian(r, c, 1, 0);
    Map<String, float[]> w = new LinkedHashMap<>();
    w.put(ln.name() + "/gamma", gamma);
    w.put(ln.name() + "/beta", beta);
    model.runtime().setWeights(w);
    float[] in = gaussian(r, batch * steps * c, 3, 2);
    float[][][] data = new float[batch][steps][c];
    for (int i = 0; i < in.length; i++) {
      data[i / (steps * c)][(i / c) % steps][i % c] = in[i];
    }
    float[] got = flat(model.predict(data));
    // Reference: Ba et al. per (example, step): (x - mean) / sqrt(var + eps) * gamma + beta, in double.
    for (int row = 0; row < batch * steps; row++) {
      double mean = 0;
      for (int k = 0; k < c; k++) {
        mean += in[row * c + k] / (double) c;
      }
      double var = 0;
      for (int k = 0; k < c; k++) {
        var += Math.pow(in[row * c + k] - mean, 2) / c;
      }
      for (int k = 0; k < c; k++) {
        double expected = (in[row * c + k] - mean) / Math.sqrt(var + 1e-3) * gamma[k] + beta[k];
        assertEquals(expected, got[row * c + k], 1e-4, "row " + row + " feature " + k);
      }
    }
  }

  @Test
  void layerNormalizationOverTwoAxesAndRmsScaling() {
    Random r = new Random(2);
    SymbolicTensor x = Input.of(2, 3);
    LayerNormalization both = new LayerNormalization().axis(1, 2).center(false);
    LayerNormalization rms = new LayerNormalization().rmsScaling(true).epsilon(1e-2);
    Model model = Model.of(x, List.of(both.apply(x), rms.apply(x)));
    model.runtimeOptions(OPTS);
    float[] g2 = gaussian(r, 6, 1, 0);
    float[] g3 = gaussian(r, 3, 1, 0);
    model.runtime().setWeights(Map.of(both.name() + "/gamma", g2, rms.name() + "/gamma", g3));
    float[] in = gaussian(r, 12, 2, 1);
    float[][][] data = new float[2][2][3];
    for (int i = 0; i < 12; i++) {
      data[i / 6][(i / 3) % 2][i % 3] = in[i];
    }
    Map<String, FloatNdArray> out = model.predictOutputs(data);
    float[] a = flat(out.get(both.name()));
    float[] b = flat(out.get(rms.name()));
    for (int e = 0; e < 2; e++) {
      double mean = 0;
      for (int k = 0; k < 6; k++) {
        mean += in[e * 6 + k] / 6.0;
      }
      double var = 0;
      for (int k = 0; k < 6; k++) {
        var += Math.pow(in[e * 6 + k] - mean, 2) / 6;
      }
      for (int k = 0; k < 6; k++) {
        assertEquals((in[e * 6 + k] - mean) / Math.sqrt(var + 1e-3) * g2[k], a[e * 6 + k], 1e-4);
      }
    }
    for (int row = 0; row < 4; row++) {
      double mean = 0;
      for (int k = 0; k < 3; k++) {
        mean += in[row * 3 + k] / 3.0;
      }
      double var = 0;
      for (int k = 0; k < 3; k++) {
        var += Math.pow(in[row * 3 + k] - mean, 2) / 3;
      }
      for (int k = 0; k < 3; k++) {
        // Keras 3's rms_scaling divides by the variance (not the mean square) plus epsilon.
        assertEquals(in[row * 3 + k] / Math.sqrt(var + 1e-2) * g3[k], b[row * 3 + k], 1e-4);
      }
    }
  }

  @Test
  void layerNormalizationGradients() {
    SymbolicTensor x = Input.of(3, 4);
    SymbolicTensor y = new LayerNormalization().apply(new Dense(4).apply(x));
    SymbolicTensor z = new LayerNormalization().axis(1, 2).apply(x);
    SymbolicTensor w = new LayerNormalization().rmsScaling(true).apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(y, z, w)), 2, false, 11)) {
      g.check(12, 1e-2, 2e-2);
    }
  }

  @Test
  void normalizationMatchesKerasDocExamples() {
    // keras.io: adapt on [[0,7,4],[2,9,6],[0,7,4],[2,9,6]]; [[0,7,4]] -> [-1,-1,-1]; inverted, [[1,2,3]] -> [2,10,8].
    float[][] adapt = {{0, 7, 4}, {2, 9, 6}, {0, 7, 4}, {2, 9, 6}};
    Normalization n = new Normalization();
    n.adapt(adapt);
    Normalization inv = new Normalization().invert(true);
    inv.adapt(adapt);
    SymbolicTensor x = Input.of(3);
    Model model = Model.of(x, List.of(n.apply(x), inv.apply(x)));
    model.runtimeOptions(OPTS);
    Map<String, FloatNdArray> out = model.predictOutputs(new float[][] {{0, 7, 4}, {1, 2, 3}});
    float[] a = flat(out.get(n.name()));
    float[] b = flat(out.get(inv.name()));
    assertArrayEquals(new float[] {-1, -1, -1}, java.util.Arrays.copyOf(a, 3), 1e-6f);
    assertArrayEquals(new float[] {2, 10, 8}, java.util.Arrays.copyOfRange(b, 3, 6), 1e-6f);
    // The adapted statistics are the weights' values; count is the number of examples.
    Map<String, float[]> weights = model.runtime().getWeights();
    assertArrayEquals(new float[] {1, 8, 5}, weights.get(n.name() + "/mean"));
    assertArrayEquals(new float[] {4}, weights.get(n.name() + "/count"));

    // keras.io: Normalization(mean=3., variance=2.) on [[1],[2],[3]] -> [-1.4142135, -0.70710677, 0].
    SymbolicTensor s = Input.of(1);
    Model given = Model.of(s, new Normalization().mean(3).variance(2).apply(s));
    given.runtimeOptions(OPTS);
    assertArrayEquals(new float[] {-1.4142135f, -0.70710677f, 0f},
        flat(given.predict(new float[][] {{1}, {2}, {3}})), 1e-6f);
  }

  @Test
  void normalizationPerCellAndZeroVarianceFloor() {
    // Variance 0 -> divide by 1e-7 (Keras' floor on the standard deviation), not by zero.
    Normalization cells = new Normalization().axis(1, 2);
    cells.adapt(new float[][][] {{{1, 2}, {3, 4}}, {{3, 2}, {5, 4}}});
    SymbolicTensor x = Input.of(2, 2);
    Model model = Model.of(x, cells.apply(x));
    model.runtimeOptions(OPTS);
    float[] got = flat(model.predict(new float[][][] {{{3, 2}, {3, 4}}}));
    assertEquals(1f, got[0], 1e-6f);      // (3 - 2) / 1
    assertEquals(0f, got[1], 1e-6f);      // (2 - 2) / max(0, 1e-7)
    assertEquals(-1f, got[2], 1e-6f);     // (3 - 4) / 1
  }

  @Test
  void normalizationGradientFlowsToItsInput() {
    SymbolicTensor x = Input.of(4);
    Normalization n = new Normalization().mean(1, 2, 3, 4).variance(1, 4, 0.25, 2);
    SymbolicTensor y = new Dense(3).apply(n.apply(x));
    SymbolicTensor a = Input.of(4);
    Normalization adapted = new Normalization().invert(true);
    adapted.adapt(new float[][] {{1, 2, 3, 4}, {0, 1, 0, 1}});
    try (GradientCheck g = new GradientCheck(Model.of(x, y), 2, false, 5)) {
      g.check(12, 1e-2, 2e-2);
    }
    try (GradientCheck g = new GradientCheck(Model.of(a, adapted.apply(a)), 2, false, 5)) {
      g.check(8, 1e-2, 2e-2);
    }
  }
}
