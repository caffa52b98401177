package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GRU;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Masking;
import io.jkeras.layers.RNN;
import io.jkeras.layers.SimpleRNN;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SimpleRNN, LSTM and GRU lowered to TF against an independent plain-Java implementation of Keras' cell
 * equations (below), numerical gradient checks, and masking (masked steps leave state and output unchanged).
 */
class RecurrentLoweringTest {
  private static final int B = 2;
  private static final int T = 4;
  private static final int F = 3;
  private static final int U = 3;

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  // ------------------------------------------------------------------ the reference

  /** Keras' cells in double precision: {@code kind} is "simple", "lstm", "gru" or "gru_before" (reset_after=False). */
  static final class Reference {
    final String kind;
    final int units;
    final int features;
    final float[] kernel;
    final float[] recurrent;
    final float[] bias; // may be null

    Reference(String kind, int units, int features, float[] kernel, float[] recurrent, float[] bias) {
      this.kind = kind;
      this.units = units;
      this.features = features;
      this.kernel = kernel;
      this.recurrent = recurrent;
      this.bias = bias;
    }

    int gates() {
      return switch (kind) {
        case "simple" -> 1;
        case "lstm" -> 4;
        default -> 3;
      };
    }

    /** x·W[:, col] over the k*units columns of a row-major (rows, k*units) matrix. */
    private double[] times(double[] v, float[] w) {
      int cols = gates() * units;
      double[] out = new double[cols];
      for (int r = 0; r < v.length; r++) {
        for (int c = 0; c < cols; c++) {
          out[c] += v[r] * w[r * cols + c];
        }
      }
      return out;
    }

    private static double sigmoid(double v) {
      return 1 / (1 + Math.exp(-v));
    }

    /** One step; returns the new states (h first). */
    double[][] step(double[] x, double[][] states) {
      int u = units;
      int cols = gates() * u;
      double[] xw = times(x, kernel);
      double[] h = states[0];
      double[] hw = times(h, recurrent);
      double[] inBias = new double[cols];
      double[] recBias = new double[cols];
      if (bias != null) {
        for (int c = 0; c < cols; c++) {
          inBias[c] = bias[c];
          recBias[c] = kind.equals("gru") ? bias[cols + c] : 0; // reset_after: second row
        }
      }
      double[] hn = new double[u];
      switch (kind) {
        case "simple" -> {
          for (int j = 0; j < u; j++) {
            hn[j] = Math.tanh(xw[j] + inBias[j] + hw[j]);
          }
          return new double[][] {hn};
        }
        case "lstm" -> {
          double[] c = states[1];
          double[] cn = new double[u];
          for (int j = 0; j < u; j++) {
            double i = sigmoid(xw[j] + hw[j] + inBias[j]);
            double f = sigmoid(xw[u + j] + hw[u + j] + inBias[u + j]);
            double g = Math.tanh(xw[2 * u + j] + hw[2 * u + j] + inBias[2 * u + j]);
            double o = sigmoid(xw[3 * u + j] + hw[3 * u + j] + inBias[3 * u + j]);
            cn[j] = f * c[j] + i * g;
            hn[j] = o * Math.tanh(cn[j]);
          }
          return new double[][] {hn, cn};
        }
        case "gru" -> {
          for (int j = 0; j < u; j++) {
            double z = sigmoid(xw[j] + inBias[j] + hw[j] + recBias[j]);
            double r = sigmoid(xw[u + j] + inBias[u + j] + hw[u + j] + recBias[u + j]);
            double hh = Math.tanh(xw[2 * u + j] + inBias[2 * u + j] + r * (hw[2 * u + j] + recBias[2 * u + j]));
            hn[j] = z * h[j] + (1 - z) * hh;
          }
          return new double[][] {hn};
        }
        default -> { // gru_before: hh = tanh(x_h + (r * h) · U_h)
          double[] z = new double[u];
          double[] r = new double[u];
          for (int j = 0; j < u; j++) {
            z[j] = sigmoid(xw[j] + inBias[j] + hw[j]);
            r[j] = sigmoid(xw[u + j] + inBias[u + j] + hw[u + j]);
          }
          for (int j = 0; j < u; j++) {
            double acc = 0;
            for (int q = 0; q < u; q++) {
              acc += r[q] * h[q] * recurrent[q * cols + 2 * u + j];
            }
            double hh = Math.tanh(xw[2 * u + j] + inBias[2 * u + j] + acc);
            hn[j] = z[j] * h[j] + (1 - z[j]) * hh;
          }
          return new double[][] {hn};
        }
      }
    }

