package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Dense;
import io.jkeras.ops.Ops;
import java.util.List;
import java.util.Random;
import io.jkeras.layers.Lambda;
import io.jkeras.layers.LayerRegistry;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.tf.SavedModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Layers written in ops: the same numbers as the built-in lowerings, gradients, addLoss. */
class OpsLayerTest {

  /** Keras' Dense written in ops: {@code relu(x @ kernel + bias)}. */
  static final class OpsDense extends BaseLayer<OpsDense> {
    private final int units;
    private Variable kernel;
    private Variable bias;

    OpsDense(int units) {
      this.units = units;
    }

    @Override
    protected void build(Shape in) {
      kernel = addWeight("kernel", Shape.of(in.get(in.numDimensions() - 1), units), "glorot_uniform", true);
      bias = addWeight("bias", Shape.of(units), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.relu(Ops.add(Ops.matmul(x, kernel), bias));
    }
  }

  static FloatNdArray random(Random r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) r.nextGaussian()));
    return a;
  }

  @Test
  void opsDenseHasTheBuiltInShapeAndParams() {
    SymbolicTensor x = Input.of(5);
    OpsDense d = new OpsDense(3);
    SymbolicTensor y = d.apply(x);
    assertEquals(List.of(-1L, 3L), java.util.Arrays.stream(y.shape().asArray()).boxed().toList());
    assertEquals(18, d.countParams());
    assertEquals(List.of("kernel", "bias"), d.weights().stream().map(Variable::name).toList());
  }

  @Test
  void opsDenseTrainsAsTheBuiltInDense() {
    Random r = new Random(3);
    FloatNdArray x = random(r, 16, 5);
    FloatNdArray y = random(r, 16, 2);
    double[][] losses = new double[2][10];
    FloatNdArray[] predictions = new FloatNdArray[2];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in = Input.of(5);
      SymbolicTensor h = k == 0 ? new OpsDense(4).apply(in) : new Dense(4).activation("relu").apply(in);
      Model m = Model.of(in, new Dense(2).apply(h));
      m.runtimeOptions(RuntimeOptions.defaults().seed(1).intraOpThreads(1).interOpThreads(1));
      m.compile(Compile.optimizer("adam").loss("mse"));
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      for (int s = 0; s < 10; s++) {
        losses[k][s] = m.trainOnBatch(x, y).get("loss");
      }
      predictions[k] = m.predict(x);
    }
    assertTrue(losses[0][9] < losses[0][0], "learns");
    for (int s = 0; s < 10; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-6 * Math.abs(losses[1][s]), "step " + s);
    }
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(predictions[1].getFloat(i, j), predictions[0].getFloat(i, j), 1e-6);
      }
    }
  }

  @Test
  void opsDenseGradientMatchesFiniteDifferences() {
    SymbolicTensor in = Input.of(5);
    Model m = Model.of(in, new OpsDense(3).apply(in));
    try (GradientCheck g = new GradientCheck(m, 3, false, 11)) {
      g.check(40, 1e-2, 2e-2);
    }
  }

  /** An identity layer that adds {@code rate * sum(x^2)} to the model's loss (Keras' activity-regularization example). */
  static final class ActivityRegularization extends BaseLayer<ActivityRegularization> {
    private final double rate;

    ActivityRegularization(double rate) {
      this.rate = rate;
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      addLoss(Ops.multiply(Ops.sum(Ops.square(x)), rate));
      return x;
    }
  }

  private static double mse(FloatNdArray p, FloatNdArray y) {
    double s = 0;
    long n = p.size();
    for (long i = 0; i < p.shape().get(0); i++) {
      for (long j = 0; j < p.shape().get(1); j++) {
        double d = p.getFloat(i, j) - y.getFloat(i, j);
        s += d * d;
      }
    }
    return s / n;
  }

  @Test
  void addLossJoinsTheTrainingAndTheEvaluationLoss() {
    Random r = new Random(5);
    FloatNdArray x = random(r, 8, 3);
    FloatNdArray y = random(r, 8, 2);
    SymbolicTensor in = Input.of(3);
    Model m = Model.of(in, new Dense(2).apply(new ActivityRegularization(0.01).apply(in)));
    m.compile(Compile.optimizer("sgd").loss("mse"));
    double penalty = 0;
    for (long i = 0; i < 8; i++) {
      for (long j = 0; j < 3; j++) {
        penalty += 0.01 * x.getFloat(i, j) * x.getFloat(i, j);
      }
    }
    double expected = mse(m.predict(x), y) + penalty;
    assertEquals(expected, m.evaluate(x, y).get("loss"), 1e-5 * expected);
    assertEquals(expected, m.trainOnBatch(x, y).get("loss"), 1e-5 * expected, "the step's loss before its update");
  }

  @Test
  void customLossInOpsEqualsTheBuiltInMse() {
    Random r = new Random(9);
    FloatNdArray x = random(r, 12, 4);
    FloatNdArray y = random(r, 12, 1);
    Loss myMse = Loss.of("my_mse", (t, p) -> Ops.mean(Ops.square(Ops.subtract(t, p)), -1));
    double[][] losses = new double[2][6];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in = Input.of(4);
      Model m = Model.of(in, new Dense(1).apply(new Dense(8).activation("tanh").apply(in)));
      m.runtimeOptions(RuntimeOptions.defaults().seed(2));
      m.compile(Compile.optimizer("adam").loss(k == 0 ? myMse : Losses.get("mse")).metrics("mae"));
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      for (int s = 0; s < 6; s++) {
        losses[k][s] = m.trainOnBatch(x, y).get("loss");
      }
    }
    for (int s = 0; s < 6; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-6 * losses[1][s], "step " + s);
    }
  }

  @Test
  void lambdaComputesItsFunction() {
    Random r = new Random(4);
    FloatNdArray x = random(r, 5, 3);
    SymbolicTensor in = Input.of(3);
    Model m = Model.of(in, new Lambda(t -> Ops.sum(Ops.square(t), false, -1)).apply(in));
    FloatNdArray p = m.predict(x);
    for (int i = 0; i < 5; i++) {
      double s = 0;
      for (int j = 0; j < 3; j++) {
        s += x.getFloat(i, j) * x.getFloat(i, j);
      }
      assertEquals(s, p.getFloat(i), 1e-5);
    }
  }

  /** Dense written in ops as a registered class, inside a block with a built-in sublayer. */
  public static final class Block extends BaseLayer<Block> {
    private final int units;
    private final Dense inner;
    private final OpsDense outer;

    public Block(int units) {
      this.units = units;
      this.inner = new Dense(units).activation("tanh");
      this.outer = new OpsDense(units);
    }

    public static Block fromConfig(Map<String, ?> c) {
      Block b = new Block(((Number) c.get("units")).intValue());
      b.name((String) c.get("name"));
      return b;
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x, boolean training) {
      SymbolicTensor h = inner.apply(x);
      return Ops.add(outer.apply(h), training ? Ops.multiply(h, 0.0) : h);
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("units", units);
      return c;
    }
  }

  @Test
  void aRegisteredCustomBlockSurvivesSaveLoadAndExport(@TempDir Path dir) throws Exception {
    LayerRegistry.registerSerializable("ops_test", Block.class, Block::fromConfig);
    Random r = new Random(8);
    FloatNdArray x = random(r, 6, 4);
    FloatNdArray y = random(r, 6, 3);
    SymbolicTensor in = Input.of(4);
    Model m = Model.of(in, new Block(3).apply(in));
    m.compile(Compile.optimizer("adam").loss("mse"));
    m.trainOnBatch(x, y);
    FloatNdArray before = m.predict(x);
    m.save(dir.resolve("block.keras"));
    Model back = Model.load(dir.resolve("block.keras"));
    FloatNdArray after = back.predict(x);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(before.getFloat(i, j), after.getFloat(i, j), 0f);
      }
    }
    assertEquals(m.trainOnBatch(x, y).get("loss"), back.trainOnBatch(x, y).get("loss"), 1e-7,
        "the next step continues the same");
    m.export(dir.resolve("export"));
    try (SavedModel sm = SavedModel.load(dir.resolve("export"))) {
      FloatNdArray served = sm.predict(x);
      FloatNdArray now = m.predict(x);
      for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 3; j++) {
          assertEquals(now.getFloat(i, j), served.getFloat(i, j), 1e-6);
        }
      }
    }
  }

  /** {@code relu(conv(x, k) + b)} in ops: BiasAdd and, in training, TF's fused op as the built-in Conv2D. */
  static final class OpsConv extends BaseLayer<OpsConv> {
    private Variable kernel;
    private Variable bias;

    @Override
    protected void build(Shape in) {
      kernel = addWeight("kernel", Shape.of(3, 3, in.get(3), 4), "glorot_uniform", true);
      bias = addWeight("bias", Shape.of(4), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.relu(Ops.add(Ops.conv(x, kernel), bias));
    }
  }

  @Test
  void opsConvBiasReluFusesAsTheBuiltInConv2D() {
    Random r = new Random(17);
    FloatNdArray x = random(r, 8, 6, 6, 2);
    FloatNdArray y = random(r, 8, 1);
    io.jkeras.backend.Batch batch = new io.jkeras.backend.Batch(List.of(x), List.of(y), List.of());
    double[][] losses = new double[2][6];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in = Input.of(6, 6, 2);
      SymbolicTensor h = k == 0 ? new OpsConv().apply(in)
          : new io.jkeras.layers.Conv2D(4, 3).activation("relu").apply(in);
      Model m = Model.of(in, new Dense(1).apply(new io.jkeras.layers.Flatten().apply(h)));
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      RuntimeOptions o = RuntimeOptions.defaults().seed(3).intraOpThreads(1).interOpThreads(1);
      try (TfModelRuntime rt = TfModelRuntimeTest.create(m, Compile.optimizer("adam").loss("mse"), o)) {
        assertEquals(1, GradientCheck.countOps(rt.graph(), "_FusedConv2D"), "the training pass fuses");
        rt.setWeights(toMap(m, weights));
        for (int s = 0; s < 6; s++) {
          losses[k][s] = rt.trainStep(batch).get("loss");
        }
      }
    }
    for (int s = 0; s < 6; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-5 * losses[1][s] + 1e-7, "step " + s);
    }
  }

  private static Map<String, float[]> toMap(Model m, List<FloatNdArray> values) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      FloatNdArray v = values.get(i);
      float[] a = new float[(int) v.size()];
      int[] c = {0};
      v.scalars().forEach(e -> a[c[0]++] = e.getFloat());
      out.put(m.weights().get(i).path(), a);
    }
    return out;
  }

  /** A masked mean over time in ops, as GlobalAveragePooling1D with a mask; and a mask-passing scale. */
  static final class MaskedMean extends BaseLayer<MaskedMean> {
    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      SymbolicTensor m = Ops.cast(maskOf(x).orElseThrow(), io.jkeras.DType.FLOAT32);
      return Ops.divide(Ops.sum(Ops.multiply(x, Ops.expandDims(m, -1)), 1), Ops.expandDims(Ops.sum(m, 1), -1));
    }
  }

  static final class Twice extends BaseLayer<Twice> {
    @Override
    public boolean supportsMasking() {
      return true;
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.multiply(x, 2.0);
    }
  }

  @Test
  void masksReachLayersWrittenInOps() {
    org.tensorflow.ndarray.IntNdArray ids = NdArrays.ofInts(Shape.of(3, 5));
    int[][] rows = {{1, 2, 0, 0, 0}, {3, 4, 5, 6, 0}, {7, 1, 2, 3, 4}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 5; j++) {
        ids.setInt(rows[i][j], i, j);
      }
    }
    FloatNdArray[] p = new FloatNdArray[2];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in = Input.builder(5).dtype(io.jkeras.DType.INT32).build();
      SymbolicTensor e = new io.jkeras.layers.Embedding(8, 3).maskZero(true).apply(in);
      SymbolicTensor twice = k == 0 ? new Twice().apply(e) : new io.jkeras.layers.Rescaling(2.0, 0.0).apply(e);
      assertTrue(k == 1 || twice.hasMask(), "a layer that supports masking passes the mask on");
      SymbolicTensor pooled = k == 0 ? new MaskedMean().apply(twice)
          : new io.jkeras.layers.GlobalAveragePooling1D().apply(new Twice().apply(e));
      Model m = Model.of(in, pooled);
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      p[k] = m.predict(ids);
    }
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(p[1].getFloat(i, j), p[0].getFloat(i, j), 1e-6);
      }
    }
  }
}
