package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.distribute.MirroredStrategy;
import io.jkeras.distribute.Strategy;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.Adam;
import io.jkeras.regularizers.L2;
import io.jkeras.training.Fit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * {@link MirroredStrategy} over two CPU devices of this process against one device: with per-replica batch b the
 * two replicas give the same losses and weights as one replica with batch 2b, over 20 Adam steps (issue 15,
 * item 2), and the towers' ops run on their own devices.
 */
class MirroredStrategyTest {
  static final int STEPS = 20;
  static final int PER_REPLICA = 8;

  /** Inputs and sparse labels of step {@code s}: the same for every run. */
  static FloatNdArray[] batch(int s, int n) {
    Random r = new Random(1000 + s);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 6));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(n));
    for (int i = 0; i < n; i++) {
      float sum = 0;
      for (int j = 0; j < 6; j++) {
        float v = (float) r.nextGaussian();
        x.setFloat(v, i, j);
        sum += v * (j % 2 == 0 ? 1 : -1);
      }
      y.setFloat(sum > 0.5f ? 2 : sum > -0.5f ? 1 : 0, i);
    }
    return new FloatNdArray[] {x, y};
  }

  static Model mlp() {
    return mlp(false);
  }

  /** @param activityLoss whether the first layer adds a loss (an activity regularizer), computed per replica */
  static Model mlp(boolean activityLoss) {
    var in = Input.of(6);
    var first = new Dense(16).activation("relu");
    if (activityLoss) {
      first.activityRegularizer(new L2(0.01));
    }
    var h = first.apply(in);
    h = new Dense(8).activation("tanh").apply(h);
    Model m = Model.of(in, new Dense(3).activation("softmax").apply(h));
    m.runtimeOptions(RuntimeOptions.defaults().seed(42));
    m.compile(Compile.optimizer(new Adam(0.01)).loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  record Run(List<Double> losses, List<FloatNdArray> weights) {}

  static Run train(Model m, int batch) {
    List<Double> losses = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      FloatNdArray[] b = batch(s, batch);
      m.runtime().resetMetrics(); // one step's loss, not the running mean
      losses.add(m.trainOnBatch(b[0], b[1]).get("loss"));
    }
    return new Run(losses, m.getWeights());
  }

  static void assertClose(Run expected, Run actual, double tolerance) {
    for (int s = 0; s < STEPS; s++) {
      double e = expected.losses().get(s);
      double a = actual.losses().get(s);
      assertTrue(Math.abs(a - e) <= tolerance * Math.abs(e), "step " + s + ": loss " + a + ", one replica " + e);
    }
    assertEquals(expected.weights().size(), actual.weights().size());
    for (int w = 0; w < expected.weights().size(); w++) {
      FloatNdArray e = expected.weights().get(w);
      FloatNdArray a = actual.weights().get(w);
      assertEquals(e.shape(), a.shape());
      double max = 0;
      double diff = 0;
      for (long i = 0; i < e.size(); i++) {
        float ev = e.getFloat(unravel(e.shape(), i));
        float av = a.getFloat(unravel(e.shape(), i));
        max = Math.max(max, Math.abs(ev));
        diff = Math.max(diff, Math.abs(ev - av));
      }
      // relative to the weight's largest entry: entries near zero (biases) have no useful relative error
      assertTrue(diff <= tolerance * max, "weight " + w + ": max difference " + diff + " for max |w| " + max);
    }
  }

  static long[] unravel(Shape shape, long flat) {
    long[] idx = new long[shape.numDimensions()];
    for (int d = idx.length - 1; d >= 0; d--) {
      idx[d] = flat % shape.get(d);
      flat /= shape.get(d);
    }
    return idx;
  }

  @Test
  void twoCpuReplicasTrainAsOneReplicaWithTheGlobalBatch() {
    Keras.clearSession();
    Run one;
    try (Model m = mlp()) {
      one = train(m, 2 * PER_REPLICA);
    }
    Keras.clearSession();
    var strategy = new MirroredStrategy("/cpu:0", "/cpu:1");
    Run two;
    Model m;
    try (var scope = strategy.scope()) {
      m = mlp();
    }
    try (m) {
      assertEquals(strategy, m.distributeStrategy().orElseThrow());
      assertEquals(2, strategy.numReplicasInSync());
      two = train(m, 2 * PER_REPLICA);
      // the towers are on their devices: replica 1's dense layers run on CPU:1
      TfModelRuntime rt = m.runtime().unwrap(TfModelRuntime.class);
      List<String> replica1 = new ArrayList<>();
      rt.graph().operations().forEachRemaining(op -> {
        if (op.name().startsWith("training/replica_1/") && op.type().equals("MatMul")) {
          replica1.add(((GraphOperation) op).device());
        }
      });
      assertEquals(3, replica1.size(), "three Dense layers in replica 1: " + replica1);
      replica1.forEach(d -> assertTrue(d.endsWith("device:CPU:1"), d));
    }
    assertClose(one, two, 1e-5);
    // and the comparison is not trivial: the weights moved
    assertTrue(Math.abs(one.losses().get(0) - one.losses().get(STEPS - 1)) > 0.05, one.losses().toString());
  }

  @Test
  void anUnevenLastBatchIsSplitAndStillMatchesOneReplica() {
    Keras.clearSession();
    Run one;
    try (Model m = mlp()) {
      one = train(m, 2 * PER_REPLICA + 1);
    }
    Keras.clearSession();
    Model m;
    try (var scope = new MirroredStrategy("/cpu:0", "/cpu:1").scope()) {
      m = mlp();
    }
    try (m) {
      assertClose(one, train(m, 2 * PER_REPLICA + 1), 1e-5);
    }
  }

  @Test
  void aBatchSmallerThanTheReplicasLeavesOneEmptyAndStillMatches() {
    // a last batch of 1 on 2 replicas: replica 1 gets no example; the layer's activity loss of that empty slice
    // (0/0) adds nothing
    Keras.clearSession();
    Run one;
    try (Model m = mlp(true)) {
      one = train(m, 1);
    }
    Keras.clearSession();
    Model m;
    try (var scope = new MirroredStrategy("/cpu:0", "/cpu:1").scope()) {
      m = mlp(true);
    }
    try (m) {
      Run two = train(m, 1);
      two.losses().forEach(l -> assertTrue(Double.isFinite(l), two.losses().toString()));
      assertClose(one, two, 1e-5);
    }
  }

  /** Token ids through an Embedding (whose gradient one device takes as rows, Keras' IndexedSlices). */
  static Model embeddingModel() {
    var in = Input.builder(5).dtype(io.jkeras.DType.INT32).build();
    var h = new io.jkeras.layers.Embedding(20, 4).apply(in);
    h = new io.jkeras.layers.GlobalAveragePooling1D().apply(h);
    Model m = Model.of(in, new Dense(3).activation("softmax").apply(h));
    m.runtimeOptions(RuntimeOptions.defaults().seed(3));
    m.compile(Compile.optimizer(new Adam(0.05)).loss("sparse_categorical_crossentropy"));
    return m;
  }

  /** 20 Adam steps on batches of {@code batch} token sequences (ids repeat within and across examples). */
  static Run trainEmbedding(Model m, int batch) {
    List<Double> losses = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      Random r = new Random(50 + s);
      org.tensorflow.ndarray.IntNdArray x = NdArrays.ofInts(Shape.of(batch, 5));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(batch));
      for (int i = 0; i < batch; i++) {
        int sum = 0;
        for (int j = 0; j < 5; j++) {
          int id = r.nextInt(20);
          x.setInt(id, i, j);
          sum += id;
        }
        y.setFloat(sum % 3, i);
      }
      m.runtime().resetMetrics();
      losses.add(m.trainOnBatch(x, y).get("loss"));
    }
    return new Run(losses, m.getWeights());
  }

  @Test
  void anEmbeddingTrainsAsOnOneDevice() {
    Keras.clearSession();
    Run one;
    try (Model m = embeddingModel()) {
      one = trainEmbedding(m, 2 * PER_REPLICA);
    }
    Keras.clearSession();
    Model m;
    try (var scope = new MirroredStrategy("/cpu:0", "/cpu:1").scope()) {
      m = embeddingModel();
    }
    try (m) {
      assertClose(one, trainEmbedding(m, 2 * PER_REPLICA), 1e-5);
    }
  }

  /**
   * What Keras 3.15.1 on TensorFlow does with two logical CPUs (tools/keras-crosscheck/mirrored_batchnorm.py):
   * BatchNormalization normalizes each replica's slice by its own statistics and its moving statistics show the
   * first replica's update. With momentum 0 the moving mean after one step is replica 0's batch mean (0), where
   * one device gives the global batch's (5).
   */
  @Test
  void batchNormalizationKeepsPerReplicaStatisticsAndTheFirstReplicasMovingMean() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(8, 3));
    for (int i = 4; i < 8; i++) {
      for (int j = 0; j < 3; j++) {
        x.setFloat(10f, i, j);
      }
    }
    FloatNdArray y = NdArrays.ofFloats(Shape.of(8, 1));
    float[] mirrored = movingMeanAfterOneStep(new MirroredStrategy("/cpu:0", "/cpu:1"), x, y);
    float[] single = movingMeanAfterOneStep(null, x, y);
    assertArrayEquals(new float[] {0f, 0f, 0f}, mirrored, 1e-6f);
    assertArrayEquals(new float[] {5f, 5f, 5f}, single, 1e-6f);
  }

  private static float[] movingMeanAfterOneStep(Strategy strategy, FloatNdArray x, FloatNdArray y) {
    Keras.clearSession();
    Model m;
    try (var scope = strategy == null ? null : strategy.scope()) {
      var in = Input.of(3);
      var bn = new BatchNormalization().momentum(0.0);
      m = Model.of(in, new Dense(1).apply(bn.apply(in)));
      m.runtimeOptions(RuntimeOptions.defaults().seed(1));
      m.compile(Compile.optimizer("sgd").loss("mse"));
    }
    try (m) {
      m.fit(x, y, Fit.epochs(1).batchSize(8).shuffle(false).verbose(0));
      return m.runtime().getWeights().get("batch_normalization/moving_mean");
    }
  }

  @Test
  void badDeviceListsAndBatchesAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> new MirroredStrategy(List.of()));
    assertTrue(e.getMessage().contains("devices is empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MirroredStrategy("/cpu:0", "/device:CPU:0"));
    assertTrue(e.getMessage().contains("/cpu:0 is named twice"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MirroredStrategy("/tpu:0"));
    assertTrue(e.getMessage().contains("'/tpu:0' in devices"), e.getMessage());
    Keras.clearSession();
    Model m;
    try (var scope = new MirroredStrategy("/cpu:0", "/cpu:1", "/cpu:2").scope()) {
      m = mlp();
      assertTrue(Strategy.hasStrategy());
    }
    assertTrue(Strategy.current().isEmpty());
    try (m) {
      FloatNdArray[] b = batch(0, 12);
      e = assertThrows(IllegalArgumentException.class, () -> m.fit(b[0], b[1], Fit.epochs(1).batchSize(2)));
      assertTrue(e.getMessage().contains("batch_size 2 is the global batch") && e.getMessage().contains(
          "per-replica batch of 0") && e.getMessage().contains("batch_size of at least 3"), e.getMessage());
    }
    // a GPU that is not there is named before TensorFlow's placement error
    Keras.clearSession();
    Model g;
    try (var scope = new MirroredStrategy("/gpu:0", "/gpu:99").scope()) {
      g = mlp();
    }
    try (g) {
      FloatNdArray[] b = batch(0, 4);
      e = assertThrows(IllegalArgumentException.class, () -> g.trainOnBatch(b[0], b[1]));
      assertTrue(e.getMessage().contains("device /gpu:") && e.getMessage().contains("does not exist"), e.getMessage());
    }
  }
}
