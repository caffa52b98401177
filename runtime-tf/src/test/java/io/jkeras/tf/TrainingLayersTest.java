package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.constraints.MaxNorm;
import io.jkeras.constraints.NonNeg;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.L1;
import io.jkeras.regularizers.L2;
import io.jkeras.tf.lowering.Lowered;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Layers that differ in training, regularizers and constraints, through the whole runtime. */
class TrainingLayersTest {
  private static final RuntimeOptions OPTS = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1);

  @Test
  void dropoutMasksAreScaledSeededAndNewEachStep() {
    SymbolicTensor x = Input.of(1000);
    Model model = Model.of(x, new Dropout(0.3).apply(x));
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1000)));
      ForwardPass pass = new ForwardPass(tf.withSubScope("t"), true, new TfVariables(tf, model.weights()), 5);
      Operand<TFloat32> out = pass.run(model, List.of(Lowered.of(in))).get(0).floatValue();
      float[] ones = new float[1000];
      java.util.Arrays.fill(ones, 1f);
      try (Session s = new Session(g)) {
        float[] a = run(s, in, out, pass, ones, 1);
        float[] b = run(s, in, out, pass, ones, 1);
        float[] c = run(s, in, out, pass, ones, 2);
        assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c));
        int zeros = 0;
        for (float v : a) {
          assertTrue(v == 0f || Math.abs(v - 1 / 0.7f) < 1e-6, "value " + v);
          zeros += v == 0f ? 1 : 0;
        }
        assertEquals(300, zeros, 60);
      }
    }
    // Inference is the identity.
    try (TfModelRuntime rt = new TfBackend().create(model, null, OPTS)) {
      FloatNdArray y = rt.predictStep(Batch.ofInputs(List.of(TfModelRuntimeTest.floats(Shape.of(1, 1000),
          new float[1000])))).get(0);
      assertEquals(Shape.of(1, 1000), y.shape());
    }
  }

  private static float[] run(Session s, Placeholder<TFloat32> in, Operand<TFloat32> out, ForwardPass pass,
      float[] values, long step) {
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(1, values.length),
            org.tensorflow.ndarray.buffer.DataBuffers.of(values));
        TInt64 st = TInt64.scalarOf(step);
        Result r = s.runner().feed(in, t).feed(pass.stepIfUsed(), st).fetch(out).run()) {
      return TfTensors.values((TFloat32) r.get(0));
    }
  }

  @Test
  void batchNormalizationUpdatesMovingStatisticsAsKeras() {
    SymbolicTensor x = Input.of(3);
    BatchNormalization bn = new BatchNormalization().momentum(0.9);
    Model model = Model.of(x, new Dense(1).apply(bn.apply(x)));
    Random r = new Random(8);
    FloatNdArray xs = TfModelRuntimeTest.randomFloats(r, 16, 3);
    FloatNdArray ys = TfModelRuntimeTest.randomFloats(r, 16, 1);
    try (TfModelRuntime rt = TfModelRuntimeTest.create(model, Compile.optimizer(new SGD(0.01)).loss("mse"), OPTS)) {
      rt.trainStep(new Batch(List.of(xs), List.of(ys), List.of()));
      Map<String, float[]> w = rt.getWeights();
      float[] mm = w.get(bn.name() + "/moving_mean");
      float[] mv = w.get(bn.name() + "/moving_variance");
      for (int c = 0; c < 3; c++) {
        double mean = 0;
        for (int i = 0; i < 16; i++) {
          mean += xs.getFloat(i, c) / 16.0;
        }
        double var = 0;
        for (int i = 0; i < 16; i++) {
          var += Math.pow(xs.getFloat(i, c) - mean, 2) / 16.0; // biased, as Keras
        }
        assertEquals(0.1 * mean, mm[c], 1e-5);
        assertEquals(0.9 + 0.1 * var, mv[c], 1e-5);
      }
    }
  }

  @Test
  void batchNormalizationInferenceUsesMovingStatistics() {
    SymbolicTensor x = Input.of(2);
    BatchNormalization bn = new BatchNormalization();
    Model model = Model.of(x, bn.apply(x));
    try (TfModelRuntime rt = new TfBackend().create(model, null, OPTS)) {
      rt.setWeights(Map.of(bn.name() + "/gamma", new float[] {2, 0.5f}, bn.name() + "/beta", new float[] {1, -1},
          bn.name() + "/moving_mean", new float[] {0.5f, -2}, bn.name() + "/moving_variance", new float[] {4, 0.25f}));
      FloatNdArray y = rt.predictStep(Batch.ofInputs(List.of(TfModelRuntimeTest.floats(Shape.of(1, 2), 1.5f, 0))))
          .get(0);
      double eps = bn.epsilon();
      assertEquals(2 * (1.5 - 0.5) / Math.sqrt(4 + eps) + 1, y.getFloat(0, 0), 1e-5);
      assertEquals(0.5 * (0 + 2) / Math.sqrt(0.25 + eps) - 1, y.getFloat(0, 1), 1e-5);
    }
  }

  @Test
  void trainingWithDropoutAndBatchNormalizationIsReproducible() {
    List<float[]> a = train(3);
    List<float[]> b = train(3);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), "weight " + i);
    }
  }

  private static List<float[]> train(long seed) {
    SymbolicTensor x = Input.of(4);
    SymbolicTensor h = new Dropout(0.5).apply(new BatchNormalization().apply(new Dense(8).activation("relu").apply(x)));
    Model model = Model.of(x, new Dense(1).apply(h));
    Random r = new Random(1);
    Batch batch = new Batch(List.of(TfModelRuntimeTest.randomFloats(r, 32, 4)),
        List.of(TfModelRuntimeTest.randomFloats(r, 32, 1)), List.of());
    try (TfModelRuntime rt = TfModelRuntimeTest.create(model, Compile.optimizer("adam").loss("mse"),
        RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(seed))) {
      double first = rt.trainStep(batch).get("loss");
      for (int i = 0; i < 4; i++) {
        rt.trainStep(batch);
      }
      assertTrue(Double.isFinite(first));
      return new ArrayList<>(rt.getWeights().values());
    }
  }

  @Test
  void regularizersAreAddedToTheLoss() {
    SymbolicTensor x = Input.of(2);
    Dense d = new Dense(1).kernelRegularizer(new L2(0.1)).biasRegularizer(new L1(0.5));
    Model model = Model.of(x, d.apply(x));
    try (TfModelRuntime rt = TfModelRuntimeTest.create(model, Compile.optimizer(new SGD(0.1)).loss("mse"), OPTS)) {
      rt.setWeights(Map.of(d.name() + "/kernel", new float[] {1, -2}, d.name() + "/bias", new float[] {-0.5f}));
      FloatNdArray xs = TfModelRuntimeTest.floats(Shape.of(2, 2), 1, 0, 0, 1);
      FloatNdArray ys = TfModelRuntimeTest.floats(Shape.of(2, 1), 0, 0);
      double loss = rt.testStep(new Batch(List.of(xs), List.of(ys), List.of())).get("loss");
      double mse = (Math.pow(1 - 0.5, 2) + Math.pow(-2 - 0.5, 2)) / 2;
      assertEquals(mse + 0.1 * (1 + 4) + 0.5 * 0.5, loss, 1e-5);
    }
  }

  /**
   * Each constraint projects the weight the optimizer produced: the same SGD step on a model without constraints
   * (same initial weights, same batch) gives the unconstrained kernels, and the constrained model's kernels must be
   * Keras' projection of those (keras/src/constraints/constraints.py, epsilon 1e-7), not merely satisfy the
   * constraint (a constraint zeroing the kernel would).
   */
  @Test
  void constraintsProjectTheUnconstrainedUpdate() {
    Random r = new Random(3);
    Batch batch = new Batch(List.of(TfModelRuntimeTest.randomFloats(r, 8, 3)),
        List.of(TfModelRuntimeTest.randomFloats(r, 8, 2)), List.of());
    Map<String, float[]> initial;
    Map<String, float[]> free;
    try (TfModelRuntime rt = TfModelRuntimeTest.create(constrained(false), Compile.optimizer(new SGD(0.5))
        .loss("mse"), OPTS)) {
      initial = rt.getWeights();
      // Large columns, so that MaxNorm and MinMaxNorm have something to cut.
      float[] big = initial.get("capped/kernel").clone();
      for (int i = 0; i < big.length; i++) {
        big[i] = 0.6f * (i % 3 == 0 ? -1 : 1);
      }
      initial.put("capped/kernel", big);
      rt.setWeights(initial);
      rt.trainStep(batch);
      free = rt.getWeights();
    }
    try (TfModelRuntime rt = TfModelRuntimeTest.create(constrained(true), Compile.optimizer(new SGD(0.5))
        .loss("mse"), OPTS)) {
      rt.setWeights(initial);
      rt.trainStep(batch);
      Map<String, float[]> w = rt.getWeights();
      float[] pos = free.get("pos/kernel");
      assertTrue(min(pos) < 0, "the step made some NonNeg entries negative");
      float[] want = pos.clone();
      for (int i = 0; i < want.length; i++) {
        want[i] = Math.max(want[i], 0f);
      }
      assertArrayEquals(want, w.get("pos/kernel"), 1e-6f, "NonNeg: max(w, 0)");
      assertFalse(java.util.Arrays.equals(free.get("capped/kernel"),
          scaleColumns(free.get("capped/kernel"), 3, 2, n -> Math.min(n, 0.5))), "MaxNorm has columns to cut");
      assertArrayEquals(scaleColumns(free.get("capped/kernel"), 3, 2, n -> Math.min(n, 0.5)),
          w.get("capped/kernel"), 1e-6f, "MaxNorm(0.5): w · clip(n, 0, 0.5) / (ε + n)");
      assertArrayEquals(scaleColumns(free.get("unit/kernel"), 2, 2, n -> 1.0), w.get("unit/kernel"), 1e-6f,
          "UnitNorm: w / (ε + n)");
      assertArrayEquals(scaleColumns(free.get("minmax/kernel"), 2, 2, n -> 0.5 * Math.min(Math.max(n, 0.2), 0.6)
          + 0.5 * n), w.get("minmax/kernel"), 1e-6f, "MinMaxNorm(0.2, 0.6, rate 0.5)");
      // Unconstrained weights take the same step in both models.
      assertArrayEquals(free.get("pos/bias"), w.get("pos/bias"), 1e-6f);
    }
  }

  private static Model constrained(boolean withConstraints) {
    SymbolicTensor x = Input.of(3);
    Dense pos = new Dense(3).name("pos");
    Dense capped = new Dense(2).name("capped");
    Dense unit = new Dense(2).name("unit");
    Dense minmax = new Dense(2).name("minmax");
    if (withConstraints) {
      pos.kernelConstraint(new NonNeg());
      capped.kernelConstraint(new MaxNorm(0.5));
      unit.kernelConstraint(new io.jkeras.constraints.UnitNorm());
      minmax.kernelConstraint(new io.jkeras.constraints.MinMaxNorm(0.2, 0.6, 0.5));
    }
    return Model.of(x, minmax.apply(unit.apply(capped.apply(pos.apply(x)))));
  }

  /** Keras' norm constraints on a (rows, cols) kernel, axis 0: each column times desired(n) / (1e-7 + n). */
  private static float[] scaleColumns(float[] w, int rows, int cols,
      java.util.function.DoubleUnaryOperator desired) {
    float[] out = new float[w.length];
    for (int j = 0; j < cols; j++) {
      double n = 0;
      for (int i = 0; i < rows; i++) {
        n += (double) w[i * cols + j] * w[i * cols + j];
      }
      n = Math.sqrt(n);
      double scale = desired.applyAsDouble(n) / (1e-7 + n);
      for (int i = 0; i < rows; i++) {
        out[i * cols + j] = (float) (w[i * cols + j] * scale);
      }
    }
    return out;
  }

  private static float min(float[] v) {
    float m = Float.POSITIVE_INFINITY;
    for (float f : v) {
      m = Math.min(m, f);
    }
    return m;
  }

  @Test
  void activityRegularizationIsDividedByTheBatchSize() {
    SymbolicTensor x = Input.of(2);
    Dense d = new Dense(1).useBias(false).activityRegularizer(new L2(0.5));
    Model model = Model.of(x, d.apply(x));
    try (TfModelRuntime rt = TfModelRuntimeTest.create(model, Compile.optimizer(new SGD(0.1)).loss("mse"), OPTS)) {
      rt.setWeights(Map.of(d.name() + "/kernel", new float[] {1, 1}));
      FloatNdArray xs = TfModelRuntimeTest.floats(Shape.of(2, 2), 1, 2, 3, 0);
      FloatNdArray ys = TfModelRuntimeTest.floats(Shape.of(2, 1), 0, 0);
      double loss = rt.testStep(new Batch(List.of(xs), List.of(ys), List.of())).get("loss");
      assertEquals((9 + 9) / 2.0 + 0.5 * (9 + 9) / 2.0, loss, 1e-5);
    }
  }

  @Test
  void batchNormalizationOnABatchOfOneKeepsFiniteStatistics() {
    SymbolicTensor x = Input.of(3);
    BatchNormalization bn = new BatchNormalization().momentum(0.9);
    Model model = Model.of(x, new Dense(1).apply(bn.apply(x)));
    Random r = new Random(8);
    try (TfModelRuntime rt = TfModelRuntimeTest.create(model, Compile.optimizer(new SGD(0.01)).loss("mse"), OPTS)) {
      rt.trainStep(new Batch(List.of(TfModelRuntimeTest.randomFloats(r, 1, 3)),
          List.of(TfModelRuntimeTest.randomFloats(r, 1, 1)), List.of()));
      for (float v : rt.getWeights().get(bn.name() + "/moving_variance")) {
        assertEquals(0.9, v, 1e-6); // the variance of one example is 0
      }
    }
  }

  @Test
  void frozenBatchNormalizationRunsInInferenceMode() {
    SymbolicTensor x = Input.of(2);
    BatchNormalization bn = new BatchNormalization().trainable(false);
    Model model = Model.of(x, new Dense(1).apply(bn.apply(x)));
    Random r = new Random(2);
    Batch batch = new Batch(List.of(TfModelRuntimeTest.randomFloats(r, 8, 2)),
        List.of(TfModelRuntimeTest.randomFloats(r, 8, 1)), List.of());
    try (TfModelRuntime rt = TfModelRuntimeTest.create(model, Compile.optimizer(new SGD(0.1)).loss("mse"), OPTS)) {
      rt.resetMetrics();
      double test = rt.testStep(batch).get("loss");
      double train = rt.trainStep(batch).get("loss"); // the loss before this step's update
      assertEquals(test, train, 1e-6);
      Map<String, float[]> w = rt.getWeights();
      assertArrayEquals(new float[] {0, 0}, w.get(bn.name() + "/moving_mean"));
      assertArrayEquals(new float[] {1, 1}, w.get(bn.name() + "/moving_variance"));
    }
  }
}
