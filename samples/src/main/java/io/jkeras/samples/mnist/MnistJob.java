package io.jkeras.samples.mnist;

import com.google.common.base.Stopwatch;
import com.google.common.base.Ticker;
import io.jkeras.Compile;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.distribute.Strategy;
import io.jkeras.samples.SeedPrograms;
import io.jkeras.samples.TrainingApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/**
 * The main job: trains the seed CNN on MNIST, evaluates it on the test set, writes {@code history.csv} and a
 * loss/accuracy chart, exports a SavedModel, reloads it and predicts 10 test images, and ends with one {@code
 * RESULT ...} line that scripts can parse.
 *
 * <pre>{@code
 * var outcome = new MnistJob(api, out).run(new MnistJob.Options(3, 64, 0.1, OptionalInt.empty(), Optional.empty(),
 *     Path.of("target/mnist-savedmodel"), Path.of("target/mnist"), OptionalLong.of(42)));
 * }</pre>
 */
public final class MnistJob {
  /** The job's default validation_split: the last 10 % of the training images validate. */
  public static final double VALIDATION_SPLIT = 0.1;
  /** Test images predicted again by the reloaded SavedModel. */
  public static final int RELOAD_IMAGES = 10;

  /** The job's settings, already validated by the command line. */
  public record Options(
      int epochs,
      int batchSize,
      double validationSplit,
      OptionalInt threads,
      Optional<Path> dataDir,
      Path exportDir,
      Path outDir,
      OptionalLong seed,
      List<String> speed) {
    /** The options without speed switches. */
    public Options(int epochs, int batchSize, double validationSplit, OptionalInt threads, Optional<Path> dataDir,
        Path exportDir, Path outDir, OptionalLong seed) {
      this(epochs, batchSize, validationSplit, threads, dataDir, exportDir, outDir, seed, List.of());
    }

    public Options {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
      }
      if (!(validationSplit >= 0 && validationSplit < 1)) {
        throw new IllegalArgumentException("validation split must be in [0, 1), got " + validationSplit);
      }
      Objects.requireNonNull(threads, "threads");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(exportDir, "exportDir");
      Objects.requireNonNull(outDir, "outDir");
      Objects.requireNonNull(seed, "seed");
      speed = List.copyOf(speed);
    }
  }

  /** What the job measured; {@link #resultLine()} is the job's last line. */
  public record Outcome(
      int epochs,
      double testAccuracy,
      double testLoss,
      double trainSeconds,
      double imagesPerSec,
      OptionalDouble reloadMaxAbsDiff,
      Optional<Path> export,
      Path historyCsv,
      Path chart,
      int workers) {

    /** The outcome of a job in one process (no {@code workers=} field). */
    public Outcome(int epochs, double testAccuracy, double testLoss, double trainSeconds, double imagesPerSec,
        OptionalDouble reloadMaxAbsDiff, Optional<Path> export, Path historyCsv, Path chart) {
      this(epochs, testAccuracy, testLoss, trainSeconds, imagesPerSec, reloadMaxAbsDiff, export, historyCsv, chart,
          0);
    }

    /**
     * {@code RESULT task=mnist-cnn epochs=3 test_accuracy=0.9874 test_loss=0.0391 train_seconds=95.2
     * images_per_sec=1701.7 reload_max_abs_diff=0.000e+00 export=target/mnist-savedmodel}; without an export
     * the last two read {@code nan} and {@code none}. A job trained by several worker processes ends with {@code
     * workers=N}.
     */
    public String resultLine() {
      return resultFields() + (workers > 0 ? " workers=" + workers : "");
    }

    private String resultFields() {
      return String.format(Locale.ROOT,
          "RESULT task=mnist-cnn epochs=%d test_accuracy=%.4f test_loss=%.4f train_seconds=%.1f"
              + " images_per_sec=%.1f reload_max_abs_diff=%s export=%s",
          epochs, testAccuracy, testLoss, trainSeconds, imagesPerSec,
          reloadMaxAbsDiff.isPresent() ? String.format(Locale.ROOT, "%.3e", reloadMaxAbsDiff.getAsDouble())
              : "nan",
          export.map(Path::toString).orElse("none"));
    }
  }

  private final TrainingApi api;
  private final PrintWriter out;
  private final Ticker ticker;
  private final Function<Model, String> summary;

  /** A job that reports to {@code out} and measures time with the system clock. */
  public MnistJob(TrainingApi api, PrintWriter out) {
    this(api, out, Ticker.systemTicker(), Model::summaryString);
  }

  /** For tests: a chosen clock and summary text. */
  public MnistJob(TrainingApi api, PrintWriter out, Ticker ticker, Function<Model, String> summary) {
    this.api = Objects.requireNonNull(api, "api");
    this.out = Objects.requireNonNull(out, "out");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.summary = Objects.requireNonNull(summary, "summary");
  }

  /** The compile arguments of the job (those of the seed CNN). */
  public static Compile compileArguments() {
    return Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy");
  }

  /** Images trained per epoch: Keras' validation_split keeps the first {@code floor(n * (1 - split))}. */
  public static long trainedImagesPerEpoch(long n, double validationSplit) {
    return (long) Math.floor(n * (1.0 - validationSplit));
  }

  /** Runs the whole job; the last line written to {@code out} is {@link Outcome#resultLine()}. */
  public Outcome run(Options o) throws IOException {
    return run(o, null);
  }

  /**
   * Runs the job as one worker of {@code strategy} ({@code null}: this process alone): the model is made and
   * compiled in the strategy's scope and every worker trains on its slice of each global batch; the chief then
   * evaluates, writes the history, exports and ends with the {@code RESULT} line ({@code workers=N}), while
   * the other workers write one {@code WORKER ...} line and return {@code null}.
   */
  public Outcome run(Options o, Strategy strategy) throws IOException {
    if (o.seed().isPresent()) {
      api.setRandomSeed(o.seed().getAsLong());
    }
    Stopwatch loading = Stopwatch.createStarted(ticker);
    MnistData data;
    try {
      data = api.loadMnist(o.dataDir());
    } catch (IOException | IllegalArgumentException e) {
      throw new io.jkeras.samples.Main.BadInput("--data: " + e.getMessage(), e);
    }
    say("MNIST: %d training and %d test images, loaded in %.1f s", data.trainSize(),
        data.testImages().shape().get(0), seconds(loading));

    Model model;
    try (var scope = strategy == null ? null : strategy.scope()) {
      model = SeedPrograms.functionalCnn();
      api.compile(model, MnistJob::compileArguments);
    }
    if (o.threads().isPresent()) {
      api.intraOpThreads(model, o.threads().getAsInt());
    }
    if (!o.speed().isEmpty()) {
      // Speed switches (docs/PERFORMANCE.md); they replace the options set above, so carry the threads over.
      RuntimeOptions opts = RuntimeOptions.defaults();
      o.threads().ifPresent(opts::intraOpThreads);
      o.seed().ifPresent(opts::seed);
      model.runtimeOptions(io.jkeras.samples.bench.CnnBenchmark.withSpeed(opts, o.speed()));
      say("Speed switches: %s", String.join(", ", o.speed()));
    }
    out.print(summary.apply(model));
    out.flush();

    Stopwatch training = Stopwatch.createStarted(ticker);
    Map<String, List<Double>> history = api.fit(
        model, data.trainImages(), data.trainLabels(), o.epochs(), o.batchSize(), o.validationSplit());
    double trainSeconds = seconds(training);
    double imagesPerSec = o.epochs() * (double) trainedImagesPerEpoch(data.trainSize(), o.validationSplit()) / trainSeconds;
    if (strategy != null && !strategy.isChief()) {
      say("WORKER of %d: trained %d epochs in %.1f s (%.1f images/s for the whole job); the chief evaluates and"
          + " exports", strategy.numReplicasInSync(), o.epochs(), trainSeconds, imagesPerSec);
      return null;
    }

    Map<String, Double> scores = api.evaluate(model, data.testImages(), data.testLabels());
    double testLoss = score(scores, "loss");
    double testAccuracy = score(scores, "accuracy");
    say("Test loss %.4f, test accuracy %.4f", testLoss, testAccuracy);

    Files.createDirectories(o.outDir());
    Path csv = HistoryFiles.writeCsv(history, o.outDir().resolve("history.csv"));
    Path chart = HistoryFiles.writeChart(history, o.outDir().resolve("history.png"));
    say("Wrote %s and %s", csv, chart);

    OptionalDouble diff = OptionalDouble.empty();
    Optional<Path> export = Optional.empty();
    boolean exported;
    try {
      exported = api.export(model, o.exportDir());
    } catch (IOException e) {
      // Export is atomic: a failed one leaves no half-written directory behind.
      throw new io.jkeras.samples.Main.BadInput("--export: cannot write " + o.exportDir() + ": " + e.getMessage(), e);
    }
    if (exported) {
      export = Optional.of(o.exportDir());
      FloatNdArray images = data.firstTestImages(RELOAD_IMAGES);
      FloatNdArray before = api.predict(model, images);
      FloatNdArray after = api.reloadAndPredict(o.exportDir(), images);
      diff = OptionalDouble.of(maxAbsDiff(before, after));
      say("Exported to %s; reloaded, its predictions of %d test images: classes %s (labels %s)",
          o.exportDir(), RELOAD_IMAGES, argmaxRows(after), firstLabels(data.testLabels(), RELOAD_IMAGES));
    } else {
      say("SavedModel export is not available in this build yet: no export, no reload check");
    }

    Outcome outcome = new Outcome(o.epochs(), testAccuracy, testLoss, trainSeconds, imagesPerSec, diff,
        export, csv, chart, strategy == null ? 0 : strategy.numReplicasInSync());
    out.println(outcome.resultLine());
    out.flush();
    return outcome;
  }

  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private double seconds(Stopwatch s) {
    return s.elapsed(TimeUnit.NANOSECONDS) / 1e9;
  }

  private static double score(Map<String, Double> scores, String name) {
    Double v = scores.get(name);
    if (v == null) {
      throw new IllegalStateException(
          "model.evaluate returned no '" + name + "'; it returned " + scores.keySet());
    }
    return v;
  }

  /** The largest absolute difference between two arrays of the same shape. */
  public static double maxAbsDiff(FloatNdArray a, FloatNdArray b) {
    if (!a.shape().equals(b.shape())) {
      throw new IllegalStateException(
          "the reloaded model predicts shape " + b.shape() + ", the trained one " + a.shape());
    }
    double max = 0;
    Iterator<FloatNdArray> ia = a.scalars().iterator();
    Iterator<FloatNdArray> ib = b.scalars().iterator();
    while (ia.hasNext()) {
      double d = Math.abs((double) ia.next().getFloat() - ib.next().getFloat());
      if (Double.isNaN(d)) {
        return Double.NaN;
      }
      max = Math.max(max, d);
    }
    return max;
  }

  /** The predicted class of each row of a {@code (n, classes)} array. */
  public static List<Integer> argmaxRows(FloatNdArray probabilities) {
    List<Integer> out = new ArrayList<>();
    long rows = probabilities.shape().get(0);
    long classes = probabilities.shape().get(1);
    for (long r = 0; r < rows; r++) {
      int best = 0;
      for (long c = 1; c < classes; c++) {
        if (probabilities.getFloat(r, c) > probabilities.getFloat(r, best)) {
          best = (int) c;
        }
      }
      out.add(best);
    }
    return out;
  }

  private static List<Integer> firstLabels(IntNdArray labels, int n) {
    List<Integer> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(labels.getInt(i));
    }
    return out;
  }
}
