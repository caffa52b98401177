package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.training.Fit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunOptions;

/**
 * {@code RuntimeOptions.deterministic(true)} with a seed: two trainings of a model with convolutions, batch
 * normalization, dropout and shuffled batches end with bit-identical weights, with TF's default thread pools
 * otherwise (no {@link Keras#setRandomSeed}: the runtime's seed alone decides).
 */
class DeterminismTest {

  private static Model model() {
    Keras.clearSession();
    var in = Input.of(12, 12, 1);
    var x = new Conv2D(8, 3, 3).activation("relu").apply(in);
    x = new BatchNormalization().apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dropout(0.3).apply(x);
    x = new Dense(16).activation("relu").apply(x);
    Model m = Model.of(in, new Dense(4).activation("softmax").apply(x));
    m.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  private static final FloatNdArray IMAGES = NdArrays.ofFloats(Shape.of(96, 12, 12, 1));
  private static final int[] LABELS = new int[96];

  static {
    Random r = new Random(5);
    IMAGES.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    for (int i = 0; i < LABELS.length; i++) {
      LABELS[i] = IMAGES.getFloat(i, 3, 3, 0) > 0.5f ? (IMAGES.getFloat(i, 8, 8, 0) > 0.5f ? 3 : 2) : i % 2;
    }
  }

  private static Map<String, float[]> train(RuntimeOptions options) {
    try (Model m = model()) {
      m.runtimeOptions(options);
      m.fit(IMAGES, LABELS, Fit.epochs(3).batchSize(16).validationSplit(0.25).verbose(0)); // shuffled
      return m.runtime().getWeights();
    }
  }

  @Test
  void twoSeededDeterministicRunsGiveBitIdenticalWeights() {
    RuntimeOptions opts = RuntimeOptions.defaults().seed(1234).deterministic(true);
    Map<String, float[]> a = train(opts);
    Map<String, float[]> b = train(RuntimeOptions.defaults().seed(1234).deterministic(true));
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      // Bit for bit: compare the raw int bits (Arrays.equals on floats treats -0.0 and 0.0 as different, NaNs as
      // equal, which is what bit identity means).
      assertTrue(Arrays.equals(a.get(k), b.get(k)), "weight " + k + " differs between the two runs");
    }
    // A different seed trains differently (the seed reaches initialization, dropout and shuffling).
    Map<String, float[]> c = train(RuntimeOptions.defaults().seed(99).deterministic(true));
    assertFalse(Arrays.equals(a.get("dense/kernel"), c.get("dense/kernel")));
  }

  /**
   * The negative control, by proof: what makes two runs differ is ops whose order the scheduler picks (several
   * inter-op threads) touching one variable, one of them writing. A traced step of the same model, without the
   * switch, has no such pair (every read of a weight comes before its update through the gradient barrier; slot
   * updates chain by data), so runs without the switch cannot differ that way either, and indeed do not here.
   * What the switch adds is a fixed order where a graph does hold such a pair ({@link
   * #theRaceCheckSeesUnorderedWrites}); TF's CPU kernels are deterministic for a given intra-op thread count.
   */
  @Test
  void noTwoOpsOfAStepRaceOnAVariableSoRunsWithoutTheSwitchAgreeToo() {
    try (Model m = model()) {
      m.runtimeOptions(RuntimeOptions.defaults().seed(1234));
      TfModelRuntime rt = m.runtime().unwrap(TfModelRuntime.class);
      FloatNdArray x = IMAGES.slice(org.tensorflow.ndarray.index.Indices.range(0, 16));
      var y = NdArrays.vectorOf(Arrays.copyOf(LABELS, 16));
      StepTrace ran = StepTrace.ofTrainStep(rt, new io.jkeras.backend.Batch(List.of(x), List.of(y), List.of()));
      assertTrue(ran.count("ApplyGradientDescent") + ran.count("AssignAdd") + ran.count("AssignSub") > 0,
          "the traced step updates weights: " + ran);
      assertEquals(List.of(), ran.races());
    }
    Map<String, float[]> with = train(RuntimeOptions.defaults().seed(1234).deterministic(true));
    Map<String, float[]> without = train(RuntimeOptions.defaults().seed(1234));
    for (String k : with.keySet()) {
      assertTrue(Arrays.equals(with.get(k), without.get(k)), "weight " + k);
    }
  }

