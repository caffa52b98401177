package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Dense;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Reshape;
import io.jkeras.samples.mnist.MnistData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.index.Indices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras mnist-lstm}: MNIST read as sequences, each image 28 time steps (rows) of 28 pixels, classified
 * by an LSTM: {@code Input(28, 28, 1) -> Reshape(28, 28) -> LSTM(128) -> Dense(10, softmax)} (81,674
 * parameters), compiled with adam, sparse_categorical_crossentropy and accuracy. Prints the summary, trains,
 * evaluates on the test images and ends with a {@code RESULT task=mnist-lstm ...} line.
 *
 * <pre>{@code
 * java -jar samples/target/jkeras-samples.jar mnist-lstm --epochs 3 --batch-size 64 --seed 1
 * }</pre>
 */
@Command(name = "mnist-lstm",
    header = "Classify MNIST with an LSTM over the 28 image rows; ends with a RESULT line.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Builds Input(28,28,1) -> Reshape(28,28) -> LSTM(128) -> Dense(10, softmax), compiles it (adam,"
            + " sparse_categorical_crossentropy, accuracy), prints its summary, trains it on the first --samples"
            + " MNIST training images and evaluates it on the first --test-samples test images.",
        "The last line reads: RESULT task=mnist-lstm epochs=E samples=N test_samples=M test_accuracy=..."
            + " test_loss=... train_seconds=... images_per_sec=..."})
public final class MnistLstmCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
      description = "Epochs to train, >= 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "60000",
      description = "Training images used (the first N), > 0 (default: ${DEFAULT-VALUE}, all of them).")
  int samples;

  @Option(names = "--test-samples", paramLabel = "N", defaultValue = "10000",
      description = "Test images evaluated (the first N), > 0 (default: ${DEFAULT-VALUE}, all of them).")
  int testSamples;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Images per training step, > 0 (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threads", paramLabel = "N",
      description = "TensorFlow threads within one op, >= 1 (default: TensorFlow's choice, one per core).")
  Integer threads;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory with the MNIST files (default: where Mnist.load() looks, data/mnist).")
  Path data;

  @Option(names = "--seed", paramLabel = "N",
      description = "Random seed for initial weights and shuffling (default: none, runs differ).")
  Long seed;

  /** The model: the images as 28 steps of 28 pixels through LSTM(128), then a softmax over the 10 digits. */
  public static Model build() {
    SymbolicTensor images = Input.of(28, 28, 1);
    SymbolicTensor rows = new Reshape(28, 28).apply(images); // (None, 28 timesteps, 28 pixels)
    SymbolicTensor h = new LSTM(128).apply(rows);
    SymbolicTensor probabilities = new Dense(10).activation("softmax").apply(h);
    return Model.of(images, probabilities).name("mnist_lstm");
  }

  /** adam, sparse_categorical_crossentropy, accuracy. */
  public static Compile compileArguments() {
    return Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy");
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  @Override
  public Integer call() throws IOException {
    check(epochs >= 1, "--epochs must be >= 1, got " + epochs);
    check(samples >= 1, "--samples must be > 0, got " + samples);
    check(testSamples >= 1, "--test-samples must be > 0, got " + testSamples);
    check(batchSize >= 1, "--batch-size must be > 0, got " + batchSize);
    check(threads == null || threads >= 1, "--threads must be >= 1, got " + threads);
    check(data == null || Files.isDirectory(data), "--data: directory '" + data + "' does not exist");
    TrainingApi api = main.api();
    PrintWriter out = spec.commandLine().getOut();
    if (seed != null) {
      api.setRandomSeed(seed);
    }
    MnistData mnist;
    try {
      mnist = api.loadMnist(Optional.ofNullable(data));
    } catch (IOException | IllegalArgumentException e) {
      throw new Main.BadInput("--data: " + e.getMessage(), e);
    }
    long n = Math.min(samples, mnist.trainSize());
    long m = Math.min(testSamples, mnist.testImages().shape().get(0));
    Model model = build();
    api.compile(model, MnistLstmCommand::compileArguments);
    if (threads != null) {
      api.intraOpThreads(model, threads);
    }
    out.print(model.summaryString());
    out.printf(Locale.ROOT, "Training on %,d MNIST images (28 rows of 28 pixels each) for %d epoch(s):%n", n,
        epochs);
    out.flush();
    FloatNdArray x = mnist.trainImages().slice(Indices.range(0, n));
    IntNdArray y = mnist.trainLabels().slice(Indices.range(0, n));
    long start = System.nanoTime();
    Map<String, List<Double>> history = api.fit(model, x, y, epochs, batchSize, 0.0);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> scores = api.evaluate(model, mnist.testImages().slice(Indices.range(0, m)),
        mnist.testLabels().slice(Indices.range(0, m)));
    List<Double> loss = history.get("loss");
    if (loss != null && !loss.isEmpty()) {
      out.printf(Locale.ROOT, "Final training loss %.4f%n", loss.get(loss.size() - 1));
    }
    out.println(String.format(Locale.ROOT,
        "RESULT task=mnist-lstm epochs=%d samples=%d test_samples=%d test_accuracy=%.4f test_loss=%.4f"
            + " train_seconds=%.1f images_per_sec=%.1f",
        epochs, n, m, scores.get("accuracy"), scores.get("loss"), seconds, epochs * n / seconds));
    out.flush();
    return 0;
  }
}