    /**
     * Runs one sample like Keras' backend.rnn: returns per-step outputs (processing order) then the final
     * states. A masked step keeps the states and repeats the previous output (zeros at first).
     */
    List<double[]> run(float[] x, int sample, int steps, boolean[] mask, boolean backwards, double[][] init) {
      int n = kind.equals("lstm") ? 2 : 1;
      double[][] states = new double[n][];
      for (int i = 0; i < n; i++) {
        states[i] = init == null ? new double[units] : init[i];
      }
      List<double[]> out = new ArrayList<>();
      double[] prev = new double[units];
      for (int s = 0; s < steps; s++) {
        int t = backwards ? steps - 1 - s : s;
        double[] xt = new double[features];
        for (int f = 0; f < features; f++) {
          xt[f] = x[(sample * steps + t) * features + f];
        }
        double[][] next = step(xt, states);
        if (mask != null && !mask[t]) {
          out.add(prev);
          continue; // states unchanged
        }
        states = next;
        prev = next[0];
        out.add(next[0]);
      }
      for (double[] st : states) {
        out.add(st);
      }
      return out;
    }
  }

  private static void assertClose(double[] expected, float[] actual, int offset, String what) {
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[offset + j], 2e-5, what + "[" + j + "]");
    }
  }

  // ------------------------------------------------------------------ forward values

  /** Compares every output of {@code model} (sequence, then states if any) with the reference. */
  private static void compare(Model model, RNN<?> layer, String kind, boolean[][] mask) {
    try (GradientCheck g = new GradientCheck(model, B, false, 17)) {
      List<float[]> w = g.weightValues();
      Reference ref = new Reference(kind, U, F, w.get(0), w.get(1), layer.useBias() ? w.get(2) : null);
      float[] x = g.inputValues().get(0);
      if (mask != null) { // padded steps: every feature 0, which Masking(0.0) masks
        for (int b = 0; b < B; b++) {
          for (int t = 0; t < T; t++) {
            if (!mask[b][t]) {
              java.util.Arrays.fill(x, (b * T + t) * F, (b * T + t + 1) * F, 0f);
            }
          }
        }
      }
      int states = kind.equals("lstm") ? 2 : 1;
      double[][][] init = null;
      if (model.inputs().size() > 1) {
        init = new double[B][states][U];
        for (int b = 0; b < B; b++) {
          for (int s = 0; s < states; s++) {
            for (int j = 0; j < U; j++) {
              init[b][s][j] = g.inputValues().get(1 + s)[b * U + j];
            }
          }
        }
      }
      float[] seq = g.output(0);
      for (int b = 0; b < B; b++) {
        List<double[]> r = ref.run(x, b, T, mask == null ? null : mask[b], layer.goBackwards(),
            init == null ? null : init[b]);
        if (layer.returnSequences()) {
          for (int t = 0; t < T; t++) {
            assertClose(r.get(t), seq, (b * T + t) * U, kind + " sample " + b + " step " + t);
          }
        } else {
          assertClose(r.get(T - 1), seq, b * U, kind + " sample " + b + " last output");
        }
        if (layer.returnState()) {
          for (int s = 0; s < states; s++) {
            assertClose(r.get(T + s), g.output(1 + s), b * U, kind + " sample " + b + " state " + s);
          }
        }
      }
    }
  }

  private static List<SymbolicTensor> all(RNN<?> layer, SymbolicTensor... in) {
    return layer.applyAll(List.of(in));
  }

  @Test
  void simpleRnnSequence() {
    SymbolicTensor x = Input.of(T, F);
    SimpleRNN l = new SimpleRNN(U).returnSequences(true);
    compare(Model.of(x, l.apply(x)), l, "simple", null);
  }

  @Test
  void lstmSequenceAndStates() {
    SymbolicTensor x = Input.of(T, F);
    LSTM l = new LSTM(U).returnSequences(true).returnState(true);
    compare(Model.of(x, all(l, x)), l, "lstm", null);
  }

  @Test
  void lstmLastOutputBackwardsWithoutBias() {
    SymbolicTensor x = Input.of(T, F);
    LSTM l = new LSTM(U).goBackwards(true).useBias(false);
    compare(Model.of(x, l.apply(x)), l, "lstm", null);
  }

  @Test
  void gruResetAfterBackwardsSequence() {
    SymbolicTensor x = Input.of(T, F);
    GRU l = new GRU(U).returnSequences(true).goBackwards(true).returnState(true);
    compare(Model.of(x, all(l, x)), l, "gru", null);
  }

  @Test
  void gruResetBefore() {
    SymbolicTensor x = Input.of(T, F);
    GRU l = new GRU(U).resetAfter(false).returnSequences(true);
    compare(Model.of(x, l.apply(x)), l, "gru_before", null);
  }

  @Test
  void lstmWithInitialStates() {
    SymbolicTensor x = Input.of(T, F);
    SymbolicTensor h0 = Input.of(U);
    SymbolicTensor c0 = Input.of(U);
    LSTM l = new LSTM(U).returnSequences(true).returnState(true);
    compare(Model.of(List.of(x, h0, c0), all(l, x, h0, c0)), l, "lstm", null);
  }

  @Test
  void maskedStepsLeaveStateAndOutputUnchanged() {
    boolean[][] mask = {{true, false, true, false}, {false, true, true, true}};
    for (String kind : List.of("simple", "lstm", "gru")) {
      Keras.clearSession();
      SymbolicTensor x = Input.of(T, F);
      RNN<?> l = switch (kind) {
        case "simple" -> new SimpleRNN(U);
        case "lstm" -> new LSTM(U);
        default -> new GRU(U);
      };
      l.returnSequences(true).returnState(true);
      SymbolicTensor masked = new Masking().apply(x);
      Model m = Model.of(x, all(l, masked));
      compare(m, l, kind, mask);
      // Directly: sample 0's output at masked step 1 equals step 0's; sample 1's output at step 0 is zeros.
      try (GradientCheck g = new GradientCheck(m, B, false, 17)) {
        float[] xv = g.inputValues().get(0);
        for (int b = 0; b < B; b++) {
          for (int t = 0; t < T; t++) {
            if (!mask[b][t]) {
              java.util.Arrays.fill(xv, (b * T + t) * F, (b * T + t + 1) * F, 0f);
            }
          }
        }
        float[] seq = g.output(0);
        for (int j = 0; j < U; j++) {
          assertEquals(seq[j], seq[U + j], 0f, kind + ": masked step repeats the output");
          assertEquals(0f, seq[(T + 0) * U + j], 0f, kind + ": masked first step outputs zeros");
          // The final state of sample 0 is the state after step 2 (step 3 masked): output at 2 == state h.
          assertEquals(seq[2 * U + j], g.output(1)[j], 1e-6, kind + ": state after a masked last step");
        }
      }
    }
  }

  @Test
  void maskFromEmbeddingReachesTheLstm() {
    SymbolicTensor ids = Input.of(T);
    SymbolicTensor e = new Embedding(5, F).maskZero(true).apply(ids);
    LSTM l = new LSTM(U).returnSequences(true);
    SymbolicTensor y = l.apply(e);
    assertTrue(y.hasMask());
    Model m = Model.of(ids, y);
    try (GradientCheck g = new GradientCheck(m, B, false, 3, false, 5)) {
      float[] in = g.inputValues().get(0);
      in[1] = 0; // sample 0, step 1 is padding
      in[2] = 3;
      float[] seq = g.output(0);
      for (int j = 0; j < U; j++) {
        assertEquals(seq[j], seq[U + j], 0f);
      }
      assertTrue(seq[2 * U] != seq[U], "an unmasked step moves on");
    }
  }

  // ------------------------------------------------------------------ gradients

  private static void gradient(Model m) {
    try (GradientCheck g = new GradientCheck(m, B, false, 7)) {
      g.check(10, 1e-2, 2e-2);
    }
  }

  @Test
  void gradientSimpleRnn() {
    SymbolicTensor x = Input.of(T, F);
    gradient(Model.of(x, new SimpleRNN(U).returnSequences(true).apply(x)));
  }

  @Test
  void gradientLstmWithStatesAndInitialStates() {
    SymbolicTensor x = Input.of(T, F);
    SymbolicTensor h0 = Input.of(U);
    SymbolicTensor c0 = Input.of(U);
    gradient(Model.of(List.of(x, h0, c0), new LSTM(U).returnState(true).goBackwards(true)
        .applyAll(List.of(x, h0, c0))));
  }

  @Test
  void gradientGruBothVariants() {
    SymbolicTensor x = Input.of(T, F);
    gradient(Model.of(x, List.of(new GRU(U).returnSequences(true).apply(x),
        new GRU(U).resetAfter(false).apply(x))));
  }

  @Test
  void gradientThroughAMask() {
    SymbolicTensor ids = Input.of(T);
    SymbolicTensor e = new Embedding(4, F).maskZero(true).apply(ids);
    SymbolicTensor y = new GRU(U).returnSequences(true).apply(new LSTM(U).returnSequences(true).apply(e));
    Model m = Model.of(ids, new Dense(2).apply(y));
    try (GradientCheck g = new GradientCheck(m, B, false, 9, false, 4)) {
      g.check(10, 1e-2, 2e-2);
    }
  }

  // ------------------------------------------------------------------ errors

  @Test
  void unknownTimestepsIsAClearError() {
    SymbolicTensor x = Input.of(-1, F);
    LSTM l = new LSTM(U);
    try (Model m = Model.of(x, l.apply(x))) {
      var e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[B][T][F]));
      assertTrue(e.getMessage().contains("'lstm' (LSTM): the number of timesteps must be known"), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ dropout

  @Test
  void dropoutLeavesInferenceUnchanged() {
    SymbolicTensor x = Input.of(T, F);
    LSTM l = new LSTM(U).dropout(0.5).recurrentDropout(0.3).returnSequences(true);
    compare(Model.of(x, l.apply(x)), l, "lstm", null);
    Keras.clearSession();
    SymbolicTensor x2 = Input.of(T, F);
    GRU g = new GRU(U).dropout(0.4);
    compare(Model.of(x2, g.apply(x2)), g, "gru", null);
  }

  private static float[] identity(int n) {
    float[] v = new float[n * n];
    for (int i = 0; i < n; i++) {
      v[i * n + i] = 1;
    }
    return v;
  }

  /** Linear SimpleRNN with kernel = I: the training output is x_t * m (and the state part, through R). */
  @Test
  void oneDropoutMaskPerSequenceSharedByItsSteps() {
    SymbolicTensor x = Input.of(T, F);
    SimpleRNN l = new SimpleRNN(F).activation("linear").useBias(false).dropout(0.5).recurrentDropout(0.5)
        .returnSequences(true).seed(3L);
    try (GradientCheck g = new GradientCheck(Model.of(x, l.apply(x)), 8, true, 1)) {
      g.setWeight(0, identity(F));
      g.setWeight(1, new float[F * F]); // no recurrence: y_t = x_t * m_in
      float[] xv = g.inputValues().get(0);
      float[] y = g.output(0);
      int zeros = 0;
      for (int b = 0; b < 8; b++) {
        for (int f = 0; f < F; f++) {
          double m = y[(b * T) * F + f] / xv[(b * T) * F + f];
          assertTrue(Math.abs(m) < 1e-6 || Math.abs(m - 2) < 1e-5, "kept inputs are scaled by 1 / (1 - 0.5): " + m);
          zeros += Math.abs(m) < 1e-6 ? 1 : 0;
          for (int t = 1; t < T; t++) {
            int at = (b * T + t) * F + f;
            assertEquals(m * xv[at], y[at], 1e-5, "the same input mask at every step");
          }
        }
      }
      assertTrue(zeros > 0 && zeros < 8 * F, "some inputs dropped, some kept: " + zeros);

      g.setWeight(1, identity(F)); // y_t = x_t * m_in + y_{t-1} * m_rec
      y = g.output(0);
      for (int b = 0; b < 8; b++) {
        for (int f = 0; f < F; f++) {
          double mIn = y[(b * T) * F + f] / xv[(b * T) * F + f];
          if (Math.abs(mIn) < 1e-6) {
            continue; // input dropped at step 0: y_0 = 0 tells nothing about the recurrent mask
          }
          int at1 = (b * T + 1) * F + f;
          double mRec = (y[at1] - mIn * xv[at1]) / y[(b * T) * F + f];
          for (int t = 2; t < T; t++) {
            int at = (b * T + t) * F + f;
            assertEquals(mIn * xv[at] + mRec * y[at - F], y[at], 1e-4, "the same recurrent mask at every step");
          }
        }
      }
    }
  }

  @Test
  void gradientsWithDropoutInTraining() {
    SymbolicTensor x = Input.of(T, F);
    SymbolicTensor a = new LSTM(U).dropout(0.3).recurrentDropout(0.3).returnSequences(true).apply(x);
    SymbolicTensor b = new GRU(U).resetAfter(false).dropout(0.3).recurrentDropout(0.3).apply(x);
    SymbolicTensor c = new GRU(U).recurrentDropout(0.3).apply(x);
    SymbolicTensor d = new SimpleRNN(U).dropout(0.3).recurrentDropout(0.3).apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(a, b, c, d)), B, true, 7)) {
      g.check(8, 1e-2, 2e-2);
    }
  }
}
