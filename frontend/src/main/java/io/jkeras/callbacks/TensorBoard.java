package io.jkeras.callbacks;

import io.jkeras.backend.ModelRuntime;
import io.jkeras.backend.SummaryWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes TensorBoard logs, as Keras 3's {@code keras.callbacks.TensorBoard}, through the runtime's
 * {@link SummaryWriter} (TensorFlow's own summary ops). Supported arguments and defaults: {@code log_dir="logs"},
 * {@code histogram_freq=0}, {@code write_graph=True}, {@code update_freq="epoch"}.
 *
 * <p>Layout as in Keras: {@code logDir/train} gets {@code epoch_loss}, {@code epoch_accuracy}, ...,
 * {@code epoch_learning_rate} at step = epoch (0-based), the weight histograms ({@code <layer>/<weight>/histogram})
 * every {@code histogramFreq} epochs, and with {@code writeGraph} the model config (tag {@code keras}) and the
 * TF graph; {@code logDir/validation} gets {@code epoch_val...} values without the {@code val_} prefix
 * ({@code epoch_loss}, ...) and {@code evaluation_<name>_vs_iterations} at step = optimizer iterations. With
 * {@code updateFreq("batch")} or an integer n, {@code batch_<name>} is also written every n batches at step =
 * the global batch count (1-based).
 *
 * <pre>{@code
 * var tensorBoard = new TensorBoard(Path.of("logs/run1")).histogramFreq(1);
 * model.fit(x, y, Fit.epochs(5).validationSplit(0.1).callbacks(tensorBoard));
 * // then: tensorboard --logdir logs
 * }</pre>
 */
public class TensorBoard extends Callback {
  private final Path logDir;
  private int histogramFreq;
  private boolean writeGraph = true;
  private int updateFreq; // 0 = "epoch"

  private SummaryWriter trainWriter;
  private SummaryWriter valWriter;
  private long globalTrainBatch;
  private boolean shouldWriteTrainGraph;
  private boolean inFit;

  /** Logs under {@code logs}, as Keras' default. */
  public TensorBoard() {
    this(Path.of("logs"));
  }

  /** Logs under {@code logDir} ({@code train} and {@code validation} below it). */
  public TensorBoard(Path logDir) {
    this.logDir = Objects.requireNonNull(logDir, "logDir");
  }

  /** Logs under {@code logDir}. */
  public TensorBoard(String logDir) {
    this(Path.of(Objects.requireNonNull(logDir, "logDir")));
  }

  /** Write weight histograms every {@code n} epochs; 0 (default): never. */
  public TensorBoard histogramFreq(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("TensorBoard: histogram_freq must be >= 0, got " + n);
    }
    this.histogramFreq = n;
    return this;
  }

  /** Write the model and its TF graph (default true). */
  public TensorBoard writeGraph(boolean writeGraph) {
    this.writeGraph = writeGraph;
    return this;
  }

  /** {@code "epoch"} (default): epoch values only; {@code "batch"}: also every batch's running values. */
  public TensorBoard updateFreq(String freq) {
    if ("epoch".equals(freq)) {
      updateFreq = 0;
    } else if ("batch".equals(freq)) {
      updateFreq = 1;
    } else {
      throw new IllegalArgumentException(
          "TensorBoard: update_freq must be \"epoch\", \"batch\" or a number of batches, got \"" + freq + "\"");
    }
    return this;
  }

  /** Also write the running batch values every {@code batches} batches. */
  public TensorBoard updateFreq(int batches) {
    if (batches <= 0) {
      throw new IllegalArgumentException("TensorBoard: update_freq must be > 0 batches, got " + batches);
    }
    updateFreq = batches;
    return this;
  }

  public Path logDir() {
    return logDir;
  }

  public int histogramFreq() {
    return histogramFreq;
  }

  public boolean writeGraph() {
    return writeGraph;
  }

  /** {@code "epoch"}, {@code "batch"} or the number of batches. */
  public String updateFreq() {
    return updateFreq == 0 ? "epoch" : updateFreq == 1 ? "batch" : Integer.toString(updateFreq);
  }

  private SummaryWriter trainWriter() {
    if (trainWriter == null) {
      trainWriter = chief() ? runtime().createSummaryWriter(logDir.resolve("train")) : NOT_CHIEF;
    }
    return trainWriter;
  }

  private SummaryWriter valWriter() {
    if (valWriter == null) {
      valWriter = chief() ? runtime().createSummaryWriter(logDir.resolve("validation")) : NOT_CHIEF;
    }
    return valWriter;
  }

  /** Whether this process writes: a distributed job's event files are the chief's, as in Keras. */
  private boolean chief() {
    return model().distributeStrategy().map(io.jkeras.distribute.Strategy::isChief).orElse(true);
  }

  /** What the other workers of a distributed job write: nothing. */
  private static final SummaryWriter NOT_CHIEF = new SummaryWriter() {
    @Override
    public void scalar(String tag, double value, long step) {}

    @Override
    public void histogram(String tag, float[] values, long step) {}

    @Override
    public void graph(long step) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private ModelRuntime runtime() {
    return model().runtime();
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    inFit = true;
    globalTrainBatch = 0;
    shouldWriteTrainGraph = false;
    if (writeGraph) {
      String json = null;
      try {
        json = model().toJson();
      } catch (RuntimeException e) {
        // As Keras' keras_model_summary: a model that cannot be serialized is skipped with a warning.
        System.getLogger(TensorBoard.class.getName()).log(System.Logger.Level.WARNING,
            "Model failed to serialize as JSON. Ignoring... {0}", e.getMessage());
      }
      if (json != null) {
        trainWriter().kerasModel(json, 0);
      }
      shouldWriteTrainGraph = true;
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    inFit = false;
    closeWriters();
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    globalTrainBatch++;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (shouldWriteTrainGraph) {
      // As Keras: the train graph is written once the first step has run.
      trainWriter().graph(0);
      shouldWriteTrainGraph = false;
    }
    if (updateFreq > 0 && globalTrainBatch % updateFreq == 0 && logs != null) {
      SummaryWriter w = trainWriter();
      logs.forEach((name, value) -> w.scalar("batch_" + name, value, globalTrainBatch));
    }
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (logs != null && model().isCompiled()) {
      SummaryWriter w = valWriter();
      long iterations = runtime().iterations();
      logs.forEach((name, value) -> w.scalar("evaluation_" + name + "_vs_iterations", value, iterations));
      w.flush();
    }
    if (!inFit) {
      // evaluate(...) alone has no train end: free the writers here.
      closeWriters();
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (logs != null && !logs.isEmpty()) {
      Map<String, Double> train = new LinkedHashMap<>();
      Map<String, Double> val = new LinkedHashMap<>();
      logs.forEach((k, v) -> {
        if (k.startsWith("val_")) {
          val.put(k.substring(4), v);
        } else {
          train.put(k, v);
        }
      });
      double lr = runtime().learningRate();
      if (!Double.isNaN(lr)) {
        train.put("learning_rate", lr);
      }
      if (!train.isEmpty()) {
        SummaryWriter w = trainWriter();
        train.forEach((name, value) -> w.scalar("epoch_" + name, value, epoch));
        w.flush();
      }
      if (!val.isEmpty()) {
        SummaryWriter w = valWriter();
        val.forEach((name, value) -> w.scalar("epoch_" + name, value, epoch));
        w.flush();
      }
    }
    if (histogramFreq > 0 && epoch % histogramFreq == 0) {
      SummaryWriter w = trainWriter();
      // Keras names the tag by weight.name ("kernel"); the full path keeps the layers apart.
      runtime().getWeights().forEach((path, values) -> w.histogram(path + "/histogram", values, epoch));
      w.flush();
    }
  }

  private void closeWriters() {
    try {
      if (trainWriter != null) {
        trainWriter.close();
      }
    } finally {
      trainWriter = null;
      try {
        if (valWriter != null) {
          valWriter.close();
        }
      } finally {
        valWriter = null;
      }
    }
  }
}
