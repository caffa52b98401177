package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Reshape;
import io.jkeras.optimizers.SGD;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Per-token outputs (batch, steps, classes): softmax and log-softmax gradients on rank 3, and the step that
 * sparse/categorical cross-entropy takes equals the numerical gradient of the loss (TF's C++ LogSoftmax gradient
 * sums over axis 1, which is wrong beyond rank 2).
 */
class SequenceOutputTrainingTest {

  @Test
  void softmaxAndLogSoftmaxGradientsOnRank3() {
    SymbolicTensor x = Input.of(3, 5);
    SymbolicTensor a = new Dense(4).activation("softmax").apply(x);
    SymbolicTensor b = new Dense(4).activation("log_softmax").apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(a, b)), 2, false, 3)) {
      g.check(12, 1e-2, 2e-2);
    }
  }

  @Test
  void sgdStepFollowsTheNumericalGradientOfThePerTokenLoss() {
    for (String loss : List.of("sparse_categorical_crossentropy", "categorical_crossentropy")) {
      io.jkeras.Keras.clearSession();
      Random r = new Random(2);
      int n = 16;
      int steps = 4;
      int classes = 5;
      FloatNdArray x = NdArrays.ofFloats(Shape.of(n, steps, 3));
      x.scalars().forEach(s -> s.setFloat((float) r.nextGaussian()));
      IntNdArray ids = NdArrays.ofInts(Shape.of(n, steps));
      FloatNdArray oneHot = NdArrays.ofFloats(Shape.of(n, steps, classes));
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < steps; t++) {
          int c = r.nextInt(classes);
          ids.setInt(c, i, t);
          oneHot.setFloat(1f, i, t, c);
        }
      }
      Object y = loss.startsWith("sparse") ? ids : oneHot;
      SymbolicTensor in = Input.of(steps, 3);
      // Mixing the steps (flatten, dense, reshape) so that every position's loss reaches every weight.
      SymbolicTensor h = new Reshape(steps, 4).apply(new Dense(steps * 4).activation("tanh")
          .apply(new Reshape(steps * 3).apply(in)));
      Model model = Model.of(in, new Dense(classes).activation("softmax").apply(h));
      model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(4));
      double lr = 0.01;
      model.compile(Compile.optimizer(new SGD(lr)).loss(loss));
      Map<String, float[]> w0 = model.runtime().getWeights();
      model.trainOnBatch(x, y);
      Map<String, float[]> w1 = model.runtime().getWeights();
      for (String path : w0.keySet()) {
        for (int j = 0; j < Math.min(6, w0.get(path).length); j++) {
          double step = (w0.get(path)[j] - w1.get(path)[j]) / lr;
          double numeric = (lossAt(model, w0, path, j, 1e-2f, x, y) - lossAt(model, w0, path, j, -1e-2f, x, y))
              / 2e-2;
          assertEquals(numeric, step, 2e-3 + 0.02 * Math.abs(numeric), loss + ": " + path + "[" + j + "]");
        }
      }
    }
  }

  private static double lossAt(Model model, Map<String, float[]> w0, String path, int j, float delta, Object x,
      Object y) {
    Map<String, float[]> w = new LinkedHashMap<>();
    w0.forEach((k, v) -> w.put(k, v.clone()));
    w.get(path)[j] += delta;
    model.runtime().setWeights(w);
    return model.testOnBatch(x, y).get("loss");
  }

  @Test
  void perTokenAccuracyAndLossMatchAHandComputation() {
    // Two sequences of two steps, three classes: accuracy counts tokens; the loss averages -log p over tokens.
    SymbolicTensor in = Input.of(2, 3);
    Model model = Model.of(in, new io.jkeras.layers.Activation("softmax").apply(in));
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1));
    model.compile(Compile.optimizer("sgd").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    float[][][] logits = {{{2, 0, 0}, {0, 1, 0}}, {{0, 0, 3}, {1, 1, 0}}};
    int[][] labels = {{0, 2}, {2, 1}};
    Map<String, Double> logs = model.evaluate(logits, labels);
    double expectedLoss = 0;
    int right = 0;
    for (int i = 0; i < 2; i++) {
      for (int t = 0; t < 2; t++) {
        float[] z = logits[i][t];
        double sum = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
        expectedLoss -= Math.log(Math.exp(z[labels[i][t]]) / sum) / 4;
        int best = z[0] >= z[1] && z[0] >= z[2] ? 0 : z[1] >= z[2] ? 1 : 2;
        right += best == labels[i][t] ? 1 : 0;
      }
    }
    assertEquals(expectedLoss, logs.get("loss"), 1e-5);
    assertEquals(right / 4.0, logs.get("accuracy"), 1e-9);
    assertTrue(right > 0 && right < 4);
  }
}
