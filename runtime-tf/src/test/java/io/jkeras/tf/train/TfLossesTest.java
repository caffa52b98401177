package io.jkeras.tf.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Hinge;
import io.jkeras.losses.Huber;
import io.jkeras.losses.KLDivergence;
import io.jkeras.losses.LogCosh;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Per-sample losses against Keras' documented values (keras.io examples) or formulas evaluated here, and
 * gradients against finite differences.
 */
class TfLossesTest {

  /** Builds a graph with {@code build}, runs it and returns the float vector it produces. */
  static float[] eval(BiFunction<Ops, Graph, Operand<TFloat32>> build) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = build.apply(tf, g);
      try (Result r = s.runner().fetch(out).run()) {
        return StdArrays.array1dCopyOf((TFloat32) r.get(0));
      }
    }
  }

  static float[] loss(Loss loss, Object yTrue, float[][] yPred, String activation, float[][] logits) {
    return eval((tf, g) -> {
      Operand<?> y = yTrue instanceof float[][] f ? tf.constant(f)
          : yTrue instanceof int[] i ? tf.constant(i)
          : yTrue instanceof int[][] i2 ? tf.constant(i2) : tf.constant((float[]) yTrue);
      Operand<TFloat32> pre = logits == null ? null : tf.constant(logits);
      Operand<TFloat32> value;
      if (yPred != null) {
        value = tf.constant(yPred);
      } else if ("softmax".equals(activation)) {
        value = tf.nn.softmax(pre);
      } else if ("sigmoid".equals(activation)) {
        value = tf.math.sigmoid(pre);
      } else {
        value = pre;
      }
      return TfLosses.perExample(tf, loss, y, new LoweredOutput(value, activation, pre));
    });
  }

  static void close(double[] expected, float[] actual, double tol) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, "element " + i);
    }
  }

  @Test
  void sparseCategoricalCrossentropyKerasExample() {
    // keras.io: sparse_categorical_crossentropy([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]) -> [0.0513, 2.3026]
    float[][] p = {{0.05f, 0.95f, 0f}, {0.1f, 0.8f, 0.1f}};
    close(new double[] {-Math.log(0.95), -Math.log(0.1)},
        loss(Losses.get("sparse_categorical_crossentropy"), new int[] {1, 2}, p, "linear", null), 1e-5);
    // labels as (batch, 1) floats give the same
    close(new double[] {-Math.log(0.95), -Math.log(0.1)},
        loss(new SparseCategoricalCrossentropy(), new float[][] {{1}, {2}}, p, "linear", null), 1e-5);
  }

  @Test
  void sparseCategoricalCrossentropyFromLogitsAndSoftmaxOutput() {
    float[][] logits = {{1f, 2f, 3f}, {1f, 0f, -1f}};
    double[] expected = new double[2];
    int[] labels = {2, 0};
    for (int b = 0; b < 2; b++) {
      double lse = 0;
      for (float z : logits[b]) {
        lse += Math.exp(z);
      }
      expected[b] = Math.log(lse) - logits[b][labels[b]]; // -log softmax(z)[label]
    }
    close(expected, loss(new SparseCategoricalCrossentropy().fromLogits(true), labels, logits, "linear", null), 1e-5);
    // softmax output with from_logits=false is computed from the logits before the softmax, as Keras on TF
    close(expected, loss(new SparseCategoricalCrossentropy(), labels, null, "softmax", logits), 1e-5);
    // labels of shape (batch, 1), int32
    close(expected, loss(new SparseCategoricalCrossentropy(), new int[][] {{2}, {0}}, null, "softmax", logits),
        1e-5);
  }

  @Test
  void categoricalCrossentropyKerasExampleAndSmoothing() {
    // keras.io: categorical_crossentropy([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    //   -> [0.0513, 2.3026]
    float[][] y = {{0, 1, 0}, {0, 0, 1}};
    float[][] p = {{0.05f, 0.95f, 0f}, {0.1f, 0.8f, 0.1f}};
    close(new double[] {0.0513, 2.3026}, loss(Losses.get("categorical_crossentropy"), y, p, "linear", null), 1e-4);
    // label_smoothing s: y' = y(1 - s) + s/3; -Σ y' log(clip(p, 1e-7, 1 - 1e-7))
    double s = 0.3;
    double[] expected = new double[2];
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 3; c++) {
        double ys = y[b][c] * (1 - s) + s / 3;
        expected[b] -= ys * Math.log(Math.min(Math.max(p[b][c], 1e-7), 1 - 1e-7));
      }
    }
    close(expected, loss(new CategoricalCrossentropy().labelSmoothing(s), y, p, "linear", null), 2e-4);
  }

  @Test
  void categoricalCrossentropyFromLogits() {
    float[][] logits = {{0.5f, -1f, 2f}};
    float[][] y = {{0.2f, 0.3f, 0.5f}};
    double lse = Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2));
    double expected = -(0.2 * (0.5 - lse) + 0.3 * (-1 - lse) + 0.5 * (2 - lse));
    close(new double[] {expected}, loss(new CategoricalCrossentropy().fromLogits(true), y, logits, "linear", null),
        1e-5);
    close(new double[] {expected}, loss(new CategoricalCrossentropy(), y, null, "softmax", logits), 1e-5);
  }

  @Test
  void binaryCrossentropyKerasExampleAndLogits() {
    // keras.io: binary_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) -> [0.916, 0.714]
    float[][] y = {{0, 1}, {0, 0}};
    float[][] p = {{0.6f, 0.4f}, {0.4f, 0.6f}};
    close(new double[] {0.9163, 0.7136}, loss(Losses.get("binary_crossentropy"), y, p, "linear", null), 1e-4);
    float[][] logits = {{0.5f, -2f}, {3f, 0f}};
    double[] expected = new double[2];
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 2; c++) {
        double q = 1 / (1 + Math.exp(-logits[b][c]));
        double t = y[b][c] * 0.8 + 0.1; // label_smoothing 0.2: y(1 - s) + 0.5 s
        expected[b] -= (t * Math.log(q) + (1 - t) * Math.log(1 - q)) / 2;
      }
    }
    close(expected, loss(new BinaryCrossentropy().labelSmoothing(0.2), y, null, "sigmoid", logits), 1e-5);
    close(expected, loss(new BinaryCrossentropy().fromLogits(true).labelSmoothing(0.2), y, logits, "linear", null),
        1e-5);
  }

  @Test
  void regressionLosses() {
    float[][] y = {{0, 1}, {0, 0}};
    float[][] p = {{0.6f, 0.4f}, {0.4f, 0.6f}};
    // keras.io examples for these inputs: mse [0.36, 0.26]; mae [0.6, 0.5]; huber [0.18, 0.13]
    close(new double[] {0.36, 0.26}, loss(Losses.get("mse"), y, p, "linear", null), 1e-6);
    close(new double[] {0.6, 0.5}, loss(Losses.get("mae"), y, p, "linear", null), 1e-6);
    close(new double[] {0.18, 0.13}, loss(Losses.get("huber"), y, p, "linear", null), 1e-6);
    // huber with delta 0.5: |e| = 0.6 > 0.5 -> 0.5·0.6 - 0.5·0.25 = 0.175; |e| = 0.4 -> 0.5·0.16 = 0.08
    close(new double[] {(0.175 + 0.175) / 2, (0.08 + 0.175) / 2},
        loss(new Huber().delta(0.5), y, p, "linear", null), 1e-6);
    // log_cosh: mean(log(cosh(p - y)))
    double[] lc = new double[2];
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 2; c++) {
        lc[b] += Math.log(Math.cosh(p[b][c] - y[b][c])) / 2;
      }
    }
    close(lc, loss(new LogCosh(), y, p, "linear", null), 1e-6);
  }

  @Test
  void klDivergenceAndHinge() {
    float[][] y = {{0.2f, 0.8f}, {0f, 1f}};
    float[][] p = {{0.4f, 0.6f}, {0.3f, 0.7f}};
    double[] kl = new double[2];
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 2; c++) {
        double yc = Math.max(y[b][c], 1e-7);
        kl[b] += yc * Math.log(yc / p[b][c]); // Σ y log(y/p), both clipped to [1e-7, 1]
      }
    }
    close(kl, loss(new KLDivergence(), y, p, "linear", null), 1e-6);
    assertEquals(loss(new KLDivergence(), y, p, "linear", null)[0], loss(Losses.get("kld"), y, p, "linear", null)[0]);
    // hinge with 0/1 labels: labels become -1/1; mean(max(1 - y·p, 0))
    float[][] yb = {{0, 1}, {1, 0}};
    float[][] pb = {{0.3f, 0.6f}, {-0.4f, 2f}};
    double[] h = {(Math.max(1 + 0.3, 0) + Math.max(1 - 0.6, 0)) / 2, (Math.max(1 + 0.4, 0) + Math.max(1 + 2, 0)) / 2};
    close(h, loss(new Hinge(), yb, pb, "linear", null), 1e-6);
    // labels already -1/1 stay as they are
    float[][] ypm = {{-1, 1}, {1, -1}};
    close(h, loss(new Hinge(), ypm, pb, "linear", null), 1e-6);
  }

  @Test
  void higherRankOutputsAverageToBatch() {
    // (batch 1, 2, 2) output: mse per position averaged over the last axis then over the middle one.
    float[][][] y = {{{0, 1}, {1, 1}}};
    float[][][] p = {{{0, 0}, {0, 3}}};
    float[] got = eval((tf, g) -> TfLosses.perExample(tf, new MeanSquaredError(), tf.constant(y),
        new LoweredOutput(tf.constant(p), "linear", null)));
    assertArrayEquals(new float[] {(0.5f + 2.5f) / 2}, got, 1e-6f);
  }

  @Test
  void badShapesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss(new CategoricalCrossentropy(), new float[][] {{1, 0}}, new float[][] {{0.5f, 0.3f, 0.2f}},
            "linear", null));
    // The message names the loss and both shapes.
    assertEquals("categorical_crossentropy: labels and output must have the same shape, got labels [1, 2] and"
        + " output [1, 3]", e.getMessage());
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> loss(new SparseCategoricalCrossentropy(), new float[][] {{1, 0}}, new float[][] {{0.5f, 0.3f, 0.2f}},
            "linear", null));
    assertTrue(e2.getMessage().startsWith("sparse_categorical_crossentropy: labels must have shape (batch, ...) or"
        + " (batch, ..., 1)") && e2.getMessage().endsWith("got labels [1, 2] for an output of rank 2"),
        e2.getMessage());
  }

  // ---- gradients ----

  /**
   * d(Σ loss)/d(input) from Graph.addGradients against central finite differences of the same graph; the input
   * is the logits before the activation when {@code activation} is softmax/sigmoid, else the prediction.
   */
  static void checkGradient(Loss loss, Object labels, float[][] x, String activation) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      int rows = x.length;
      int cols = x[0].length;
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(rows, cols)));
      Operand<TFloat32> value = switch (activation) {
        case "softmax" -> tf.nn.softmax(in);
        case "sigmoid" -> tf.math.sigmoid(in);
        default -> in;
      };
      Operand<?> y = labels instanceof int[] i ? tf.constant(i) : tf.constant((float[][]) labels);
      LoweredOutput out = new LoweredOutput(value, activation, "linear".equals(activation) ? null : in);
      Operand<TFloat32> total = tf.sum(TfLosses.perExample(tf, loss, y, out), tf.constant(0));
      Output<?>[] grads = g.addGradients(total.asOutput(), new Output<?>[] {in.asOutput()});
      float[][] analytic = run2d(s, in, x, grads[0]);
      double h = 2e-3;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          float[][] plus = copy(x);
          float[][] minus = copy(x);
          plus[r][c] += (float) h;
          minus[r][c] -= (float) h;
          double fd = (run0d(s, in, plus, total) - run0d(s, in, minus, total)) / (2 * h);
          assertEquals(fd, analytic[r][c], 2e-3 + 2e-3 * Math.abs(fd),
              loss.name() + " gradient at [" + r + "][" + c + "]");
        }
      }
    }
  }

  static float[][] copy(float[][] x) {
    float[][] c = new float[x.length][];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i].clone();
    }
    return c;
  }

  static float[][] run2d(Session s, Placeholder<TFloat32> in, float[][] x, Output<?> out) {
    try (TFloat32 t = TFloat32.tensorOf(StdArrays.ndCopyOf(x)); Result r = s.runner().feed(in, t).fetch(out).run()) {
      return StdArrays.array2dCopyOf((TFloat32) r.get(0));
    }
  }

  static double run0d(Session s, Placeholder<TFloat32> in, float[][] x, Operand<TFloat32> out) {
    try (TFloat32 t = TFloat32.tensorOf(StdArrays.ndCopyOf(x)); Result r = s.runner().feed(in, t).fetch(out).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void gradientsExistAndMatchFiniteDifferences() {
    float[][] logits = {{0.3f, -0.7f, 1.1f}, {-0.2f, 0.4f, 0.1f}};
    float[][] onehot = {{0, 0, 1}, {0, 1, 0}};
    float[][] probs = {{0.2f, 0.3f, 0.5f}, {0.6f, 0.3f, 0.1f}};
    float[][] reg = {{0.3f, -1.7f, 1.1f}, {-0.2f, 2.4f, 0.15f}};
    float[][] yreg = {{0f, 1f, 0f}, {1f, 0f, 1f}};
    int[] sparse = {2, 1};
    checkGradient(new SparseCategoricalCrossentropy(), sparse, logits, "softmax");
    checkGradient(new SparseCategoricalCrossentropy().fromLogits(true), sparse, logits, "linear");
    checkGradient(new SparseCategoricalCrossentropy(), sparse, probs, "linear");
    checkGradient(new CategoricalCrossentropy(), onehot, logits, "softmax");
    checkGradient(new CategoricalCrossentropy().labelSmoothing(0.1), onehot, probs, "linear");
    checkGradient(new BinaryCrossentropy(), yreg, logits, "sigmoid");
    checkGradient(new BinaryCrossentropy(), yreg, probs, "linear");
    checkGradient(new MeanSquaredError(), yreg, reg, "linear");
    checkGradient(new MeanAbsoluteError(), yreg, reg, "linear");
    checkGradient(new Huber(), yreg, reg, "linear");
    checkGradient(new KLDivergence(), probs, new float[][] {{0.1f, 0.5f, 0.4f}, {0.3f, 0.3f, 0.4f}}, "linear");
    checkGradient(new Hinge(), yreg, reg, "linear");
    checkGradient(new LogCosh(), yreg, reg, "linear");
  }

  @Test
  void aMaskGivesTheMeanOverUnmaskedEntriesAsKerasApplyMask() {
    // MSE on (2, 3, 1): per-entry squared errors e = {{1, 4, 9}, {16, 25, 36}}; mask {{T, T, F}, {T, F, F}}.
    float[][][] p = {{{1}, {2}, {3}}, {{4}, {5}, {6}}};
    float[][][] y = {{{0}, {0}, {0}}, {{0}, {0}, {0}}};
    boolean[][] mask = {{true, true, false}, {true, false, false}};
    float[] plain = eval((tf, g) -> tf.reshape(TfLosses.sumOverBatchSize(tf, new MeanSquaredError(),
        tf.constant(y), new LoweredOutput(tf.constant(p), "linear", null, tf.constant(mask)), null),
        tf.constant(new int[] {1})));
    // Keras: Σ e·mask·total/(valid+ε) / total = (1 + 4 + 16) / (3 + 1e-7).
    assertEquals(21 / (3 + 1e-7), plain[0], 1e-5);
    float[] weighted = eval((tf, g) -> tf.reshape(TfLosses.sumOverBatchSize(tf, new MeanSquaredError(),
        tf.constant(y), new LoweredOutput(tf.constant(p), "linear", null, tf.constant(mask)),
        tf.constant(new float[] {2f, 0.5f})), tf.constant(new int[] {1})));
    // Sample weights multiply, the divisor stays the number of unmasked entries: (2·(1 + 4) + 0.5·16) / 3.
    assertEquals(18 / (3 + 1e-7), weighted[0], 1e-5);
    // A per-sample mask (2) weighs every step of its sample: total 2, valid 1, so Σ e·m·2/(1+ε) / 6, the mean
    // (16 + 25 + 36) / 3 of sample 1.
    float[] perSample = eval((tf, g) -> tf.reshape(TfLosses.sumOverBatchSize(tf, new MeanSquaredError(),
        tf.constant(y), new LoweredOutput(tf.constant(p), "linear", null, tf.constant(new boolean[] {false, true})),
        null), tf.constant(new int[] {1})));
    assertEquals(77 / (1 + 1e-7) / 3, perSample[0], 1e-4);
  }

  @Test
  void intLabelsOfADenseLossAreCast() {
    // int32 one-hot labels for a dense loss are cast to float
    float[] got = eval((tf, g) -> TfLosses.perExample(tf, new MeanSquaredError(),
        tf.constant(new int[][] {{1, 0}}), new LoweredOutput(tf.constant(new float[][] {{0.5f, 0.5f}}), "linear",
            null)));
    assertArrayEquals(new float[] {0.25f}, got, 1e-7f);
  }

  @Test
  void labelsOfRankOneAgainstAnOutputOfWidthOneAreExpandedAsKeras() {
    // Keras' squeeze_or_expand_to_same_rank: y (2) vs p (2, 1) -> y (2, 1); no (2, 2) broadcast
    float[] got = eval((tf, g) -> TfLosses.perExample(tf, new MeanSquaredError(), tf.constant(new float[] {1f, 2f}),
        new LoweredOutput(tf.constant(new float[][] {{0f}, {4f}}), "linear", null)));
    assertArrayEquals(new float[] {1f, 4f}, got, 1e-7f);
  }

  @Test
  void sparseLabelsOfUnknownShapeAreReshaped() {
    float[][] logits = {{1f, 2f, 3f}, {1f, 0f, -1f}};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> labels = tf.placeholder(TFloat32.class); // shape unknown when the graph is built
      Operand<TFloat32> pre = tf.constant(logits);
      Operand<TFloat32> l = TfLosses.perExample(tf, new SparseCategoricalCrossentropy(), labels,
          new LoweredOutput(tf.nn.softmax(pre), "softmax", pre));
      try (TFloat32 y = TFloat32.tensorOf(StdArrays.ndCopyOf(new float[][] {{2f}, {0f}}));
          Result r = s.runner().feed(labels, y).fetch(l).run()) {
        float[] got = StdArrays.array1dCopyOf((TFloat32) r.get(0));
        double lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double lse1 = Math.log(Math.exp(1) + Math.exp(0) + Math.exp(-1));
        close(new double[] {lse0 - 3, lse1 - 1}, got, 1e-5);
      }
    }
  }

  @Test
  void moreKerasLosses() {
    float[][] y = {{1f, 2f}, {0.5f, 0f}};
    float[][] p = {{1.5f, 1f}, {0.25f, 0.5f}};
    double[] mape = new double[2];
    double[] msle = new double[2];
    double[] poisson = new double[2];
    double[] cos = new double[2];
    for (int b = 0; b < 2; b++) {
      double dot = 0;
      double ny = 0;
      double np = 0;
      for (int c = 0; c < 2; c++) {
        // 100·mean(|y - p| / max(|y|, eps))
        mape[b] += 100 * Math.abs(y[b][c] - p[b][c]) / Math.max(Math.abs(y[b][c]), 1e-7) / 2;
        double d = Math.log(Math.max(p[b][c], 1e-7) + 1) - Math.log(Math.max(y[b][c], 1e-7) + 1);
        msle[b] += d * d / 2;
        poisson[b] += (p[b][c] - y[b][c] * Math.log(p[b][c] + 1e-7)) / 2;
        dot += y[b][c] * p[b][c];
        ny += y[b][c] * y[b][c];
        np += p[b][c] * p[b][c];
      }
      cos[b] = -dot / Math.sqrt(ny) / Math.sqrt(np);
    }
    // only the second row of y has a 0 label: MAPE divides by eps there (Keras does the same)
    close(mape, loss(Losses.get("mape"), y, p, "linear", null), 1e-6 * mape[1]);
    close(msle, loss(Losses.get("msle"), y, p, "linear", null), 1e-6);
    close(poisson, loss(Losses.get("poisson"), y, p, "linear", null), 1e-6);
    close(cos, loss(Losses.get("cosine_similarity"), y, p, "linear", null), 1e-6);

    float[][] yb = {{0, 1}, {1, 0}};
    float[][] pb = {{0.3f, 0.6f}, {-0.4f, 2f}};
    double[] sq = {(Math.pow(1.3, 2) + Math.pow(0.4, 2)) / 2, (Math.pow(1.4, 2) + Math.pow(3, 2)) / 2};
    close(sq, loss(Losses.get("squared_hinge"), yb, pb, "linear", null), 1e-5);
    // categorical hinge: max(max((1 - y)·p) - Σ y·p + 1, 0)
    double[] ch = {Math.max(0.3 - 0.6 + 1, 0), Math.max(2 - (-0.4) + 1, 0)};
    close(ch, loss(Losses.get("categorical_hinge"), yb, pb, "linear", null), 1e-6);

    float[][] reg = {{0.3f, 1.7f, 1.1f}, {0.2f, 2.4f, 0.15f}};
    float[][] yreg = {{0.5f, 1f, 2f}, {1f, 0.1f, 1f}};
    checkGradient(Losses.get("mape"), yreg, reg, "linear");
    checkGradient(Losses.get("msle"), yreg, reg, "linear");
    checkGradient(Losses.get("poisson"), yreg, reg, "linear");
    checkGradient(Losses.get("cosine_similarity"), yreg, reg, "linear");
    checkGradient(Losses.get("squared_hinge"), new float[][] {{0, 1, 0}, {1, 0, 1}}, reg, "linear");
    checkGradient(Losses.get("categorical_hinge"), new float[][] {{0, 1, 0}, {1, 0, 0}}, reg, "linear");
  }

  @Test
  void sparseLabelOutOfRangeFailsAtRunTime() {
    // label 3 for 3 classes: Keras on TF fails; one_hot alone would silently give a zero loss
    org.tensorflow.exceptions.TFInvalidArgumentException e = assertThrows(
        org.tensorflow.exceptions.TFInvalidArgumentException.class,
        () -> loss(new SparseCategoricalCrossentropy(), new int[] {0, 3}, null, "softmax",
            new float[][] {{1f, 2f, 3f}, {1f, 0f, -1f}}));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
  }
}
