package io.jkeras.training;

import io.jkeras.Model;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Batch;
import io.jkeras.backend.CompileConfig;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.losses.Loss;
import io.jkeras.metrics.Metric;
import io.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A pure-Java runtime for tests. Inputs are (N, 1) with x[i] = example id. It records every batch (ids,
 * targets, weights) and returns deterministic running logs since the last reset, in an unsorted order:
 * {@code loss} = mean of the ids seen, {@code count} = examples seen. It also trains y = w*x + b with plain
 * SGD on the weighted mean squared error of the first output, to show that steps change the state.
 * Prediction returns 2*x for every output.
 */
final class FakeRuntime implements ModelRuntime {
  /** A backend that makes FakeRuntimes and keeps the last one. */
  static final class FakeBackend implements Backend {
    FakeRuntime last;
    RuntimeOptions lastOptions;
    CompileConfig lastCompile;
    int created;

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public ModelRuntime create(Model model, CompileConfig compile, RuntimeOptions options) {
      created++;
      lastOptions = options;
      lastCompile = compile;
      last = new FakeRuntime(model.outputNames().size(),
          compile == null ? 0.1 : compile.optimizer().learningRate());
      return last;
    }
  }

  /** A test optimizer: the fake runtime reads its learning rate. */
  static final class TestSgd extends Optimizer {
    TestSgd(double lr) {
      super(lr);
    }
  }

  /** A test loss. */
  record TestMse() implements Loss {
    @Override
    public String name() {
      return "mean_squared_error";
    }

    @Override
    public String className() {
      return "MeanSquaredError";
    }

    @Override
    public Map<String, Object> getConfig() {
      return Map.of();
    }
  }

  /** A test metric. */
  record TestMetric(String name) implements Metric {
    @Override
    public String className() {
      return "TestMetric";
    }

    @Override
    public Map<String, Object> getConfig() {
      return Map.of("name", name);
    }
  }

  final List<List<Integer>> trainBatches = new ArrayList<>();
  final List<List<Integer>> testBatches = new ArrayList<>();
  final List<List<Integer>> predictBatches = new ArrayList<>();
  final List<Batch> trainBatchObjects = new ArrayList<>();
  final List<String> events = new ArrayList<>();
  private final int outputs;
  private final double lr;
  double w;
  double b;
  private double sum;
  private long count;
  private long iterations;
  /**
   * Optimizer state for save/load tests, named as the TF runtime names SGD's momentum slots (Keras 3 saves SGD
   * with momentum this way): running sums of the kernel's and the bias' gradients (not used by the update).
   */
  double velocity;
  double velocityBias;
  boolean closed;

  FakeRuntime(int outputs, double lr) {
    this.outputs = outputs;
    this.lr = lr;
  }

  static List<Integer> ids(Batch batch) {
    FloatNdArray x = (FloatNdArray) batch.inputs().get(0);
    List<Integer> ids = new ArrayList<>();
    for (long i = 0; i < x.shape().get(0); i++) {
      ids.add((int) x.get(i).scalars().iterator().next().getFloat());
    }
    return ids;
  }

  private Map<String, Double> accumulate(List<Integer> ids) {
    for (int id : ids) {
      sum += id;
      count++;
    }
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", sum / count);
    logs.put("count", (double) count);
    return logs;
  }

  @Override
  public Map<String, Double> trainStep(Batch batch) {
    check();
    List<Integer> ids = ids(batch);
    trainBatches.add(ids);
    trainBatchObjects.add(batch);
    events.add("train");
    sgd(batch);
    iterations++;
    return accumulate(ids);
  }

  private void sgd(Batch batch) {
    NdArray<?> t = batch.targets().get(0);
    FloatNdArray x = (FloatNdArray) batch.inputs().get(0);
    if (!(t instanceof FloatNdArray y) || x.rank() != 2) {
      return;
    }
    FloatNdArray sw = batch.sampleWeights().isEmpty() ? null : batch.sampleWeights().get(0);
    long n = x.shape().get(0);
    double gw = 0;
    double gb = 0;
    for (long i = 0; i < n; i++) {
      double xi = x.getFloat(i, 0);
      double err = w * xi + b - y.getFloat(i, 0);
      double wi = sw == null ? 1 : sw.getFloat(i);
      gw += 2 * err * xi * wi / n;
      gb += 2 * err * wi / n;
    }
    w -= lr * gw;
    b -= lr * gb;
    velocity = 0.9 * velocity + gw;
    velocityBias = 0.9 * velocityBias + gb;
  }

  @Override
  public Map<String, Double> testStep(Batch batch) {
    check();
    List<Integer> ids = ids(batch);
    testBatches.add(ids);
    events.add("test");
    return accumulate(ids);
  }

  @Override
  public List<FloatNdArray> predictStep(Batch batch) {
    check();
    predictBatches.add(ids(batch));
    FloatNdArray x = (FloatNdArray) batch.inputs().get(0);
    long n = x.shape().get(0);
    List<FloatNdArray> out = new ArrayList<>();
    for (int o = 0; o < outputs; o++) {
      FloatNdArray y = NdArrays.ofFloats(Shape.of(n, 1));
      for (long i = 0; i < n; i++) {
        y.setFloat(2 * x.getFloat(i, 0) + o, i, 0);
      }
      out.add(y);
    }
    return out;
  }

  @Override
  public void resetMetrics() {
    check();
    events.add("reset");
    sum = 0;
    count = 0;
  }

  @Override
  public Map<String, float[]> getWeights() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("dense/kernel", new float[] {(float) w});
    m.put("dense/bias", new float[] {(float) b});
    return m;
  }

  @Override
  public void setWeights(Map<String, float[]> weights) {
    w = weights.get("dense/kernel")[0];
    b = weights.get("dense/bias")[0];
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double learningRate) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long iterations() {
    return iterations;
  }

  @Override
  public void setIterations(long iterations) {
    this.iterations = iterations;
  }

  @Override
  public Map<String, float[]> getOptimizerState() {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    out.put("sgd/dense_kernel_momentum", new float[] {(float) velocity});
    out.put("sgd/dense_bias_momentum", new float[] {(float) velocityBias});
    return out;
  }

  @Override
  public void setOptimizerState(Map<String, float[]> state) {
    if (state.containsKey("sgd/dense_kernel_momentum")) {
      velocity = state.get("sgd/dense_kernel_momentum")[0];
    }
    if (state.containsKey("sgd/dense_bias_momentum")) {
      velocityBias = state.get("sgd/dense_bias_momentum")[0];
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
  }
}
