package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.RandomRotation;
import io.jkeras.layers.RandomTranslation;
import io.jkeras.layers.RandomZoom;
import io.jkeras.layers.Rescaling;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.utils.DatasetUtils;
import io.jkeras.utils.DirectoryDataset;
import io.jkeras.utils.DirectoryOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras image-folder}: Keras' "image classification from scratch" on a folder of PNG files. MNIST is
 * written once as class folders ({@code train/0 .. train/9}, {@code test/0 .. test/9}) from the repository's IDX
 * files, read back with {@code imageDatasetFromDirectory} (decoded on a thread pool, batch by batch), augmented
 * inside the model (RandomRotation, RandomZoom, RandomTranslation: training only) and classified by the seed
 * CNN. Ends with a {@code RESULT task=image-folder ...} line.
 *
 * <pre>{@code
 * java -jar samples/target/jkeras-samples.jar image-folder --epochs 3 --seed 1
 * }</pre>
 */
@Command(name = "image-folder",
    header = "Classify MNIST read from PNG class folders, with augmentation layers; ends with a RESULT line.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Writes MNIST as PNG class folders under --folder (once; reused while complete), loads them with"
            + " imageDatasetFromDirectory (grayscale, 28x28, validation split 0.1), trains"
            + " Input(28,28,1) -> RandomRotation(0.03) -> RandomZoom(0.05) -> RandomTranslation(0.05, 0.05) ->"
            + " Rescaling(1/255) -> the seed CNN, and evaluates on the test folders.",
        "The last line reads: RESULT task=image-folder epochs=E samples=N test_samples=M test_accuracy=..."
            + " test_loss=... train_seconds=..."})
public final class ImageFolderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "Epochs, >= 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "60000",
      description = "Training images written and used (the first N), > 0 (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--test-samples", paramLabel = "N", defaultValue = "10000",
      description = "Test images written and used (the first N), > 0 (default: ${DEFAULT-VALUE}).")
  int testSamples;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--folder", paramLabel = "DIR",
      description = "Where the PNG folders are written (default: jkeras-mnist-png in the temporary directory).")
  Path folder;

  @Option(names = "--data", paramLabel = "DIR", description = "Directory with the MNIST IDX files (default: data/mnist).")
  Path data;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: none, runs differ).")
  Long seed;

  @Option(names = "--export", paramLabel = "DIR", description = "Also export the trained model as a SavedModel here.")
  Path export;

  /** Augmentation, rescaling and the seed CNN (121,930 parameters): the augmentation acts in training only. */
  public static Model build(Long seed) {
    SymbolicTensor images = Input.of("image", 28, 28, 1);
    RandomRotation rotate = new RandomRotation(0.03).fillMode("constant");
    RandomZoom zoom = new RandomZoom(0.05).fillMode("constant");
    RandomTranslation shift = new RandomTranslation(0.05, 0.05).fillMode("constant");
    if (seed != null) {
      rotate.seed(seed);
      zoom.seed(seed + 1);
      shift.seed(seed + 2);
    }
    SymbolicTensor x = shift.apply(zoom.apply(rotate.apply(images)));
    x = new Rescaling(1.0 / 255).apply(x);
    x = new Conv2D(32, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dense(64).activation("relu").apply(x);
    return Model.of(images, new Dense(10).activation("softmax").apply(x)).name("image_folder_cnn");
  }

  /**
   * Writes the first {@code trainN}/{@code testN} MNIST images as {@code root/train/<digit>/<i>.png} and {@code
   * root/test/<digit>/<i>.png}, unless a previous complete write of the same counts is there. A marker file is
   * written last, so an interrupted write is redone rather than used half-done.
   */
  public static void writePngFolders(Mnist.Data mnist, Path root, int trainN, int testN) throws IOException {
    Path marker = root.resolve("complete.txt");
    String expected = "train=" + trainN + " test=" + testN;
    if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(expected)) {
      return;
    }
    if (Files.exists(root)) {
      try (var walk = Files.walk(root)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    write(mnist.train(), root.resolve("train"), trainN);
    write(mnist.test(), root.resolve("test"), testN);
    Files.writeString(marker, expected + "\n");
  }

  private static void write(Mnist.Split split, Path dir, int n) throws IOException {
    var raw = split.xRaw();
    int[] labels = split.labels();
    for (int d = 0; d < 10; d++) {
      Files.createDirectories(dir.resolve(Integer.toString(d)));
    }
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          img.getRaster().setSample(x, y, 0, raw.getByte(i, y, x) & 0xFF);
        }
      }
      ImageIO.write(img, "png", dir.resolve(labels[i] + "/" + i + ".png").toFile());
    }
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
    check(data == null || Files.isDirectory(data), "--data: directory '" + data + "' does not exist");
    PrintWriter out = spec.commandLine().getOut();
    Mnist.Data mnist;
    try {
      mnist = data == null ? Mnist.load() : Mnist.load(data);
    } catch (IOException | IllegalArgumentException e) {
      throw new Main.BadInput("--data: " + e.getMessage(), e);
    }
    int n = Math.min(samples, mnist.train().size());
    int m = Math.min(testSamples, mnist.test().size());
    Path root = folder != null ? folder : Path.of(System.getProperty("java.io.tmpdir"), "jkeras-mnist-png");
    out.printf(Locale.ROOT, "PNG class folders in %s (%,d training and %,d test images)%n", root, n, m);
    out.flush();
    writePngFolders(mnist, root, n, m);
    long split = seed == null ? 1337 : seed;
    DirectoryOptions common = DirectoryOptions.defaults().colorMode("grayscale").imageSize(28, 28)
        .batchSize(batchSize).seed(split);
    DirectoryDataset train = DatasetUtils.imageDatasetFromDirectory(root.resolve("train"),
        common.validationSplit(0.1).subset("training"));
    DirectoryDataset val = DatasetUtils.imageDatasetFromDirectory(root.resolve("train"),
        DirectoryOptions.defaults().colorMode("grayscale").imageSize(28, 28).batchSize(batchSize).seed(split)
            .validationSplit(0.1).subset("validation"));
    DirectoryDataset test = DatasetUtils.imageDatasetFromDirectory(root.resolve("test"),
        DirectoryOptions.defaults().colorMode("grayscale").imageSize(28, 28).batchSize(256).shuffle(false));
    if (seed != null) {
      Keras.setRandomSeed(seed);
    }
    Model model = build(seed);
    if (seed != null) {
      model.runtimeOptions(RuntimeOptions.defaults().seed(seed));
    }
    model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    out.print(model.summaryString());
    out.flush();
    long start = System.nanoTime();
    model.fit(train, Fit.epochs(epochs).validationData(val));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> scores = model.evaluate(test, Evaluate.defaults());
    if (export != null) {
      model.export(export);
      out.println("Exported the model to " + export + " (input 'image': float pixels 0-255, shape (N, 28, 28, 1))");
    }
    out.println(String.format(Locale.ROOT, "RESULT task=image-folder epochs=%d samples=%d test_samples=%d"
        + " test_accuracy=%.4f test_loss=%.4f train_seconds=%.1f", epochs, train.filePaths().size(),
        test.filePaths().size(), scores.get("accuracy"), scores.get("loss"), seconds));
    out.flush();
    model.close();
    return 0;
  }
}
