package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GRU;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.TimeDistributed;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bidirectional and TimeDistributed lowered to TF: values against plain Java, gradients. */
class WrappersLoweringTest {
  private static final int B = 2;
  private static final int T = 4;
  private static final int F = 3;
  private static final int U = 3;

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  private static double merge(String mode, double a, double b) {
    return switch (mode) {
      case "sum" -> a + b;
      case "mul" -> a * b;
      default -> (a + b) / 2;
    };
  }

  @Test
  void bidirectionalLstmEveryMergeModeAgainstTheReference() {
    for (String mode : List.of("concat", "sum", "mul", "ave")) {
      for (boolean sequences : List.of(false, true)) {
        Keras.clearSession();
        SymbolicTensor x = Input.of(T, F);
        Model m = Model.of(x, new Bidirectional(new LSTM(U).returnSequences(sequences), mode).apply(x));
        try (GradientCheck g = new GradientCheck(m, B, false, 23)) {
          List<float[]> w = g.weightValues();
          var fwd = new RecurrentLoweringTest.Reference("lstm", U, F, w.get(0), w.get(1), w.get(2));
          var bwd = new RecurrentLoweringTest.Reference("lstm", U, F, w.get(3), w.get(4), w.get(5));
          float[] xv = g.inputValues().get(0);
          float[] y = g.output(0);
          int width = mode.equals("concat") ? 2 * U : U;
          for (int b = 0; b < B; b++) {
            List<double[]> f = fwd.run(xv, b, T, null, false, null);
            List<double[]> r = bwd.run(xv, b, T, null, true, null);
            for (int t = 0; t < (sequences ? T : 1); t++) {
              // The backward outputs come in reverse time order: step t of the sequence is r[T - 1 - t].
              double[] a = sequences ? f.get(t) : f.get(T - 1);
              double[] c = sequences ? r.get(T - 1 - t) : r.get(T - 1);
              int base = (sequences ? b * T + t : b) * width;
              for (int j = 0; j < U; j++) {
                if (mode.equals("concat")) {
                  assertEquals(a[j], y[base + j], 2e-5, mode + " forward");
                  assertEquals(c[j], y[base + U + j], 2e-5, mode + " backward");
                } else {
                  assertEquals(merge(mode, a[j], c[j]), y[base + j], 2e-5, mode);
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void bidirectionalGradients() {
    SymbolicTensor x = Input.of(T, F);
    SymbolicTensor a = new Bidirectional(new GRU(U).returnSequences(true)).apply(x);
    SymbolicTensor b = new Bidirectional(new LSTM(U), "mul").apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(a, b)), B, false, 7)) {
      g.check(8, 1e-2, 2e-2);
    }
  }

  @Test
  void bidirectionalWithStatesAndMask() {
    SymbolicTensor ids = Input.of(T);
    SymbolicTensor e = new Embedding(5, F).maskZero(true).apply(ids);
    List<SymbolicTensor> outs = new Bidirectional(new LSTM(U).returnSequences(true).returnState(true))
        .applyAll(List.of(e));
    assertEquals(5, outs.size());
    try (GradientCheck g = new GradientCheck(Model.of(ids, outs), B, false, 3, false, 5)) {
      float[] in = g.inputValues().get(0);
      for (int t = 0; t < T - 1; t++) {
        in[t] = 1 + t % 4; // sample 0: real tokens, then the last step padded
      }
      in[T - 1] = 0;
      float[] seq = g.output(0);
      // With return_sequences, Bidirectional forces zero_output_for_mask: the padded step outputs zeros.
      for (int j = 0; j < 2 * U; j++) {
        assertEquals(0f, seq[(T - 1) * 2 * U + j], 0f);
      }
      // The forward final state is the state after step T - 2, which is the forward output there.
      float[] h = g.output(1);
      for (int j = 0; j < U; j++) {
        assertEquals(seq[(T - 2) * 2 * U + j], h[j], 1e-6);
      }
      g.check(8, 1e-2, 2e-2);
    }
  }

  @Test
  void timeDistributedDenseIsDenseOnEveryStep() {
    SymbolicTensor x = Input.of(T, F);
    Model m = Model.of(x, new TimeDistributed(new Dense(2)).apply(x));
    try (GradientCheck g = new GradientCheck(m, B, false, 5)) {
      float[] xv = g.inputValues().get(0);
      float[] k = g.weightValues().get(0);
      float[] bias = g.weightValues().get(1);
      float[] y = g.output(0);
      for (int s = 0; s < B * T; s++) {
        for (int o = 0; o < 2; o++) {
          double v = bias[o];
          for (int i = 0; i < F; i++) {
            v += xv[s * F + i] * k[i * 2 + o];
          }
          assertEquals(v, y[s * 2 + o], 1e-5);
        }
      }
      g.check(10, 1e-2, 2e-2);
    }
  }

  @Test
  void timeDistributedConv2dGradient() {
    SymbolicTensor x = Input.of(3, 5, 5, 2);
    SymbolicTensor y = new TimeDistributed(new Conv2D(2, 3, 3).activation("tanh")).apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, y), B, false, 5)) {
      g.check(10, 1e-2, 2e-2);
    }
  }

  @Test
  void bidirectionalInitialStatesForwardHalfFirst() {
    SymbolicTensor x = Input.of(T, F);
    SymbolicTensor hf = Input.of(U);
    SymbolicTensor hb = Input.of(U);
    Bidirectional layer = new Bidirectional(new GRU(U).returnSequences(true));
    Model m = Model.of(List.of(x, hf, hb), layer.apply(List.of(x, hf, hb)));
    try (GradientCheck g = new GradientCheck(m, B, false, 31)) {
      List<float[]> w = g.weightValues();
      var fwd = new RecurrentLoweringTest.Reference("gru", U, F, w.get(0), w.get(1), w.get(2));
      var bwd = new RecurrentLoweringTest.Reference("gru", U, F, w.get(3), w.get(4), w.get(5));
      float[] y = g.output(0);
      for (int b = 0; b < B; b++) {
        double[][] initF = {new double[U]};
        double[][] initB = {new double[U]};
        for (int j = 0; j < U; j++) {
          initF[0][j] = g.inputValues().get(1)[b * U + j];
          initB[0][j] = g.inputValues().get(2)[b * U + j];
        }
        List<double[]> f = fwd.run(g.inputValues().get(0), b, T, null, false, initF);
        List<double[]> r = bwd.run(g.inputValues().get(0), b, T, null, true, initB);
        for (int t = 0; t < T; t++) {
          for (int j = 0; j < U; j++) {
            assertEquals(f.get(t)[j], y[(b * T + t) * 2 * U + j], 2e-5);
            assertEquals(r.get(T - 1 - t)[j], y[(b * T + t) * 2 * U + U + j], 2e-5);
          }
        }
      }
      g.check(8, 1e-2, 2e-2);
    }
  }
}
