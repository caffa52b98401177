package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Add;
import io.jkeras.layers.Dense;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.MultiHeadAttention;
import io.jkeras.layers.Normalization;
import io.jkeras.optimizers.Adam;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** A small attention model end to end: fit with dropout in the attention, per-token labels, export, reload. */
class AttentionModelTrainingTest {
  @TempDir Path tmp;

  @Test
  void trainsOnPerTokenLabelsAndExports() throws IOException {
    // Task: at each position, is the value there larger than the mean of the sequence? Needs attention.
    Random r = new Random(4);
    int n = 512;
    int steps = 6;
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, steps, 1));
    int[][] y = new int[n][steps];
    for (int i = 0; i < n; i++) {
      double mean = 0;
      float[] v = new float[steps];
      for (int t = 0; t < steps; t++) {
        v[t] = (float) (r.nextGaussian() * 3 + 5);
        x.setFloat(v[t], i, t, 0);
        mean += v[t] / steps;
      }
      for (int t = 0; t < steps; t++) {
        y[i][t] = v[t] > mean ? 1 : 0;
      }
    }
    SymbolicTensor in = Input.of(steps, 1);
    Normalization norm = new Normalization();
    norm.adapt(x);
    SymbolicTensor h = new Dense(16).apply(norm.apply(in));
    SymbolicTensor a = new MultiHeadAttention(2, 8).dropout(0.1).seed(7).apply(h, h);
    h = new LayerNormalization().apply(new Add().apply(h, a));
    Model model = Model.of(in, new Dense(2).activation("softmax").apply(new Dense(16).activation("relu").apply(h)));
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(2));
    model.compile(Compile.optimizer(new Adam(1e-2)).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    var history = model.fit(x, y, Fit.epochs(8).batchSize(32).verbose(0));
    List<Double> acc = history.history().get("accuracy");
    assertTrue(acc.get(acc.size() - 1) > 0.85, "per-token accuracy " + acc);
    Map<String, float[]> weights = model.runtime().getWeights();
    // The adapted statistics stay as adapted: non-trainable, untouched by fit.
    assertEquals(norm.adaptedMean()[0], weights.get(norm.name() + "/mean")[0], 0f);

    FloatNdArray expected = model.predict(x);
    Path dir = tmp.resolve("attention");
    model.export(dir);
    try (SavedModel served = SavedModel.load(dir)) {
      FloatNdArray got = served.predict(x);
      assertEquals(expected.shape(), got.shape());
      float worst = 0;
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < steps; t++) {
          worst = Math.max(worst, Math.abs(expected.getFloat(i, t, 1) - got.getFloat(i, t, 1)));
        }
      }
      assertEquals(0f, worst, 1e-5f);
    }
  }
}
