package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.LambdaCallback;
import io.jkeras.callbacks.ModelCheckpoint;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.ExponentialDecay;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;

/** {@code model.save} / {@code Model.load} / {@code ModelCheckpoint} on the TensorFlow runtime. */
class SavingTest {
  @TempDir Path dir;

  private static final int N = 64;
  private static final int BATCH = 16;
  private static final float[][] X = new float[N][4];
  private static final int[] Y = new int[N];

  static {
    Random r = new Random(11);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < 4; j++) {
        X[i][j] = (float) r.nextGaussian();
      }
      Y[i] = X[i][0] + X[i][1] > 0.3 ? 2 : X[i][2] > 0 ? 1 : 0;
    }
  }

  private static float[][] xBatch(int b) {
    return java.util.Arrays.copyOfRange(X, b * BATCH % N, b * BATCH % N + BATCH);
  }

  private static int[] yBatch(int b) {
    return java.util.Arrays.copyOfRange(Y, b * BATCH % N, b * BATCH % N + BATCH);
  }

  /** Dense → Dropout → BatchNormalization → Dense: random masks, moving statistics and optimizer slots. */
  private static Model classifier(Optimizer optimizer) {
    SymbolicTensor in = Input.of(4);
    SymbolicTensor h = new Dense(16).activation("relu").apply(in);
    h = new BatchNormalization().momentum(0.9).apply(new Dropout(0.25).apply(h));
    Model m = Model.of(in, new Dense(3).activation("softmax").apply(h));
    m.runtimeOptions(RuntimeOptions.defaults().seed(7).intraOpThreads(1).interOpThreads(1));
    m.compile(Compile.optimizer(optimizer).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("adam", (Supplier<Optimizer>) () -> new Adam(0.01)),
        Arguments.of("nadam", (Supplier<Optimizer>) () -> new Nadam(0.01)),
        Arguments.of("rmsprop centered", (Supplier<Optimizer>) () -> new RMSprop(0.01).centered(true).momentum(0.5)),
        Arguments.of("sgd nesterov + schedule", (Supplier<Optimizer>) () -> new SGD(0.1).momentum(0.9).nesterov(true)
            .learningRate(new ExponentialDecay(0.1, 3, 0.5, true))));
  }

  /**
   * Training resumed from a saved model reproduces the uninterrupted run: same losses after the save, same
   * final weights (same seed, same batches).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void saveLoadAndContinueTrainingReproducesTheUninterruptedRun(String name, Supplier<Optimizer> optimizer)
      throws IOException {
    int steps = 8;
    int saveAfter = 4;
    Model straight = classifier(optimizer.get());
    List<Double> expected = new ArrayList<>();
    for (int b = 0; b < steps; b++) {
      if (b == 2 && name.startsWith("adam")) {
        straight.runtime().setLearningRate(0.004); // a rate changed during training is part of the state
      }
      expected.add(straight.trainOnBatch(xBatch(b), yBatch(b)).get("loss"));
    }

    Model first = classifier(optimizer.get());
    for (int b = 0; b < saveAfter; b++) {
      if (b == 2 && name.startsWith("adam")) {
        first.runtime().setLearningRate(0.004);
      }
      assertEquals(expected.get(b), first.trainOnBatch(xBatch(b), yBatch(b)).get("loss"), 0.0);
    }
    Path f = dir.resolve("model.jkeras");
    first.save(f);
    first.close();

    Model resumed = Model.load(f);
    assertTrue(resumed.isCompiled());
    assertEquals(saveAfter, resumed.runtime().iterations());
    for (int b = saveAfter; b < steps; b++) {
      double loss = resumed.trainOnBatch(xBatch(b), yBatch(b)).get("loss");
      assertEquals(expected.get(b), loss, 1e-6, name + ": loss of step " + b);
    }
    List<FloatNdArray> a = straight.getWeights();
    List<FloatNdArray> c = resumed.getWeights();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), c.get(i), name + ": weight " + straight.weights().get(i).path());
    }

    straight.close();
    resumed.close();
    if (name.equals("adam")) {
      // The same weights with a fresh optimizer (and step count) do not continue the run: the state matters.
      try (Model weightsOnly = classifier(optimizer.get())) {
        weightsOnly.loadWeights(f);
        weightsOnly.trainOnBatch(xBatch(saveAfter), yBatch(saveAfter));
        double second = weightsOnly.trainOnBatch(xBatch(saveAfter + 1), yBatch(saveAfter + 1)).get("loss");
        assertNotEquals(expected.get(saveAfter + 1), second, 1e-4);
      }
    }
  }

  @Test
  void fitResumedWithInitialEpochMatchesTheUninterruptedHistory() throws IOException {
    Model straight = classifier(new Adam(0.01));
    History all = straight.fit(X, Y, Fit.epochs(4).batchSize(BATCH).shuffle(false).verbose(0));
    Model first = classifier(new Adam(0.01));
    first.fit(X, Y, Fit.epochs(2).batchSize(BATCH).shuffle(false).verbose(0));
    Path f = dir.resolve("model.jkeras");
    first.save(f);
    Model resumed = Model.load(f);
    History rest = resumed.fit(X, Y, Fit.epochs(4).initialEpoch(2).batchSize(BATCH).shuffle(false).verbose(0));
    for (String key : List.of("loss", "accuracy")) {
      for (int e = 0; e < 2; e++) {
        assertEquals(all.history().get(key).get(e + 2), rest.history().get(key).get(e), 1e-6, key + " " + e);
      }
    }
    straight.close();
    first.close();
    resumed.close();
  }

  @Test
  void loadedConvModelPredictsTheSame() throws IOException {
    SymbolicTensor in = Input.of(6, 6, 2);
    SymbolicTensor h = new Conv2D(4, 3, 3).activation("relu").apply(in);
    h = new BatchNormalization().apply(h);
    Model m = Model.of(in, new Dense(2).apply(new Flatten().apply(h)));
    m.runtimeOptions(RuntimeOptions.defaults().seed(3).intraOpThreads(1));
    m.compile(Compile.optimizer("adam").loss("mse"));
    float[][][][] x = new float[8][6][6][2];
    Random r = new Random(4);
    for (float[][][] a : x) {
      for (float[][] b : a) {
        for (float[] c : b) {
          c[0] = (float) r.nextGaussian();
          c[1] = (float) r.nextGaussian();
        }
      }
    }
    m.fit(x, new float[8][2], Fit.epochs(2).batchSize(4).verbose(0)); // moves the BatchNormalization statistics
    String conv = m.layers().get(1).name();
    Map<String, float[]> slots = m.runtime().getOptimizerState();
    assertEquals(List.of("adam/" + conv + "_kernel_momentum", "adam/" + conv + "_kernel_velocity"),
        slots.keySet().stream().limit(2).toList());
    assertEquals(4 * 3 * 3 * 2, slots.get("adam/" + conv + "_kernel_velocity").length);
    Path f = dir.resolve("conv.keras");
    m.save(f);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(f.toFile());
        io.jhdf.HdfFile h5 = io.jhdf.HdfFile.fromBytes(
            zip.getInputStream(zip.getEntry("model.weights.h5")).readAllBytes())) {
      // Keras' optimizer.variables order: iteration, learning_rate, then (momentum, velocity) per weight.
      assertEquals(4L, h5.getDatasetByPath("optimizer/vars/0").getData());
      assertEquals(0.001f, (Float) h5.getDatasetByPath("optimizer/vars/1").getData(), 0f);
      assertArrayEquals(new int[] {3, 3, 2, 4}, h5.getDatasetByPath("optimizer/vars/3").getDimensions());
      assertArrayEquals(slots.get("adam/" + conv + "_kernel_velocity"),
          (float[]) h5.getDatasetByPath("optimizer/vars/3").getDataFlat());
    }
    Model back = Model.load(f);
    assertEquals(m.predict(x, Predict.batchSize(8).verbose(0)), back.predict(x, Predict.batchSize(8).verbose(0)));
    m.close();
    back.close();
  }

  /**
   * With saveBestOnly the files hold the best epoch's model: epochs 1-2 improve, then a learning rate far too
   * high makes epochs 3-4 worse.
   */
  @Test
  void modelCheckpointWithSaveBestOnlyKeepsTheBestEpoch() throws IOException {
    Random r = new Random(5);
    float[][] x = new float[48][4];
    float[][] y = new float[48][1];
    for (int i = 0; i < 48; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = (float) r.nextGaussian();
      }
      y[i][0] = x[i][0] - 2 * x[i][1] + 0.5f * x[i][3];
    }
    float[][] xTrain = java.util.Arrays.copyOfRange(x, 0, 32);
    float[][] yTrain = java.util.Arrays.copyOfRange(y, 0, 32);
    float[][] xVal = java.util.Arrays.copyOfRange(x, 32, 48);
    float[][] yVal = java.util.Arrays.copyOfRange(y, 32, 48);
    Supplier<Model> build = () -> {
      SymbolicTensor in = Input.of(4);
      Model m = Model.of(in, new Dense(1).apply(in));
      m.runtimeOptions(RuntimeOptions.defaults().seed(2).intraOpThreads(1));
      m.compile(Compile.optimizer(new SGD(0.05)).loss("mse"));
      return m;
    };
    Model model = build.get();
    Path weightsFile = dir.resolve("best.weights.npz");
    Path modelFile = dir.resolve("best.jkeras");
    List<List<FloatNdArray>> weightsAtEpochEnd = new ArrayList<>();
    LambdaCallback schedule = LambdaCallback.create()
        .onEpochBegin((e, logs) -> {
          if (e == 2) {
            model.runtime().setLearningRate(3.0); // diverges: every step multiplies the error by about 5
          }
        })
        .onEpochEnd((e, logs) -> weightsAtEpochEnd.add(model.getWeights()));
    History h = model.fit(xTrain, yTrain, Fit.epochs(4).batchSize(8).shuffle(false).verbose(0)
        .validationData(xVal, yVal)
        .callbacks(schedule,
            new ModelCheckpoint(weightsFile).saveBestOnly(true).saveWeightsOnly(true),
            new ModelCheckpoint(modelFile).monitor("val_loss").mode("min").saveBestOnly(true)));
    List<Double> valLoss = h.history().get("val_loss");
    int best = valLoss.indexOf(valLoss.stream().min(Double::compare).orElseThrow());
    assertEquals(1, best, "epoch 2 is the best, later ones are worse: " + valLoss);

    Model fromWeights = build.get();
    fromWeights.loadWeights(weightsFile);
    List<FloatNdArray> w = fromWeights.getWeights();
    for (int i = 0; i < w.size(); i++) {
      assertEquals(weightsAtEpochEnd.get(best).get(i), w.get(i));
    }
    Map<String, Double> eval = fromWeights.evaluate(xVal, yVal, Evaluate.batchSize(8).verbose(0));
    assertEquals(valLoss.get(best), eval.get("loss"), 1e-6 * Math.max(1, valLoss.get(best)));

    Model loaded = Model.load(modelFile);
    assertEquals(valLoss.get(best), loaded.evaluate(xVal, yVal, Evaluate.batchSize(8).verbose(0)).get("loss"),
        1e-6 * Math.max(1, valLoss.get(best)));
    assertEquals(8, loaded.runtime().iterations(), "the optimizer state of the end of epoch 2 (4 steps each)");
    assertEquals(0.05, loaded.runtime().learningRate(), 1e-9);
    model.close();
    fromWeights.close();
    loaded.close();
  }
}
