package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GRU;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Masking;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.training.Fit;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/** Recurrent models through compile/fit/evaluate/predict and SavedModel export. */
class RecurrentTrainingTest {
  @TempDir Path tmp;

  /**
   * Sequences of 2 to 6 real steps padded with zero steps at the end (masked by Masking); the class is whether
   * the sum of the first feature over the real steps is positive. The whole stack (masks, Bidirectional,
   * TimeDistributed, LSTM, with dropout) trains, and its SavedModel export predicts what the model predicts.
   */
  @Test
  void learnsThroughPaddedSequencesAndExports() throws Exception {
    Keras.clearSession();
    Keras.setRandomSeed(7);
    Random r = new Random(5);
    int n = 256;
    float[][][] x = new float[n][6][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int len = 2 + r.nextInt(5);
      double sum = 0;
      for (int t = 0; t < len; t++) {
        x[i][t][0] = (float) r.nextGaussian();
        x[i][t][1] = 1f; // never all-zero on a real step
        sum += x[i][t][0];
      }
      y[i] = sum > 0 ? 1 : 0;
    }
    SymbolicTensor in = Input.of(6, 2);
    SymbolicTensor h = new Masking().apply(in);
    h = new Bidirectional(new GRU(8).returnSequences(true).recurrentDropout(0.1)).apply(h);
    h = new TimeDistributed(new Dense(4).activation("tanh")).apply(h);
    h = new LSTM(8).dropout(0.1).apply(h);
    try (Model model = Model.of(in, new Dense(2).activation("softmax").apply(h))) {
      model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1));
      model.compile(Compile.optimizer(new io.jkeras.optimizers.Adam(0.02))
          .loss("sparse_categorical_crossentropy").metrics("accuracy"));
      var history = model.fit(x, y, Fit.epochs(12).batchSize(32).verbose(0));
      var loss = history.history().get("loss");
      assertTrue(loss.get(loss.size() - 1) < loss.get(0), loss.toString());
      Map<String, Double> eval = model.evaluate(x, y);
      assertTrue(eval.get("accuracy") > 0.85, eval.toString());

      FloatNdArray p = model.predict(x);
      Path dir = tmp.resolve("rnn");
      model.export(dir);
      try (SavedModel served = SavedModel.load(dir)) {
        FloatNdArray q = served.predict(toNd(x));
        assertEquals(p.shape(), q.shape());
        for (int i = 0; i < 8; i++) {
          assertEquals(p.getFloat(i, 1), q.getFloat(i, 1), 1e-6);
        }
      }
    }
  }

  private static FloatNdArray toNd(float[][][] x) {
    FloatNdArray a = org.tensorflow.ndarray.NdArrays.ofFloats(
        org.tensorflow.ndarray.Shape.of(x.length, x[0].length, x[0][0].length));
    for (int i = 0; i < x.length; i++) {
      for (int t = 0; t < x[0].length; t++) {
        for (int f = 0; f < x[0][0].length; f++) {
          a.setFloat(x[i][t][f], i, t, f);
        }
      }
    }
    return a;
  }
}
