package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Lambda;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.optimizers.Adam;
import io.jkeras.samples.CustomLayers.ActivityRegularizationLayer;
import io.jkeras.samples.CustomLayers.CustomDropout;
import io.jkeras.samples.CustomLayers.DigitAccuracy;
import io.jkeras.samples.CustomLayers.Linear;
import io.jkeras.samples.CustomLayers.MlpBlock;
import io.jkeras.samples.CustomLayers.OpsDense;
import io.jkeras.samples.CustomLayers.OpsLayerNormalization;
import io.jkeras.tf.SavedModel;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.index.Indices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras custom-layer}: Keras' guide "Making new layers and models via subclassing" in Java. The layers of
 * {@link CustomLayers} (a {@code Linear} layer, an {@code MlpBlock} made of two of them, an {@code add_loss}
 * layer, a dropout with the {@code training} flag, a {@code Lambda}), a loss and a stateful metric of one's own
 * make an MNIST classifier:
 *
 * <pre>
 * Input(28, 28, 1) -> Lambda(flatten_pixels) -> MlpBlock(64) -> ActivityRegularizationLayer(0.01)
 *   -> CustomDropout(0.2) -> Linear(10)   (logits; loss sparse_crossentropy_from_logits, metric digit_accuracy)
 * </pre>
 *
 * <p>It is trained on the first {@code --samples} training images, evaluated on the first {@code
 * --test-samples} test images, saved as a {@code .keras} file, loaded again with {@code Model.load} (the
 * layers, the Lambda's function, the loss and the metric found by their registrations), exported as a
 * SavedModel and served with {@link SavedModel}; the predictions of both copies are compared with the trained
 * model's. Then {@code Dense} and {@code LayerNormalization} written in ops are compared with the built-in
 * layers: same weights, same images, a few identical Adam steps. The last line reads
 *
 * <pre>{@code
 * RESULT task=custom-layer epochs=3 samples=20000 test_samples=10000 test_accuracy=0.9376 test_loss=0.2191
 *     reload_max_abs_diff=0.000e+00 export_max_abs_diff=0.000e+00 builtin_max_abs_diff=9.537e-07 train_seconds=6.3
 * }</pre>
 */
@Command(name = "custom-layer",
    header = "Keras' subclassing guide in Java: layers, a loss and a metric written in ops, trained on MNIST,"
        + " saved, reloaded, exported and served; ends with a RESULT line.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Builds Input(28,28,1) -> Lambda(flatten_pixels) -> MlpBlock(64) (two Linear layers written in ops) ->"
            + " ActivityRegularizationLayer(0.01) (add_loss) -> CustomDropout(0.2) -> Linear(10), compiles it with"
            + " adam, a custom loss (sparse_crossentropy_from_logits) and a custom stateful metric"
            + " (digit_accuracy), trains it on the first --samples MNIST training images, evaluates it on the first"
            + " --test-samples test images, saves it to --output/custom_layer.keras, loads it back, exports it to"
            + " --output/custom_layer_savedmodel and serves it; the predictions are compared with the trained"
            + " model's. Finally Dense and LayerNormalization written in ops are compared with the built-ins after"
            + " identical Adam steps.",
        "The last line reads: RESULT task=custom-layer epochs=E samples=N test_samples=M test_accuracy=..."
            + " test_loss=... reload_max_abs_diff=... export_max_abs_diff=... builtin_max_abs_diff=..."
            + " train_seconds=..."})
