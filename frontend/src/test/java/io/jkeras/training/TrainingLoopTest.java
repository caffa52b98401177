package io.jkeras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.Callback;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.LambdaCallback;
import io.jkeras.layers.Dense;
import io.jkeras.training.FakeRuntime.FakeBackend;
import io.jkeras.training.FakeRuntime.TestMse;
import io.jkeras.training.FakeRuntime.TestSgd;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

class TrainingLoopTest {
  private FakeBackend backend;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
    backend = new FakeBackend();
  }

  private Model model() {
    SymbolicTensor in = Input.of(1);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.backend(backend);
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    return m;
  }

  /** x[i] = {i}: the fake runtime reads example ids from it. */
  private static float[][] ids(int n) {
    float[][] x = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
    }
    return x;
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  private static Fit quiet(int epochs) {
    return Fit.epochs(epochs).verbose(0);
  }

  @Test
  void unshuffledBatchesInOrderWithPartialLastBatch() {
    Model m = model();
    m.fit(ids(10), new float[10][1], quiet(1).batchSize(4).shuffle(false));
    assertEquals(List.of(range(0, 4), range(4, 8), range(8, 10)), backend.last.trainBatches);
  }

  @Test
  void unshuffledBatchesAreViewsOfTheData() {
    Model m = model();
    FloatNdArray x = NdArrays.ofFloats(Shape.of(6, 1));
    for (int i = 0; i < 6; i++) {
      x.setFloat(i, i, 0);
    }
    m.fit(x, new float[6][1], quiet(1).batchSize(4).shuffle(false));
    Batch first = backend.last.trainBatchObjects.get(0);
    FloatNdArray batchX = (FloatNdArray) first.inputs().get(0);
    x.setFloat(42f, 1, 0); // a view sees the change; a copy would not
    assertEquals(42f, batchX.getFloat(1, 0));
  }

  @Test
  void shufflingIsAPermutationPerEpochAndRepeatsWithTheSeed() {
    Keras.setRandomSeed(123);
    Model m = model();
    m.fit(ids(20), new float[20][1], quiet(2).batchSize(8));
    List<List<Integer>> b = backend.last.trainBatches;
    assertEquals(6, b.size());
    List<Integer> epoch0 = flatten(b.subList(0, 3));
    List<Integer> epoch1 = flatten(b.subList(3, 6));
    assertEquals(Set.copyOf(range(0, 20)), Set.copyOf(epoch0));
    assertEquals(20, epoch0.size());
    assertEquals(Set.copyOf(range(0, 20)), Set.copyOf(epoch1));
    assertNotEquals(range(0, 20), epoch0);
    assertNotEquals(epoch0, epoch1);
    assertEquals(List.of(8, 8, 4), b.subList(0, 3).stream().map(List::size).toList());

    Keras.setRandomSeed(123);
    Model m2 = model();
    m2.fit(ids(20), new float[20][1], quiet(2).batchSize(8));
    assertEquals(b, backend.last.trainBatches);
  }

  private static List<Integer> flatten(List<List<Integer>> l) {
    return l.stream().flatMap(List::stream).collect(Collectors.toList());
  }

  @Test
  void validationSplitTakesTheLastExamplesBeforeShuffling() {
    Keras.setRandomSeed(7);
    Model m = model();
    History h = m.fit(ids(10), new float[10][1], quiet(3).batchSize(3).validationSplit(0.2));
    FakeRuntime rt = backend.last;
    // floor(10 * 0.8) = 8 training examples, 0..7 shuffled; 8 and 9 validate, in order, each epoch.
    for (int e = 0; e < 3; e++) {
      List<Integer> epoch = flatten(rt.trainBatches.subList(3 * e, 3 * e + 3));
      assertEquals(Set.copyOf(range(0, 8)), Set.copyOf(epoch));
    }
    assertEquals(List.of(List.of(8, 9), List.of(8, 9), List.of(8, 9)), rt.testBatches);
    // History: the fake's loss is the mean id seen since the last reset.
    assertEquals(List.of(3.5, 3.5, 3.5), h.get("loss"));
    assertEquals(List.of(8.5, 8.5, 8.5), h.get("val_loss"));
    assertEquals(List.of(8.0, 8.0, 8.0), h.get("count"));
    assertEquals(List.of(2.0, 2.0, 2.0), h.get("val_count"));
    assertEquals(List.of(0, 1, 2), h.epochs());
    assertEquals(List.of("loss", "count", "val_loss", "val_count"), h.keys());
    assertSame(h, m.history());
    assertEquals(List.of("reset", "train", "train", "train", "reset", "test"), rt.events.subList(0, 6));
  }

  @Test
  void validationSplitTooSmallIsRejected() {
    Model m = model();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(ids(1), new float[1][1], quiet(1).validationSplit(0.5)));
    assertTrue(e.getMessage().contains("contains 1 samples") && e.getMessage().contains("0.5"),
        e.getMessage());
  }

  @Test
  void validationDataAndInitialEpoch() {
    Model m = model();
    History h = m.fit(ids(4), new float[4][1],
        quiet(3).initialEpoch(1).shuffle(false).validationData(ids(2), new float[2][1]));
    assertEquals(List.of(1, 2), h.epochs());
    assertEquals(List.of(0.5, 0.5), h.get("val_loss"));
    assertEquals(4, backend.last.trainBatches.size() + backend.last.testBatches.size());
  }

  @Test
  void callbackHooksInKerasOrder() {
    Model m = model();
    List<String> calls = new ArrayList<>();
    Callback rec = new Callback() {
      @Override
      public void onTrainBegin(Map<String, Double> logs) {
        calls.add("train_begin");
      }

      @Override
      public void onTrainEnd(Map<String, Double> logs) {
        calls.add("train_end " + logs.keySet());
      }

      @Override
      public void onEpochBegin(int epoch, Map<String, Double> logs) {
        calls.add("epoch_begin " + epoch);
      }

      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        calls.add("epoch_end " + epoch + " " + logs);
      }

      @Override
      public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        calls.add("batch_begin " + batch);
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        calls.add("batch_end " + batch + " " + logs.get("count"));
      }

      @Override
      public void onTestBegin(Map<String, Double> logs) {
        calls.add("test_begin");
      }

      @Override
      public void onTestBatchBegin(int batch, Map<String, Double> logs) {
        calls.add("test_batch_begin " + batch);
      }

      @Override
      public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        calls.add("test_batch_end " + batch);
      }

      @Override
      public void onTestEnd(Map<String, Double> logs) {
        calls.add("test_end " + logs);
      }
    };
    m.fit(ids(3), new float[3][1], quiet(1).batchSize(2).shuffle(false).validationSplit(0.34).callbacks(rec));
    assertSame(m, rec.model());
    assertEquals(1, rec.params().get("epochs"));
    assertEquals(1L, rec.params().get("steps")); // floor(3 * 0.66) = 1 training example
    assertEquals(List.of(
        "train_begin",
        "epoch_begin 0",
        "batch_begin 0", "batch_end 0 1.0",
        "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end {loss=1.5, count=2.0}",
        "epoch_end 0 {loss=0.0, count=1.0, val_loss=1.5, val_count=2.0}",
        "train_end [loss, count, val_loss, val_count]"), calls);
  }

  @Test
  void stopTrainingEndsAfterTheCurrentStep() {
    Model m = model();
    int[] epochNow = {0};
    LambdaCallback stopper = LambdaCallback.create()
        .onEpochBegin((epoch, logs) -> epochNow[0] = epoch)
        .onTrainBatchEnd((batch, logs) -> {
          if (epochNow[0] == 1 && batch == 1) {
            m.stopTraining(true);
          }
        });
    // 10 examples, batch 4: 3 steps per epoch. Stop in epoch 1 after its step 1.
    History h = m.fit(ids(10), new float[10][1], quiet(5).batchSize(4).shuffle(false).callbacks(stopper));
    assertEquals(3 + 2, backend.last.trainBatches.size());
    assertEquals(List.of(0, 1), h.epochs());
    assertEquals(List.of(4.5, 3.5), h.get("loss")); // mean of ids 0..9, then of 0..7
    assertEquals(List.of(10.0, 8.0), h.get("count"));
    assertTrue(m.stopTraining());
    m.fit(ids(10), new float[10][1], quiet(1).batchSize(4));
    assertEquals(5 + 3, backend.last.trainBatches.size()); // a new fit starts afresh
  }

  @Test
  void stepsPerEpochContinuesAcrossEpochs() {
    Model m = model();
    History h = m.fit(ids(10), new float[10][1], quiet(3).batchSize(4).shuffle(false).stepsPerEpoch(2));
    assertEquals(List.of(range(0, 4), range(4, 8), range(8, 10), range(0, 4), range(4, 8)),
        backend.last.trainBatches);
    assertEquals(List.of(0, 1, 2), h.epochs());
  }

  @Test
  void classWeightsBecomeSampleWeights() {
    Model m = model();
    int[] labels = {0, 1, 2, 1};
    // Keras: one weight per example from its class; classes not listed weigh 1.
    m.fit(ids(4), labels, quiet(1).batchSize(4).shuffle(false).classWeight(Map.of(0, 1.0, 1, 5.0)));
    Batch b = backend.last.trainBatchObjects.get(0);
    FloatNdArray sw = b.sampleWeights().get(0);
    assertEquals(List.of(1f, 5f, 1f, 5f), floats(sw));

    // One-hot targets (for an output of two classes): the class is the argmax.
    SymbolicTensor in = Input.of(1);
    Model twoClasses = Model.of(in, new Dense(2).apply(in));
    twoClasses.backend(backend);
    twoClasses.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    float[][] oneHot = {{0, 1}, {1, 0}};
    twoClasses.fit(ids(2), oneHot, quiet(1).shuffle(false).classWeight(Map.of(1, 3)));
    assertEquals(List.of(3f, 1f), floats(backend.last.trainBatchObjects.get(0).sampleWeights().get(0)));

    assertThrows(IllegalArgumentException.class, () -> m.fit(ids(4), labels,
        quiet(1).classWeight(Map.of(0, 1.0)).sampleWeight(new float[4])));
  }

  @Test
  void sampleWeightsAreSlicedWithTheData() {
    Model m = model();
    float[] w = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
    m.fit(ids(5), new float[5][1], quiet(1).batchSize(3).shuffle(false).sampleWeight(w));
    assertEquals(List.of(0.1f, 0.2f, 0.3f), floats(backend.last.trainBatchObjects.get(0).sampleWeights().get(0)));
    assertEquals(List.of(0.4f, 0.5f), floats(backend.last.trainBatchObjects.get(1).sampleWeights().get(0)));

    // Shuffled: each weight stays with its example.
    m.fit(ids(5), new float[5][1], quiet(1).batchSize(5).sampleWeight(w));
    Batch b = backend.last.trainBatchObjects.get(2);
    List<Integer> order = FakeRuntime.ids(b);
    List<Float> ws = floats(b.sampleWeights().get(0));
    for (int i = 0; i < 5; i++) {
      assertEquals(w[order.get(i)], ws.get(i));
    }
  }

  private static List<Float> floats(FloatNdArray a) {
    List<Float> l = new ArrayList<>();
    for (long i = 0; i < a.shape().get(0); i++) {
      l.add(a.getFloat(i));
    }
    return l;
  }

  @Test
  void sgdOnTheFakeRuntimeLearnsALine() {
    Model m = model();
    int n = 20;
    float[][] x = ids(n);
    float[][] y = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i / 10f;
      y[i][0] = 3 * x[i][0] + 1;
    }
    // FakeRuntime reads ids from x, which are fine as floats here; it fits y = w*x + b.
    m.compile(Compile.optimizer(new TestSgd(0.1)).loss(new TestMse()));
    m.fit(x, y, quiet(200).batchSize(5));
    assertEquals(3.0, backend.last.w, 0.05);
    assertEquals(1.0, backend.last.b, 0.05);
  }

  @Test
  void compilingAgainKeepsTheWeights() {
    Model m = model();
    m.trainOnBatch(new float[][] {{1}}, new float[][] {{1}});
    FakeRuntime first = backend.last;
    double w = first.w;
    assertNotEquals(0.0, w);
    m.compile(Compile.optimizer(new TestSgd(0.5)).loss(new TestMse()));
    assertTrue(first.closed);
    m.predict(ids(1), Predict.defaults().verbose(0));
    assertEquals((float) w, (float) backend.last.w);
    assertEquals(0.5, backend.lastCompile.optimizer().learningRate());
  }

  @Test
  void evaluateAndBatchMethods() {
    Model m = model();
    Map<String, Double> logs = m.evaluate(ids(10), new float[10][1], Evaluate.batchSize(4).verbose(0));
    assertEquals(Map.of("loss", 4.5, "count", 10.0), logs);
    assertEquals(List.of(range(0, 4), range(4, 8), range(8, 10)), backend.last.testBatches);
    assertEquals(Map.of("loss", 1.0, "count", 3.0), m.testOnBatch(ids(3), new float[3][1]));
    assertEquals(Map.of("loss", 0.5, "count", 2.0), m.trainOnBatch(ids(2), new float[2][1]));
    FloatNdArray p = m.predictOnBatch(ids(3));
    assertEquals(4f, p.getFloat(2, 0));
  }

  @Test
  void predictConcatenatesBatches() {
    Model m = model();
    FloatNdArray p = m.predict(ids(10), Predict.batchSize(4).verbose(0));
    assertEquals(Shape.of(10, 1), p.shape());
    for (int i = 0; i < 10; i++) {
      assertEquals(2f * i, p.getFloat(i, 0));
    }
    assertEquals(3, backend.last.predictBatches.size());
  }

  @Test
  void multiOutputModelsByName() {
    SymbolicTensor in = Input.of("features", io.jkeras.DType.FLOAT32, 1);
    Model m = Model.of(Map.of("features", in), Map.of(
        "a", new Dense(1).apply(in), "b", new Dense(1).apply(in)));
    m.backend(backend);
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(Map.of("a", new TestMse())));
    Map<String, FloatNdArray> out = m.predictOutputs(Map.of("features", ids(3)), Predict.defaults().verbose(0));
    assertEquals(List.of("a", "b"), List.copyOf(out.keySet()));
    assertEquals(4f, out.get("a").getFloat(2, 0));
    assertEquals(5f, out.get("b").getFloat(2, 0));
    IllegalStateException single = assertThrows(IllegalStateException.class, () -> m.predict(ids(3)));
    assertTrue(single.getMessage().contains("predictOutputs"), single.getMessage());

    // Targets by name; output b has no loss and may be left out. Sample weights by name.
    m.fit(Map.of("features", ids(4)), Map.of("a", new float[4][1]),
        quiet(1).shuffle(false).sampleWeight(Map.of("a", new float[] {1, 2, 3, 4})));
    Batch b = backend.last.trainBatchObjects.get(0);
    assertNull(b.targets().get(1));
    assertNull(b.sampleWeights().get(1));
    assertEquals(List.of(1f, 2f, 3f, 4f), floats(b.sampleWeights().get(0)));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(Map.of("feature", ids(4)), Map.of("a", new float[4][1]), quiet(1)));
    assertTrue(e.getMessage().contains("'feature'") && e.getMessage().contains("[features]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(Map.of("features", ids(4)), Map.of("c", new float[4][1]), quiet(1)));
    assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("[a, b]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(Map.of("features", ids(4)), Map.of("b", new float[4][1]), quiet(1)));
    assertTrue(e.getMessage().contains("output 'a'"), e.getMessage());
  }

  @Test
  void javaArraysOfOtherTypesAreConverted() {
    Model m = model();
    double[][] x = {{0}, {1}, {2}};
    int[] y = {1, 2, 3};
    m.fit(x, y, quiet(1).shuffle(false));
    Batch b = backend.last.trainBatchObjects.get(0);
    assertTrue(b.inputs().get(0) instanceof FloatNdArray);
    assertTrue(b.targets().get(0) instanceof org.tensorflow.ndarray.IntNdArray);
    assertEquals(List.of(0, 1, 2), FakeRuntime.ids(b));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(new float[][] {{0}, {1, 2}}, y, quiet(1)));
    assertTrue(e.getMessage().contains("ragged"), e.getMessage());
  }

  @Test
  void fourDimensionalJavaArrays() {
    SymbolicTensor in = Input.of(2, 2, 1);
    Model m = Model.of(in, new Dense(1).apply(new io.jkeras.layers.Flatten().apply(in)));
    m.backend(backend);
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    float[][][][] x = new float[3][2][2][1];
    for (int i = 0; i < 3; i++) {
      x[i][0][0][0] = i; // the fake reads the id at [i, 0, ...]
      x[i][1][1][0] = 10 + i;
    }
    m.fit(x, new float[3][1], quiet(1).shuffle(false).batchSize(2));
    Batch b = backend.last.trainBatchObjects.get(1);
    FloatNdArray bx = (FloatNdArray) b.inputs().get(0);
    assertEquals(Shape.of(1, 2, 2, 1), bx.shape());
    assertEquals(12f, bx.getFloat(0, 1, 1, 0));
  }

  @Test
  void userBatches() {
    Model m = model();
    Batches data = Batches.of(List.of(
        Batches.Item.of(ids(2), new float[2][1]), Batches.Item.of(ids(3), new float[3][1])));
    History h = m.fit(data, quiet(2));
    assertEquals(List.of(range(0, 2), range(0, 3), range(0, 2), range(0, 3)), backend.last.trainBatches);
    assertEquals(List.of(0.8, 0.8), h.get("loss")); // mean of 0,1,0,1,2
    // Unknown length works too.
    Batches unknown = Batches.of(() -> List.of(Batches.Item.of(ids(2), new float[2][1])).iterator());
    assertEquals(1, m.fit(unknown, quiet(1)).epochs().size());
  }

  @Test
  void badInputsGiveClearErrors() {
    Model m = model();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(ids(10), new float[9][1], quiet(1)));
    assertTrue(e.getMessage().contains("x['input_layer']: 10") && e.getMessage().contains("y['dense']: 9"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).batchSize(0));
    assertTrue(e.getMessage().contains("batch_size must be > 0, got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(new float[0][1], new float[0][1], quiet(1)));
    assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("0 examples"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(new float[4][3], new float[4][1], quiet(1)));
    assertTrue(e.getMessage().contains("(4, 3)") && e.getMessage().contains("(None, 1)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(ids(4), null, quiet(1)));
    assertTrue(e.getMessage().contains("y (the targets) is required"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.fit("hello", new float[4][1], quiet(1)));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).verbose(3));
    assertTrue(e.getMessage().contains("verbose"), e.getMessage());
  }

  @Test
  void modelStateErrors() {
    SymbolicTensor in = Input.of(1);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.backend(backend);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> m.fit(ids(2), new float[2][1], quiet(1)));
    assertTrue(e.getMessage().contains("must be compiled before fit"), e.getMessage());

    // Without a backend set and none on the class path, the error says what to add.
    Model bare = Model.of(in, new Dense(1).apply(in));
    e = assertThrows(IllegalStateException.class, () -> bare.predict(ids(2)));
    assertTrue(e.getMessage().contains("jkeras-runtime-tf"), e.getMessage());

    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    m.fit(ids(2), new float[2][1], quiet(1));
    assertThrows(IllegalStateException.class, () -> m.runtimeOptions(RuntimeOptions.defaults()));
    m.close();
    assertTrue(backend.last.closed);
    e = assertThrows(IllegalStateException.class, () -> m.predict(ids(2)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void randomSeedFeedsTheRuntimeOptions() {
    Keras.setRandomSeed(99);
    Model m = model();
    m.predict(ids(1), Predict.defaults().verbose(0));
    assertEquals(99L, backend.lastOptions.seed().getAsLong());

    Model m2 = model();
    m2.runtimeOptions(RuntimeOptions.defaults().seed(5));
    m2.predict(ids(1), Predict.defaults().verbose(0));
    assertEquals(5L, backend.lastOptions.seed().getAsLong());
  }

  @Test
  void historyNamesItsKeys() {
    Model m = model();
    History h = m.fit(ids(2), new float[2][1], quiet(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.get("accuracy"));
    assertTrue(e.getMessage().contains("[loss, count]"), e.getMessage());
    assertEquals(new HashSet<>(List.of("loss", "count")), h.history().keySet());
  }
}