  /** The race check is not vacuous: two unordered assignments to one variable are reported, ordered ones not. */
  @Test
  void theRaceCheckSeesUnorderedWrites() {
    for (boolean ordered : new boolean[] {false, true}) {
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        var v = tf.withInitScope().variable(tf.withInitScope().constant(0f));
        var a1 = tf.assign(v, tf.constant(1f));
        var a2 = (ordered ? tf.withControlDependencies(List.of(a1)) : tf).assign(v, tf.constant(2f));
        var both = tf.withControlDependencies(List.of(a1, a2)).noOp();
        s.initialize();
        try (Result r = s.runner().addTarget(both).setOptions(RunOptions.newBuilder()
            .setOutputPartitionGraphs(true).build()).runAndFetchMetadata()) {
          List<String> races = StepTrace.races(r.getMetadata().orElseThrow().getPartitionGraphs(0));
          assertEquals(ordered ? 0 : 1, races.size(), races.toString());
        }
      }
    }
  }

  /**
   * A BatchNormalization called twice in one model updates its moving statistics twice per step, the second
   * update on top of the first (Keras assigns in call order); without an order between them, one update would be
   * lost and which one would depend on the scheduler.
   */
  @Test
  void aSharedBatchNormalizationUpdatesItsStatisticsInCallOrder() {
    Keras.clearSession();
    var a = Input.of(2);
    var b = Input.of(2);
    BatchNormalization bn = new BatchNormalization().momentum(0.5);
    var joined = new io.jkeras.layers.Concatenate().apply(List.of(bn.apply(a), bn.apply(b)));
    try (Model m = Model.of(List.of(a, b), new Dense(1).apply(joined))) {
      m.compile(Compile.optimizer("sgd").loss("mse"));
      m.runtimeOptions(RuntimeOptions.defaults().seed(3));
      float[][] xa = {{1, 2}, {3, 4}};
      float[][] xb = {{10, 20}, {30, 40}};
      StepTrace ran = StepTrace.ofTrainStep(m.runtime().unwrap(TfModelRuntime.class), new io.jkeras.backend.Batch(
          List.of(matrix(xa), matrix(xb)), List.of(matrix(new float[][] {{0}, {1}})), List.of()));
      assertEquals(List.of(), ran.races());
      float[] mean = m.runtime().getWeights().get("batch_normalization/moving_mean");
      // Start 0; after the call on a: 0.5·mean(a) = (1, 1.5); after the call on b: 0.5·(1, 1.5) + 0.5·(20, 30).
      assertArrayEquals(new float[] {10.5f, 15.75f}, mean, 1e-5f);
    }
  }

  private static FloatNdArray matrix(float[][] v) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(v.length, v[0].length));
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v[0].length; j++) {
        a.setFloat(v[i][j], i, j);
      }
    }
    return a;
  }

  @Test
  void theSwitchFixesInterOpParallelismToOneThread() {
    ConfigProto on = TfModelRuntime.sessionConfig(RuntimeOptions.defaults().deterministic(true).intraOpThreads(2));
    assertEquals(1, on.getInterOpParallelismThreads());
    assertEquals(2, on.getIntraOpParallelismThreads());
    assertTrue(on.getUsePerSessionThreads());
    ConfigProto off = TfModelRuntime.sessionConfig(RuntimeOptions.defaults());
    assertEquals(0, off.getInterOpParallelismThreads());
    assertFalse(off.getUsePerSessionThreads());
  }
}
