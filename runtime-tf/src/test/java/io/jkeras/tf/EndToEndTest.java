package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.training.Fit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/** {@code compile} / {@code fit} / {@code evaluate} / {@code predict} through the frontend's loop on this runtime. */
class EndToEndTest {
  @Test
  void fitEvaluatePredictWithJavaArrays() {
    Random r = new Random(3);
    float[][] x = new float[96][4];
    int[] y = new int[96];
    for (int i = 0; i < 96; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = (float) r.nextGaussian();
      }
      y[i] = x[i][0] + x[i][1] > 0 ? 1 : 0;
    }
    SymbolicTensor in = Input.of(4);
    SymbolicTensor h = new Dense(16).activation("relu").apply(in);
    h = new Dropout(0.1).apply(new BatchNormalization().momentum(0.5).apply(h));
    Model model = Model.of(in, new Dense(2).activation("softmax").apply(h));
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(5));
    model.compile(Compile.optimizer(new io.jkeras.optimizers.Adam(0.02)).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    History history = model.fit(x, y, Fit.epochs(8).batchSize(16).validationSplit(0.25).verbose(0));
    Map<String, List<Double>> hist = history.history();
    assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), hist.keySet().stream().sorted().toList());
    List<Double> loss = hist.get("loss");
    assertEquals(8, loss.size());
    assertTrue(loss.get(7) < loss.get(0), "loss " + loss);
    Map<String, Double> eval = model.evaluate(x, y);
    assertTrue(eval.get("accuracy") > 0.7, eval + " " + hist);
    FloatNdArray p = model.predict(x);
    assertEquals(Shape.of(96, 2), p.shape());
    assertEquals(1.0, p.getFloat(0, 0) + p.getFloat(0, 1), 1e-5);
  }

  @Test
  void sequentialAndFunctionalModelsWithOneSeedTrainToIdenticalWeights() {
    Random r = new Random(8);
    float[][][][] x = new float[128][8][8][1];
    int[] y = new int[128];
    for (int i = 0; i < 128; i++) {
      for (int a = 0; a < 8; a++) {
        for (int b = 0; b < 8; b++) {
          x[i][a][b][0] = r.nextFloat();
        }
      }
      y[i] = x[i][0][0][0] > 0.5f ? 1 : 0;
    }
    List<Map<String, float[]>> trained = new java.util.ArrayList<>();
    for (int k = 0; k < 2; k++) {
      io.jkeras.Keras.clearSession();
      io.jkeras.Keras.setRandomSeed(21); // the seed of the initial weights and of the shuffling
      Model model;
      if (k == 0) {
        model = new io.jkeras.Sequential(List.of(
            new io.jkeras.layers.Conv2D(4, 3, 3).activation("relu").inputShape(8, 8, 1),
            new io.jkeras.layers.MaxPooling2D(2, 2), new io.jkeras.layers.Flatten(),
            new Dense(2).activation("softmax")));
      } else {
        SymbolicTensor in = Input.of(8, 8, 1);
        SymbolicTensor h = new io.jkeras.layers.Conv2D(4, 3, 3).activation("relu").apply(in);
        h = new io.jkeras.layers.Flatten().apply(new io.jkeras.layers.MaxPooling2D(2, 2).apply(h));
        model = Model.of(in, new Dense(2).activation("softmax").apply(h));
      }
      try (model) {
        model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
        model.fit(x, y, Fit.epochs(2).batchSize(16).verbose(0));
        trained.add(model.runtime().getWeights());
      }
    }
    assertEquals(trained.get(0).keySet(), trained.get(1).keySet());
    for (String path : trained.get(0).keySet()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(trained.get(0).get(path), trained.get(1).get(path), path);
    }
  }
}
