package io.jkeras.samples.mnist;

import io.jkeras.samples.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jkeras mnist}: the main job, see {@link MnistJob}. */
@Command(name = "mnist",
    header = "Train the seed CNN on MNIST, evaluate, export; ends with a RESULT line (the main job).",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Trains the seed CNN on MNIST (adam, sparse_categorical_crossentropy, accuracy; 10 %% of the training"
            + " images validate), evaluates it on the 10,000 test images, writes history.csv and history.png,"
            + " exports a SavedModel, reloads it and predicts 10 test images.",
        "The last line reads: RESULT task=mnist-cnn epochs=E test_accuracy=... test_loss=... train_seconds=..."
            + " images_per_sec=... reload_max_abs_diff=... export=DIR"})
public class MnistCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
      description = "Epochs to train, >= 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Images per training step, > 0 (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--validation-split", paramLabel = "F", defaultValue = "0.1",
      description = "Fraction of the training images (the last ones) kept to validate, in [0, 1)"
          + " (default: ${DEFAULT-VALUE}); 0 trains on all 60,000.")
  double validationSplit;

  @Option(names = "--threads", paramLabel = "N",
      description = "TensorFlow threads within one op, >= 1 (default: TensorFlow's choice, one per core).")
  Integer threads;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory with the MNIST files (default: where Mnist.load() looks, data/mnist).")
  Path data;

  @Option(names = "--export", paramLabel = "DIR", defaultValue = "target/mnist-savedmodel",
      description = "Where the SavedModel goes (default: ${DEFAULT-VALUE}).")
  Path export;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/mnist",
      description = "Where history.csv and history.png go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--seed", paramLabel = "N",
      description = "Random seed for initial weights and shuffling (default: none, runs differ).")
  Long seed;

  @Option(names = "--speed", paramLabel = "LIST", split = ",",
      description = "Speed switches of the runtime, comma-separated: no-remapper, bf16 (Keras' mixed_bfloat16"
          + " policy), no-spin, xla (docs/PERFORMANCE.md measures each; fastest here: bf16,no-spin; default: none).")
  List<String> speed = new java.util.ArrayList<>();

  @Option(names = "--workers", paramLabel = "N",
      description = "Train with N worker processes on this machine (MultiWorkerMirroredStrategy over 127.0.0.1;"
          + " this process is the chief, N-1 more are started and ended; --batch-size is the global batch);"
          + " adds workers=N to the RESULT line (docs/DISTRIBUTED.md).")
  Integer workers;

  /** The options, checked; bad values throw a {@link ParameterException} (exit status 2, one line). */
  public MnistJob.Options validated() {
    if (epochs < 1) {
      throw bad("--epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw bad("--batch-size must be > 0, got " + batchSize);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw bad("--validation-split must be in [0, 1), got " + validationSplit);
    }
    if (threads != null && threads < 1) {
      throw bad("--threads must be >= 1, got " + threads);
    }
    if (data != null && !Files.isDirectory(data)) {
      throw bad("--data: " + (Files.exists(data) ? "'" + data + "' is not a directory"
          : "directory '" + data + "' does not exist"));
    }
    if (workers != null && workers < 1) {
      throw bad("--workers must be >= 1, got " + workers);
    }
    if (workers != null && batchSize < workers) {
      throw bad("--batch-size " + batchSize + " is the global batch, split over --workers " + workers
          + ": a per-worker batch of 0; use a batch size of at least " + workers);
    }
    checkWritable("--export", export);
    checkWritable("--out", out);
    return new MnistJob.Options(epochs, batchSize, validationSplit,
        threads == null ? OptionalInt.empty() : OptionalInt.of(threads), Optional.ofNullable(data), export, out,
        seed == null ? OptionalLong.empty() : OptionalLong.of(seed), speedSwitches());
  }

  private List<String> speedSwitches() {
    for (String s : speed) {
      if (!List.of("no-remapper", "bf16", "no-spin", "xla").contains(s)) {
        throw bad("--speed: unknown switch '" + s + "'; use no-remapper, bf16, no-spin, xla");
      }
    }
    return speed;
  }

  /** The directory, or the nearest of its parents that exists, must be a writable directory. */
  private void checkWritable(String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw bad(option + ": '" + dir + "' exists and is not a directory");
    }
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null || !Files.isDirectory(p) || !Files.isWritable(p)) {
      throw bad(option + ": '" + dir + "' is not writable"
          + (p == null || p.equals(dir.toAbsolutePath().normalize()) ? "" : " (" + p + " is not writable)"));
    }
  }

  ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws IOException {
    MnistJob.Options options = validated();
    if (workers != null) {
      return LocalCluster.run(options, workers, main.api(), spec.commandLine().getOut());
    }
    new MnistJob(main.api(), spec.commandLine().getOut()).run(options);
    return 0;
  }
}
