package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.layers.Dense;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Wrong data at every user-facing entry point of a model with the TensorFlow runtime: each mistake gives a
 * documented Java exception whose message names the argument and the values, never a raw TensorFlow error.
 * docs/RELIABILITY.md lists what the user sees for each.
 */
class BadInputTest {
  @TempDir Path tmp;

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  /** Asserts the exception type and message parts, and that no TensorFlow exception is in the cause chain. */
  static <T extends Throwable> T expect(Class<T> type, Executable call, String... parts) {
    T e = assertThrows(type, call);
    String m = e.getMessage();
    // The surefire report keeps what the user sees (docs/RELIABILITY.md quotes it).
    System.out.println(e.getClass().getSimpleName() + ": " + m);
    for (String p : parts) {
      assertTrue(m != null && m.contains(p), "message lacks '" + p + "': " + m);
    }
    assertFalse(TfErrors.isNative(e), "raw TensorFlow error: " + e);
    return e;
  }

  /** Dense(3 -> 4 relu -> 3 softmax), sparse categorical cross-entropy, one thread, seeded. */
  private static Model classifier() {
    SymbolicTensor in = Input.of("features", 3);
    SymbolicTensor h = new Dense(4).activation("relu").apply(in);
    Model m = Model.of(in, new Dense(3).activation("softmax").name("probs").apply(h));
    m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(7));
    m.compile(Compile.optimizer("sgd").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  private static float[][] x(int n) {
    float[][] x = new float[n][3];
    for (int i = 0; i < n; i++) {
      x[i][0] = i % 3;
      x[i][1] = (i * 7 % 5) / 5f;
      x[i][2] = -i / (float) n;
    }
    return x;
  }

  private static int[] y(int n) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
    }
    return y;
  }

  /** Fit options are a mutable builder: a fresh one per call. */
  private static Fit quiet() {
    return Fit.epochs(1).batchSize(4).verbose(0);
  }

  // ---------------------------------------------------------------- shapes, ranks, dtypes

  @Test
  void wrongRankShapeAndDtypeAtEveryDataEntryPoint() {
    try (Model m = classifier()) {
      float[][][] rank3 = new float[8][3][2];
      float[][] width4 = new float[8][4];
      String[][] strings = new String[8][3];
      for (String[] row : strings) {
        java.util.Arrays.fill(row, "a");   // strings fed to a float input (string inputs exist: it is the dtype)
      }
      int[] labels = y(8);
      expect(IllegalArgumentException.class, () -> m.fit(rank3, labels, quiet()), "fit", "x['features']",
          "(8, 3, 2)", "(None, 3)");
      expect(IllegalArgumentException.class, () -> m.fit(width4, labels, quiet()), "fit", "x['features']",
          "(8, 4)", "(None, 3)");
      expect(IllegalArgumentException.class, () -> m.fit(strings, labels, quiet()), "fit", "x['features']",
          "String");
      expect(IllegalArgumentException.class, () -> m.evaluate(width4, labels), "evaluate", "(8, 4)",
          "(None, 3)");
      expect(IllegalArgumentException.class, () -> m.predict(rank3), "predict", "(8, 3, 2)", "(None, 3)");
      expect(IllegalArgumentException.class, () -> m.trainOnBatch(width4, labels), "train_on_batch", "(8, 4)");
      expect(IllegalArgumentException.class, () -> m.testOnBatch(rank3, labels), "test_on_batch",
          "(8, 3, 2)");
      expect(IllegalArgumentException.class, () -> m.predictOnBatch(width4), "predict_on_batch", "(8, 4)");
      expect(IllegalArgumentException.class, () -> m.predict(new float[] {1, 2, 3}), "predict",
          "x['features']", "(3,)", "(None, 3)");
      expect(IllegalArgumentException.class, () -> m.predict(7.0f), "predict", "x['features']");
      expect(IllegalArgumentException.class, () -> m.predict(null), "predict", "x['features']", "null");
      // Targets: sparse labels of the wrong rank, one-hot where indices are expected.
      expect(IllegalArgumentException.class, () -> m.fit(x(8), new int[8][3], quiet()), "y['probs']", "(8, 3)",
          "class ids", "(None, 1)");
      expect(IllegalArgumentException.class, () -> m.fit(x(8), null, quiet()), "fit", "y", "probs");
      expect(IllegalArgumentException.class, () -> m.fit(x(8), new String[8], quiet()), "fit", "y['probs']");
    }
  }

  @Test
  void denseTargetsOfTheWrongShape() {
    SymbolicTensor in = Input.of(3);
    try (Model m = Model.of(in, new Dense(2).name("reg").apply(in))) {
      m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(1));
      m.compile(Compile.optimizer("sgd").loss("mse"));
      expect(IllegalArgumentException.class, () -> m.fit(x(8), new float[8][3], quiet()), "'reg'", "(None, 2)",
          "(8, 3)");
      expect(IllegalArgumentException.class, () -> m.evaluate(x(8), new float[8]), "'reg'", "(None, 2)",
          "(8,)");
    }
  }

  @Test
  void xAndYOfDifferentLengths() {
    try (Model m = classifier()) {
      expect(IllegalArgumentException.class, () -> m.fit(x(10), y(9), quiet()), "fit", "different numbers",
          "x['features']: 10", "y['probs']: 9");
      expect(IllegalArgumentException.class, () -> m.evaluate(x(10), y(12)), "evaluate", "10", "12");
      expect(IllegalArgumentException.class, () -> m.trainOnBatch(x(5), y(4)), "train_on_batch", "5", "4");
      expect(IllegalArgumentException.class, () -> m.testOnBatch(x(5), y(6)), "test_on_batch", "5", "6");
      expect(IllegalArgumentException.class, () -> m.fit(x(10), y(10), quiet().sampleWeight(new float[7])),
          "sample_weight['probs']: 7");
    }
  }

  @Test
  void emptyArrays() {
    try (Model m = classifier()) {
      expect(IllegalArgumentException.class, () -> m.fit(new float[0][3], new int[0], quiet()), "fit", "empty",
          "0 examples");
      expect(IllegalArgumentException.class, () -> m.evaluate(new float[0][3], new int[0]), "evaluate",
          "empty");
      expect(IllegalArgumentException.class, () -> m.predict(new float[0][3]), "predict", "empty");
      expect(IllegalArgumentException.class, () -> m.predict(NdArrays.ofFloats(Shape.of(0, 3))), "predict",
          "empty");
      expect(IllegalArgumentException.class, () -> m.trainOnBatch(new float[0][3], new int[0]),
          "train_on_batch", "empty");
      expect(IllegalArgumentException.class, () -> m.predictOnBatch(new float[0][3]), "predict_on_batch",
          "empty");
    }
  }

  @Test
  void batchSizeLargerThanTheDataIsOneBatch() {
    try (Model m = classifier()) {
      int[] steps = {0};
      History h = m.fit(x(10), y(10), Fit.epochs(2).batchSize(1000).verbose(0).callbacks(
          io.jkeras.callbacks.LambdaCallback.create().onTrainBatchEnd((b, logs) -> steps[0]++)));
      assertEquals(2, steps[0], "one step per epoch");
      assertEquals(2, h.get("loss").size());
      assertEquals(Shape.of(10, 3), m.predict(x(10), Predict.batchSize(1000).verbose(0)).shape());
      expect(IllegalArgumentException.class, () -> Fit.epochs(1).batchSize(0), "batch_size", "0");
      expect(IllegalArgumentException.class, () -> Evaluate.batchSize(-1), "batch_size", "-1");
      expect(IllegalArgumentException.class, () -> Fit.epochs(1).validationSplit(1.5), "validation_split",
          "1.5");
      // Too little data to split: Keras' message.
      expect(IllegalArgumentException.class, () -> m.fit(x(1), y(1), Fit.epochs(1).validationSplit(0.5)
          .verbose(0)), "1 samples", "validation_split=0.5");
    }
  }

  // ---------------------------------------------------------------- NaN and Inf

  @Test
  void nanAndInfInTheData() {
    try (Model m = classifier()) {
      float[][] bad = x(8);
      bad[5][2] = Float.POSITIVE_INFINITY;
      bad[6][0] = Float.NaN;
      // fit stops after the step whose loss is NaN/Inf (Keras' TerminateOnNaN, logged), weights untouched by
      // later steps; evaluate and predict return what the maths gives, as Keras does.
      History h = m.fit(bad, y(8), Fit.epochs(3).batchSize(8).verbose(0));
      assertEquals(1, h.get("loss").size());
      assertTrue(h.get("loss").get(0).isNaN());
      // What NaN becomes depends on the layers (ReLU maps it to 0 in TF's CPU kernels): no error, no check.
      assertEquals(Shape.of(8, 3), m.predict(bad, Predict.defaults().verbose(0)).shape());
      assertTrue(m.evaluate(bad, y(8), Evaluate.defaults().verbose(0)).containsKey("loss"));
    }
  }

  // ---------------------------------------------------------------- sparse labels out of range

  @Test
  void sparseLabelsOutOfRangeAreNamedWithTheirIndex() {
    try (Model m = classifier()) {
      int[] labels = y(10);
      labels[7] = 3;
      expect(IllegalArgumentException.class, () -> m.fit(x(10), labels, quiet()), "fit", "'probs'", "label 3",
          "index 7", "[0, 3)");
      labels[7] = -1;
      expect(IllegalArgumentException.class, () -> m.evaluate(x(10), labels), "evaluate", "label -1",
          "index 7");
      expect(IllegalArgumentException.class, () -> m.trainOnBatch(x(10), labels), "train_on_batch", "label -1",
          "index 7");
      expect(IllegalArgumentException.class, () -> m.testOnBatch(x(10), labels), "test_on_batch", "label -1");
      float[] floatLabels = {0, 1, 2, Float.NaN};
      expect(IllegalArgumentException.class, () -> m.fit(x(4), floatLabels, quiet()), "label NaN", "index 3");
      float[] tooBig = {0, 1, 2, 1e10f};
      expect(IllegalArgumentException.class, () -> m.fit(x(4), tooBig, quiet()), "index 3", "[0, 3)");
      // The model was not changed by the refused calls: it still trains on good labels.
      assertTrue(Double.isFinite(m.trainOnBatch(x(10), y(10)).get("loss")));
    }
  }

  @Test
  void sparseLabelsOutOfRangeInValidationData() {
    try (Model m = classifier()) {
      int[] val = y(4);
      val[2] = 9;
      expect(IllegalArgumentException.class, () -> m.fit(x(8), y(8), quiet().validationData(x(4), val)),
          "label 9", "index 2");
    }
  }

  /**
   * An output with no loss and only a sparse metric: its labels are class ids (refused out of range, naming the
   * metric), and the metric is Keras' mean of argmax(prediction) == label.
   */
  @Test
  void sparseMetricOnAnOutputWithoutLoss() {
    SymbolicTensor in = Input.of("features", 3);
    try (Model m = Model.of(in, List.of(new Dense(1).name("reg").apply(in),
        new Dense(3).activation("softmax").name("cls").apply(in)))) {
      m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(3));
      m.compile(Compile.optimizer("sgd").loss(Map.of("reg", "mse"))
          .metrics(Map.of("cls", List.of("sparse_categorical_accuracy"))));
      int[] labels = y(10);
      labels[4] = 3;
      Map<String, Object> bad = Map.of("reg", new float[10][1], "cls", labels);
      expect(IllegalArgumentException.class, () -> m.fit(x(10), bad, quiet()), "fit: y['cls']: label 3 at index 4",
          "[0, 3)", "sparse_categorical_accuracy");
      expect(IllegalArgumentException.class, () -> m.evaluate(x(10), bad), "evaluate", "label 3");
      int[] good = y(10);
      Map<String, Double> logs = m.evaluate(x(10), Map.of("reg", new float[10][1], "cls", good),
          Evaluate.batchSize(10).verbose(0));
      FloatNdArray p = m.predictOutputs(x(10), Predict.defaults().verbose(0)).get("cls");
      int hits = 0;
      for (int i = 0; i < 10; i++) {
        int best = 0;
        for (int c = 1; c < 3; c++) {
          best = p.getFloat(i, c) > p.getFloat(i, best) ? c : best;
        }
        hits += best == good[i] ? 1 : 0;
      }
      assertEquals(hits / 10.0, logs.get("cls_sparse_categorical_accuracy"), 1e-6, logs.toString());
    }
  }

  // ---------------------------------------------------------------- names

  @Test
  void unknownNamesInLossMetricAndDataMaps() {
    SymbolicTensor a = Input.of("a", 3);
    SymbolicTensor b = Input.of("b", 2);
    SymbolicTensor h = new io.jkeras.layers.Concatenate().apply(a, b);
    SymbolicTensor cls = new Dense(3).activation("softmax").name("cls").apply(h);
    SymbolicTensor reg = new Dense(1).name("reg").apply(h);
    try (Model m = Model.of(List.of(a, b), List.of(cls, reg))) {
      m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(3));
      expect(IllegalArgumentException.class, () -> m.compile(Compile.optimizer("adam").loss("mean_sqared_error")),
          "mean_sqared_error");
      expect(IllegalArgumentException.class, () -> m.compile(Compile.optimizer("adamm").loss("mse")), "adamm");
      expect(IllegalArgumentException.class, () -> m.compile(Compile.optimizer("adam")
          .loss(Map.of("cls", "sparse_categorical_crossentropy", "regression", "mse"))), "regression", "cls",
          "reg");
      expect(IllegalArgumentException.class, () -> m.compile(Compile.optimizer("adam").loss("mse")
          .metrics(Map.of("nope", List.of("mae")))), "nope");
      expect(IllegalArgumentException.class, () -> m.compile(Compile.optimizer("adam").loss("mse")
          .metrics("acuracy")), "acuracy");
      m.compile(Compile.optimizer("adam").loss(Map.of("cls", "sparse_categorical_crossentropy", "reg", "mse")));
      float[][] xa = new float[6][3];
      float[][] xb = new float[6][2];
      Map<String, Object> y = Map.of("cls", y(6), "reg", new float[6]);
      expect(IllegalArgumentException.class, () -> m.fit(Map.of("a", xa, "c", xb), y, quiet()), "fit", "'c'",
          "[a, b]");
      expect(IllegalArgumentException.class, () -> m.fit(Map.of("a", xa), y, quiet()), "fit", "'b'");
      expect(IllegalArgumentException.class, () -> m.fit(List.of((Object) xa), y, quiet()), "fit", "list of 1", "2 inputs");
      expect(IllegalArgumentException.class, () -> m.fit(List.<Object>of(xa, xb), Map.of("cls", y(6), "rg",
          new float[6]), quiet()), "fit", "'rg'", "[cls, reg]");
      expect(IllegalArgumentException.class, () -> m.fit(List.<Object>of(xa, xb), Map.of("cls", y(6)), quiet()), "fit",
          "'reg'", "loss");
      expect(IllegalStateException.class, () -> m.predict(List.<Object>of(xa, xb)), "2 outputs", "predictOutputs");
      expect(IllegalArgumentException.class, () -> m.predictOutputs(Map.of("a", xa, "bb", xb)), "'bb'");
      m.fit(List.<Object>of(xa, xb), y, quiet());
    }
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void notCompiledAndClosedModelsSayWhy() throws IOException {
    SymbolicTensor in = Input.of(3);
    Model m = Model.of(in, new Dense(2).apply(in));
    m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(1));
    expect(IllegalStateException.class, () -> m.fit(x(4), new float[4][2], quiet()), "must be compiled", "fit");
    expect(IllegalStateException.class, () -> m.evaluate(x(4), new float[4][2]), "must be compiled");
    expect(IllegalStateException.class, () -> m.trainOnBatch(x(4), new float[4][2]), "must be compiled");
    assertEquals(Shape.of(4, 2), m.predict(x(4), Predict.defaults().verbose(0)).shape());
    m.close();
    m.close(); // closing twice is harmless
    String closed = "is closed";
    expect(IllegalStateException.class, () -> m.predict(x(4)), closed);
    expect(IllegalStateException.class, () -> m.predictOnBatch(x(4)), closed);
    expect(IllegalStateException.class, () -> m.compile(Compile.optimizer("sgd").loss("mse")), closed);
    expect(IllegalStateException.class, () -> m.runtime(), closed);
    expect(IllegalStateException.class, () -> m.export(tmp.resolve("e")), closed);
    expect(IllegalStateException.class, () -> m.runtimeOptions(RuntimeOptions.defaults()), closed);
  }

  @Test
  void closedCompiledModel() {
    Model m = classifier();
    m.fit(x(8), y(8), quiet());
    m.close();
    expect(IllegalStateException.class, () -> m.fit(x(8), y(8), quiet()), "is closed");
    expect(IllegalStateException.class, () -> m.evaluate(x(8), y(8)), "is closed");
    expect(IllegalStateException.class, () -> m.trainOnBatch(x(8), y(8)), "is closed");
    expect(IllegalStateException.class, () -> m.testOnBatch(x(8), y(8)), "is closed");
  }

  // ---------------------------------------------------------------- export and SavedModel

  @Test
  void unwritableExportPaths() throws IOException {
    try (Model m = classifier()) {
      Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
      expect(IOException.class, () -> m.export(file.resolve("model")), file.toString());
      expect(NullPointerException.class, () -> m.export(null), "dir");
      // Replacing a regular file by an export is refused rather than deleting the user's file.
      expect(IOException.class, () -> m.export(file), file.toString());
      assertEquals("not a directory", Files.readString(file));
    }
  }

  @Test
  void savedModelBadFilesAndBadInputs() throws IOException {
    Path dir = tmp.resolve("export");
    try (Model m = classifier()) {
      m.export(dir);
    }
    expect(NoSuchFileException.class, () -> SavedModel.load(tmp.resolve("nothing-here")), "nothing-here");
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    expect(IOException.class, () -> SavedModel.load(empty), "saved_model.pb");
    Path garbage = Files.createDirectory(tmp.resolve("garbage"));
    Files.write(garbage.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    expect(IOException.class, () -> SavedModel.load(garbage), garbage.toString());
    Path truncated = Files.createDirectory(tmp.resolve("truncated"));
    byte[] pb = Files.readAllBytes(dir.resolve("saved_model.pb"));
    Files.write(truncated.resolve("saved_model.pb"), java.util.Arrays.copyOf(pb, pb.length / 2));
    expect(IOException.class, () -> SavedModel.load(truncated), truncated.toString());
    Path noVariables = Files.createDirectory(tmp.resolve("no-variables"));
    Files.write(noVariables.resolve("saved_model.pb"), pb);
    expect(IOException.class, () -> SavedModel.load(noVariables), noVariables.toString());
    expect(IllegalArgumentException.class, () -> SavedModel.load(dir, "no_such_signature"),
        "no_such_signature", "serving_default");

    try (SavedModel served = SavedModel.load(dir)) {
      expect(IllegalArgumentException.class, () -> served.predict(NdArrays.ofFloats(Shape.of(2, 4))),
          "'features'", "(2, 4)", "(None, 3)");
      expect(IllegalArgumentException.class, () -> served.predict(NdArrays.ofFloats(Shape.of(2, 3, 1))),
          "'features'", "(2, 3, 1)");
      expect(IllegalArgumentException.class, () -> served.predict(NdArrays.ofInts(Shape.of(2, 3))),
          "'features'", "int32", "float32");
      assertEquals(Shape.of(0, 3), served.predict(NdArrays.ofFloats(Shape.of(0, 3))).shape());
      expect(IllegalArgumentException.class, () -> served.predict(Map.of("feature", NdArrays.ofFloats(
          Shape.of(2, 3)))), "'feature'", "[features]");
      expect(IllegalArgumentException.class, () -> served.predict(Map.of()), "'features'", "missing");
      expect(NullPointerException.class, () -> served.predict((Map<String, FloatNdArray>) null), "inputs");
      FloatNdArray nan = NdArrays.ofFloats(Shape.of(1, 3));
      nan.setFloat(Float.NaN, 0, 1);
      assertEquals(Shape.of(1, 3), served.predict(nan).shape());
      served.close();
      expect(IllegalStateException.class, () -> served.predict(NdArrays.ofFloats(Shape.of(1, 3))), "closed");
    }
  }
}
