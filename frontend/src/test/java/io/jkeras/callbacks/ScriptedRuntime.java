package io.jkeras.callbacks;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Batch;
import io.jkeras.backend.CompileConfig;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.backend.SummaryWriter;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * A pure-Java runtime whose logs follow a script, to drive callbacks without natives: the n-th train step
 * returns {@code loss = trainLoss[n]} (and {@code accuracy = 1 - loss}), the n-th test step
 * {@code loss = valLoss[n]}. The only weight, {@code dense/kernel}, holds the number of train steps run, so the
 * weights tell which step they come from. The learning rate can be set and is recorded at every train step.
 */
final class ScriptedRuntime implements ModelRuntime {
  /** Makes ScriptedRuntimes over the scripts given and keeps the last one. */
  static final class ScriptedBackend implements Backend {
    final double[] trainLoss;
    final double[] valLoss;
    ScriptedRuntime last;

    ScriptedBackend(double[] trainLoss, double[] valLoss) {
      this.trainLoss = trainLoss;
      this.valLoss = valLoss;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public ModelRuntime create(Model model, CompileConfig compile, RuntimeOptions options) {
      last = new ScriptedRuntime(trainLoss, valLoss, compile.optimizer().learningRate());
      return last;
    }
  }

  /** A writer that records every call as text, for the TensorBoard callback's logic. */
  static final class RecordingWriter implements SummaryWriter {
    final Path dir;
    final List<String> events = new ArrayList<>();
    final Map<String, Double> scalars = new LinkedHashMap<>();
    boolean closed;

    RecordingWriter(Path dir) {
      this.dir = dir;
    }

    @Override
    public void scalar(String tag, double value, long step) {
      events.add("scalar " + tag + "@" + step);
      scalars.put(tag + "@" + step, value);
    }

    @Override
    public void histogram(String tag, float[] values, long step) {
      events.add("histogram " + tag + "@" + step + " n=" + values.length);
    }

    @Override
    public void graph(long step) {
      events.add("graph@" + step);
    }

    @Override
    public void kerasModel(String modelJson, long step) {
      events.add("keras@" + step);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      closed = true;
    }
  }

  private final double[] trainLoss;
  private final double[] valLoss;
  private double lr;
  private float kernel;
  int trainSteps;
  int testSteps;
  final List<Double> lrAtStep = new ArrayList<>();
  final List<RecordingWriter> writers = new ArrayList<>();

  ScriptedRuntime(double[] trainLoss, double[] valLoss, double lr) {
    this.trainLoss = trainLoss;
    this.valLoss = valLoss;
    this.lr = lr;
  }

  /** A one-Dense model on the scripted backend, compiled with SGD(lr) and mse. */
  static Model model(ScriptedBackend backend, double lr) {
    SymbolicTensor in = Input.of(1);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.backend(backend);
    m.compile(Compile.optimizer(new SGD(lr)).loss("mse"));
    return m;
  }

  /** n examples of one feature (the ids 0..n-1). */
  static float[][] data(int n) {
    float[][] x = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
    }
    return x;
  }

  @Override
  public Map<String, Double> trainStep(Batch batch) {
    double loss = trainLoss[trainSteps];
    trainSteps++;
    kernel = trainSteps;
    lrAtStep.add(lr);
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", loss);
    logs.put("accuracy", 1 - loss);
    return logs;
  }

  @Override
  public Map<String, Double> testStep(Batch batch) {
    double loss = valLoss[testSteps];
    testSteps++;
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", loss);
    logs.put("accuracy", 1 - loss);
    return logs;
  }

  @Override
  public List<FloatNdArray> predictStep(Batch batch) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void resetMetrics() {}

  @Override
  public Map<String, float[]> getWeights() {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put("dense/kernel", new float[] {kernel});
    m.put("dense/bias", new float[] {0f});
    return m;
  }

  @Override
  public void setWeights(Map<String, float[]> weights) {
    kernel = weights.get("dense/kernel")[0];
  }

  float kernel() {
    return kernel;
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double learningRate) {
    lr = learningRate;
  }

  @Override
  public long iterations() {
    return trainSteps;
  }

  @Override
  public SummaryWriter createSummaryWriter(Path dir) {
    RecordingWriter w = new RecordingWriter(dir);
    writers.add(w);
    return w;
  }

  @Override
  public void close() {}
}
