package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.Flatten;
import io.jkeras.training.Fit;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Embedding's lowering: the looked-up rows, the gradient of the table, training with int32 token ids. */
class EmbeddingLoweringTest {

  @Test
  void forwardIsTheRowsOfTheTable() {
    Keras.clearSession();
    SymbolicTensor ids = Input.of(4);
    Model m = Model.of(ids, new Embedding(7, 3).apply(ids));
    try (GradientCheck g = new GradientCheck(m, 2, false, 11, false, 7)) {
      float[] in = g.inputValues().get(0);
      float[] table = g.weightValues().get(0);
      float[] out = g.output(0);
      assertEquals(in.length * 3, out.length);
      for (int i = 0; i < in.length; i++) {
        for (int d = 0; d < 3; d++) {
          assertEquals(table[(int) in[i] * 3 + d], out[i * 3 + d], 0f, "id " + in[i] + " dim " + d);
        }
      }
    }
  }

  @Test
  void gradientOfTheTable() {
    Keras.clearSession();
    SymbolicTensor ids = Input.of(5);
    Model m = Model.of(ids, new Dense(2).activation("tanh").apply(new Embedding(6, 3).apply(ids)));
    // Every coordinate of the table: rows never looked up must get a zero gradient.
    try (GradientCheck g = new GradientCheck(m, 2, false, 5, false, 6)) {
      g.check(18, 1e-2, 2e-2);
    }
  }

  @Test
  void trainsOnInt32TokenIds() {
    Keras.clearSession();
    Keras.setRandomSeed(3);
    Random r = new Random(4);
    int n = 256;
    int[][] x = new int[n][3];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = r.nextInt(10);
      }
      y[i] = x[i][1] >= 5 ? 1 : 0; // only the middle token matters
    }
    SymbolicTensor ids = Input.of("tokens", DType.INT32, 3);
    SymbolicTensor h = new Flatten().apply(new Embedding(10, 4).apply(ids));
    try (Model model = Model.of(ids, new Dense(2).activation("softmax").apply(h))) {
      model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1));
      model.compile(Compile.optimizer(new io.jkeras.optimizers.Adam(0.05))
          .loss("sparse_categorical_crossentropy").metrics("accuracy"));
      model.fit(x, y, Fit.epochs(10).batchSize(32).verbose(0));
      Map<String, Double> eval = model.evaluate(x, y);
      assertTrue(eval.get("accuracy") > 0.95, eval.toString());
    }
  }
}