public final class CustomLayerCommand implements Callable<Integer> {
  /** Adam steps of the ops-versus-built-in comparison. */
  public static final int BUILTIN_STEPS = 5;
  /** Images in the batch of the ops-versus-built-in comparison. */
  public static final int BUILTIN_BATCH = 64;

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
      description = "Epochs to train, >= 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", paramLabel = "N", defaultValue = "20000",
      description = "Training images used (the first N), > 0 (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--test-samples", paramLabel = "N", defaultValue = "10000",
      description = "Test images evaluated and compared after reload and export (the first N), > 0"
          + " (default: ${DEFAULT-VALUE}, all of them).")
  int testSamples;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Images per training step, > 0 (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "target/custom-layer",
      description = "Where the .keras file and the SavedModel are written (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory with the MNIST files (default: where Mnist.load() looks, data/mnist).")
  Path data;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the initial weights, the shuffling and the dropout (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "TensorFlow threads within one op, >= 1 (default: TensorFlow's choice, one per core).")
  Integer threads;

  /** The classifier of the guide's layers; {@link CustomLayers#register()} must have run (for the Lambda). */
  public static Model build() {
    SymbolicTensor images = Input.of(28, 28, 1);
    SymbolicTensor pixels = Lambda.of(CustomLayers.FLATTEN).name("flatten_pixels").apply(images);
    SymbolicTensor h = new MlpBlock(64).apply(pixels);
    h = new ActivityRegularizationLayer(0.01).apply(h);
    h = new CustomDropout(0.2).apply(h);
    SymbolicTensor logits = new Linear(10).name("logits").apply(h);
    return Model.of(images, logits).name("subclassing_guide");
  }

  /** adam (1e-3), the custom loss and the custom metric. */
  public static Compile compileArguments() {
    return Compile.optimizer(new Adam(1e-3)).loss(CustomLayers.SPARSE_CROSSENTROPY_FROM_LOGITS)
        .metrics(new DigitAccuracy());
  }

  private RuntimeOptions runtimeOptions() {
    RuntimeOptions options = RuntimeOptions.defaults().seed(seed);
    return threads == null ? options : options.intraOpThreads(threads);
  }

  @Override
  public Integer call() throws IOException {
    SampleSupport.check(spec, epochs >= 1, "--epochs must be >= 1, got " + epochs);
    SampleSupport.check(spec, samples >= 1, "--samples must be > 0, got " + samples);
    SampleSupport.check(spec, testSamples >= 1, "--test-samples must be > 0, got " + testSamples);
    SampleSupport.check(spec, batchSize >= 1, "--batch-size must be > 0, got " + batchSize);
    SampleSupport.check(spec, threads == null || threads >= 1, "--threads must be >= 1, got " + threads);
    SampleSupport.checkDataDir(spec, data);
    SampleSupport.checkWritable(spec, "--output", output);
    PrintWriter out = spec.commandLine().getOut();
    Mnist.Data mnist = SampleSupport.loadMnist(data);
    long n = Math.min(samples, mnist.train().size());
    long m = Math.min(testSamples, mnist.test().size());
    FloatNdArray x = mnist.train().x().slice(Indices.range(0, n));
    IntNdArray y = mnist.train().y().slice(Indices.range(0, n));
    FloatNdArray testX = SampleSupport.first(mnist.test().x(), m);
    IntNdArray testY = mnist.test().y().slice(Indices.range(0, m));

    CustomLayers.register();
    Keras.setRandomSeed(seed);
    Map<String, Double> scores;
    double seconds;
    double reloadDiff;
    double exportDiff;
    try (Model model = build()) {
      model.runtimeOptions(runtimeOptions());
      model.compile(compileArguments());
      out.print(model.summaryString());
      out.printf(Locale.ROOT, "Training on %,d MNIST images for %d epoch(s):%n", n, epochs);
      out.flush();
      long start = System.nanoTime();
      model.fit(x, y, Fit.epochs(epochs).batchSize(batchSize));
      seconds = (System.nanoTime() - start) / 1e9;
      scores = model.evaluate(testX, testY, Evaluate.defaults().verbose(0));
      FloatNdArray logits = model.predict(testX, Predict.defaults().verbose(0));
      out.printf(Locale.ROOT, "Test: loss %.4f, digit_accuracy %.4f (counted in Java from the logits: %.4f)%n",
          scores.get("loss"), scores.get("digit_accuracy"), accuracy(logits, testY));

      Files.createDirectories(output);
      Path keras = output.resolve("custom_layer.keras");
      Path exported = output.resolve("custom_layer_savedmodel");
      model.save(keras);
      try (Model loaded = Model.load(keras)) {
        reloadDiff = SampleSupport.maxAbsDiff(logits, loaded.predict(testX, Predict.defaults().verbose(0)));
      }
      out.printf(Locale.ROOT, "Saved %s, loaded it again: largest prediction difference %.3e%n", keras, reloadDiff);
      model.export(exported);
      try (SavedModel served = SavedModel.load(exported)) {
        exportDiff = SampleSupport.maxAbsDiff(logits, served.predict(testX));
      }
      out.printf(Locale.ROOT, "Exported %s, served it: largest prediction difference %.3e%n", exported,
          exportDiff);
    }

    FloatNdArray batchX = SampleSupport.first(mnist.train().x(), Math.min(BUILTIN_BATCH, mnist.train().size()));
    IntNdArray batchY = mnist.train().y().slice(Indices.range(0, batchX.shape().get(0)));
    double builtinDiff = builtinMaxAbsDiff(batchX, batchY, runtimeOptions());
    out.printf(Locale.ROOT, "Dense and LayerNormalization written in ops vs the built-ins after %d Adam steps:"
        + " largest difference %.3e%n", BUILTIN_STEPS, builtinDiff);
    out.println(String.format(Locale.ROOT,
        "RESULT task=custom-layer epochs=%d samples=%d test_samples=%d test_accuracy=%.4f test_loss=%.4f"
            + " reload_max_abs_diff=%.3e export_max_abs_diff=%.3e builtin_max_abs_diff=%.3e train_seconds=%.1f",
        epochs, n, m, scores.get("digit_accuracy"), scores.get("loss"), reloadDiff, exportDiff, builtinDiff,
        seconds));
    out.flush();
    return 0;
  }

  /** The fraction of rows whose largest logit is at the label. */
  static double accuracy(FloatNdArray logits, IntNdArray labels) {
    long n = labels.shape().get(0);
    int classes = (int) logits.shape().get(1);
    long right = 0;
    for (long i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (logits.getFloat(i, c) > logits.getFloat(i, best)) {
          best = c;
        }
      }
      right += best == labels.getInt(i) ? 1 : 0;
    }
    return (double) right / n;
  }

  /**
   * {@code Flatten -> Dense(32, relu) -> LayerNormalization -> Dense(10)} twice, once of the ops-written layers
   * and once of the built-ins, with the same initial weights: the largest difference between their logits on
   * {@code x}, before training and after each of {@link #BUILTIN_STEPS} Adam steps on {@code (x, y)}, and
   * between their step losses.
   */
  public static double builtinMaxAbsDiff(FloatNdArray x, IntNdArray y, RuntimeOptions options) {
    List<Function<SymbolicTensor, SymbolicTensor>> variants = List.of(
        in -> new OpsDense(10, false).apply(new OpsLayerNormalization().apply(
            new OpsDense(32, true).apply(new Flatten().apply(in)))),
        in -> new Dense(10).apply(new LayerNormalization().apply(
            new Dense(32).activation("relu").apply(new Flatten().apply(in)))));
    Model[] models = new Model[2];
    try {
      for (int k = 0; k < 2; k++) {
        SymbolicTensor in = Input.of(28, 28, 1);
        models[k] = Model.of(in, variants.get(k).apply(in)).name(k == 0 ? "ops_written" : "built_in");
        models[k].runtimeOptions(options);
        models[k].compile(Compile.optimizer(new Adam()).loss(new SparseCategoricalCrossentropy().fromLogits(true)));
      }
      models[1].setWeights(models[0].getWeights());
      double max = 0;
      for (int step = 0; step <= BUILTIN_STEPS; step++) {
        max = Math.max(max, SampleSupport.maxAbsDiff(models[0].predictOnBatch(x), models[1].predictOnBatch(x)));
        if (step < BUILTIN_STEPS) {
          double a = models[0].trainOnBatch(x, y).get("loss");
          double b = models[1].trainOnBatch(x, y).get("loss");
          max = Math.max(max, Math.abs(a - b));
        }
      }
      return max;
    } finally {
      for (Model model : models) {
        if (model != null) {
          model.close();
        }
      }
    }
  }
}
