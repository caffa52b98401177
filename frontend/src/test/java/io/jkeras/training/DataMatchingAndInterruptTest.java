package io.jkeras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.layers.Dense;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.SparseCategoricalAccuracy;
import io.jkeras.metrics.SparseCategoricalCrossentropy;
import io.jkeras.metrics.SparseTopKCategoricalAccuracy;
import io.jkeras.training.FakeRuntime.FakeBackend;
import io.jkeras.training.FakeRuntime.TestMse;
import io.jkeras.training.FakeRuntime.TestSgd;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * docs/RELIABILITY.md rows: a list of the wrong size for the model's inputs, sparse labels out of range for an
 * output that has only sparse metrics, and an interrupt during evaluate, predict and fit's validation. Runs on
 * the pure-Java {@link FakeRuntime}: everything checked here happens before or between runtime steps.
 */
class DataMatchingAndInterruptTest {
  private FakeBackend backend;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
    backend = new FakeBackend();
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted(); // never leak a set flag into the next test
  }

  private static <T extends Throwable> String expect(Class<T> type, Executable call, String... parts) {
    T e = assertThrows(type, call);
    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }
    return e.getMessage();
  }

  /** features (None, 1) -> Dense(1): the fake runtime reads example ids from x. */
  private Model single() {
    SymbolicTensor in = Input.of("features", 1);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.backend(backend);
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    return m;
  }

  private static float[][] ids(int n) {
    float[][] x = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
    }
    return x;
  }

  // ---------------------------------------------------------------- a list where one array was meant

  @Test
  void listOfRowsForASingleInputSaysToPassTheArrayItself() {
    Model m = single();
    float[][] x = ids(6);
    // List.of(float[][]) is List.of(E...) with E = float[]: a list of the 6 rows, the usual mistake.
    List<float[]> rows = List.of(x);
    assertEquals(6, rows.size());
    String msg = expect(IllegalArgumentException.class, () -> m.fit(rows, new float[6][1], Fit.epochs(1)
        .verbose(0)), "fit: x is a list of 6 arrays but model 'functional' has 1 input ('features');"
        + " pass the array itself, or one array per input", "makes a list of its rows");
    assertFalse(msg.contains("1 inputs"), msg);
    expect(IllegalArgumentException.class, () -> m.predict(rows), "predict: x is a list of 6 arrays", "1 input");
    expect(IllegalArgumentException.class, () -> m.evaluate(rows, new float[6][1]), "evaluate: x is a list");
    // A list of the right size works, as does the array itself. (List.<Object>of(x) would still spread x: a
    // float[][] is an Object[], taken as the varargs array.)
    assertEquals(Shape.of(6, 1), m.predict(List.of((Object) x), Predict.defaults().verbose(0)).shape());
    assertEquals(Shape.of(6, 1), m.predict(x, Predict.defaults().verbose(0)).shape());
  }

  @Test
  void listOfTheWrongSizeForSeveralInputsNamesThemInOrder() {
    SymbolicTensor a = Input.of("a", 1);
    SymbolicTensor b = Input.of("b", 1);
    Model m = Model.of(List.of(a, b), new Dense(1).apply(new io.jkeras.layers.Concatenate().apply(List.of(a, b))));
    m.backend(backend);
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    String msg = expect(IllegalArgumentException.class, () -> m.fit(List.of((Object) ids(4)), new float[4][1],
        Fit.epochs(1).verbose(0)), "fit: x is a list of 1 array but model 'functional' has 2 inputs ('a', 'b');"
        + " pass one array per input in this order, or a map by name");
    assertFalse(msg.contains("rows"), msg);
  }

  // ---------------------------------------------------------------- sparse labels checked for sparse metrics

  /** x (None, 1) -> reg Dense(1) with the loss, cls Dense(3) with only the metric given. */
  private Model twoOutputs(Metric clsMetric) {
    SymbolicTensor in = Input.of("features", 1);
    Model m = Model.of(in, List.of(new Dense(1).name("reg").apply(in), new Dense(3).name("cls").apply(in)));
    m.backend(backend);
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(Map.of("reg", new TestMse()))
        .metrics(Map.of("cls", List.of(clsMetric))));
    return m;
  }

  @Test
  void labelsOutOfRangeAreRefusedForOutputsWithOnlySparseMetrics() {
    List<Supplier<Metric>> metrics = List.of(SparseCategoricalAccuracy::new,
        () -> new SparseTopKCategoricalAccuracy().k(2), SparseCategoricalCrossentropy::new);
    List<String> names = List.of("sparse_categorical_accuracy", "sparse_top_k_categorical_accuracy",
        "sparse_categorical_crossentropy");
    for (int k = 0; k < metrics.size(); k++) {
      Keras.clearSession();
      backend = new FakeBackend();
      Model m = twoOutputs(metrics.get(k).get());
      int[] cls = {0, 1, 2, 0, 1, 3, 2, 0};
      Map<String, Object> y = Map.of("reg", new float[8][1], "cls", cls);
      expect(IllegalArgumentException.class, () -> m.fit(ids(8), y, Fit.epochs(1).verbose(0)),
          "fit: y['cls']: label 3 at index 5 is not a class id in [0, 3) (" + names.get(k)
              + ": the output has 3 classes)");
      expect(IllegalArgumentException.class, () -> m.evaluate(ids(8), y), "evaluate: y['cls']: label 3");
      expect(IllegalArgumentException.class, () -> m.testOnBatch(ids(8),
          Map.of("reg", new float[8][1], "cls", new int[] {0, 1, 2, 0, 1, 2, -1, 0})), "label -1 at index 6");
      assertTrue(backend.last == null || backend.last.trainBatches.isEmpty(), "nothing reached the runtime");
      // Labels in range pass.
      cls[5] = 2;
      History h = m.fit(ids(8), y, Fit.epochs(1).batchSize(4).verbose(0));
      assertEquals(1, h.get("loss").size());
    }
  }

  // ---------------------------------------------------------------- interrupts

  @Test
  void interruptDuringPredictStopsAfterThatBatchAndKeepsTheFlag() {
    Model m = single();
    boolean[] ended = {false};
    Callback interruptAtBatch1 = new Callback() {
      @Override
      public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        if (batch == 1) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void onPredictEnd(Map<String, Double> logs) {
        ended[0] = true;
      }
    };
    var e = assertThrows(java.util.concurrent.CancellationException.class,
        () -> m.predict(ids(10), Predict.batchSize(2).verbose(0).callbacks(interruptAtBatch1)));
    assertTrue(e.getMessage().contains("predict was interrupted after 2 of its batches"), e.getMessage());
    assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set for the caller");
    assertEquals(List.of(List.of(0, 1), List.of(2, 3)), backend.last.predictBatches,
        "it stopped after the batch in progress");
    assertTrue(ended[0], "on_predict_end runs");
  }

  @Test
  void interruptDuringEvaluateStopsAfterThatBatchAndKeepsTheFlag() {
    Model m = single();
    Callback interruptAtBatch0 = new Callback() {
      @Override
      public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        Thread.currentThread().interrupt();
      }
    };
    var e = assertThrows(java.util.concurrent.CancellationException.class, () -> m.evaluate(ids(10),
        new float[10][1], Evaluate.batchSize(4).verbose(0).callbacks(interruptAtBatch0)));
    assertTrue(e.getMessage().startsWith("evaluate was interrupted"), e.getMessage());
    assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set for the caller");
    assertEquals(List.of(List.of(0, 1, 2, 3)), backend.last.testBatches, "it stopped after the batch in progress");
  }

  @Test
  void interruptDuringValidationEndsFitWithoutPartialValidationLogs() {
    Model m = single();
    Callback interruptInValidation = new Callback() {
      @Override
      public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        Thread.currentThread().interrupt();
      }
    };
    History h = m.fit(ids(10), new float[10][1], Fit.epochs(5).batchSize(2).shuffle(false).verbose(0)
        .validationData(ids(6), new float[6][1]).callbacks(interruptInValidation));
    assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set for the caller");
    assertEquals(1, h.get("loss").size(), "training ends with the epoch whose validation was interrupted");
    assertFalse(h.history().containsKey("val_loss"), h.history().toString());
    assertEquals(5, backend.last.trainBatches.size(), "the whole first epoch trained");
    assertEquals(1, backend.last.testBatches.size(), "validation stopped after its first batch");
  }
}
