package io.jkeras.samples;

import com.google.common.base.Stopwatch;
import io.jkeras.Model;
import io.jkeras.samples.mnist.MnistData;
import io.jkeras.samples.mnist.MnistJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * {@code jkeras resnet-mini}: trains {@link ResNetMini} (Conv2D + BatchNormalization + ReLU blocks with Add skip
 * connections) on MNIST, evaluates it on the 10,000 test images and ends with a {@code RESULT} line.
 */
@Command(name = "resnet-mini",
    header = "Train a small residual network (Conv2D/BatchNormalization/ReLU blocks, Add skips) on MNIST.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Builds a small ResNet (stem and one residual block at 14x14x16, a strided conv and one block at 7x7x32,"
            + " GlobalAveragePooling2D, Dense(10, softmax)), prints its summary, trains it on the first --samples"
            + " MNIST training images (adam, sparse_categorical_crossentropy, accuracy; 10 %% of them validate)"
            + " and evaluates it on the 10,000 test images (or the first --test-images).",
        "The last line reads: RESULT task=mnist-resnet-mini epochs=E samples=N params=P test_accuracy=..."
            + " test_loss=... train_seconds=... images_per_sec=..."})
public final class ResNetMiniCommand implements Callable<Integer> {
  /** Keras' validation_split of the run: the last 10 % of the training images validate. */
  static final double VALIDATION_SPLIT = 0.1;

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
      description = "Epochs to train, >= 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "60000",
      description = "Training images used (the first N of the 60,000), > 0 (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Images per training step, > 0 (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--test-images", paramLabel = "N", defaultValue = "10000",
      description = "Test images evaluated (the first N of the 10,000), > 0 (default: ${DEFAULT-VALUE}).")
  int testImages;

  @Option(names = "--seed", paramLabel = "N",
      description = "Random seed for initial weights, shuffling and dropout (default: none, runs differ).")
  Long seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "TensorFlow threads within one op, >= 1 (default: TensorFlow's choice, one per core).")
  Integer threads;

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws IOException {
    if (epochs < 1) {
      throw bad("--epochs must be >= 1, got " + epochs);
    }
    if (samples < 1) {
      throw bad("--samples must be > 0, got " + samples);
    }
    if (batchSize < 1) {
      throw bad("--batch-size must be > 0, got " + batchSize);
    }
    if (testImages < 1) {
      throw bad("--test-images must be > 0, got " + testImages);
    }
    if (threads != null && threads < 1) {
      throw bad("--threads must be >= 1, got " + threads);
    }
    PrintWriter out = spec.commandLine().getOut();
    TrainingApi api = main.api();
    if (seed != null) {
      api.setRandomSeed(seed);
    }
    MnistData data;
    try {
      data = api.loadMnist(Optional.empty());
    } catch (IOException | IllegalArgumentException e) {
      throw new Main.BadInput("MNIST: " + e.getMessage(), e);
    }
    long n = Math.min(samples, data.trainSize());
    FloatNdArray x = data.trainImages().slice(Indices.range(0, n));
    IntNdArray y = data.trainLabels().slice(Indices.range(0, n));

    Model model = ResNetMini.build();
    api.compile(model, ResNetMini::compileArguments);
    if (threads != null) {
      api.intraOpThreads(model, threads);
    }
    out.print(model.summaryString());
    out.printf(Locale.ROOT, "Training on %,d MNIST images (%,d validate) for %d epoch(s), batch size %d:%n", n,
        n - MnistJob.trainedImagesPerEpoch(n, VALIDATION_SPLIT), epochs, batchSize);
    out.flush();

    Stopwatch training = Stopwatch.createStarted();
    Map<String, List<Double>> history = api.fit(model, x, y, epochs, batchSize, VALIDATION_SPLIT);
    double trainSeconds = training.elapsed(TimeUnit.NANOSECONDS) / 1e9;
    double imagesPerSec = epochs * (double) MnistJob.trainedImagesPerEpoch(n, VALIDATION_SPLIT) / trainSeconds;

    long t = Math.min(testImages, data.testImages().shape().get(0));
    Map<String, Double> scores = api.evaluate(model, data.testImages().slice(Indices.range(0, t)),
        data.testLabels().slice(Indices.range(0, t)));
    Double loss = scores.get("loss");
    Double accuracy = scores.get("accuracy");
    if (loss == null || accuracy == null) {
      throw new IllegalStateException("model.evaluate returned no loss or accuracy; it returned " + scores.keySet());
    }
    out.printf(Locale.ROOT, "History: %s%n", history);
    out.printf(Locale.ROOT, "Test on %,d images: loss %.4f, accuracy %.4f%n", t, loss, accuracy);
    out.println(resultLine(epochs, n, model.countParams(), accuracy, loss, trainSeconds, imagesPerSec));
    out.flush();
    return 0;
  }

  /**
   * {@code RESULT task=mnist-resnet-mini epochs=3 samples=60000 params=28698 test_accuracy=0.9900
   * test_loss=0.0310 train_seconds=300.1 images_per_sec=540.0}.
   */
  static String resultLine(int epochs, long samples, long params, double accuracy, double loss, double seconds,
      double imagesPerSec) {
    return String.format(Locale.ROOT, "RESULT task=mnist-resnet-mini epochs=%d samples=%d params=%d"
        + " test_accuracy=%.4f test_loss=%.4f train_seconds=%.1f images_per_sec=%.1f", epochs, samples, params,
        accuracy, loss, seconds, imagesPerSec);
  }
}
