package io.jkeras.samples.bench;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.datasets.Mnist;
import io.jkeras.samples.SeedPrograms;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * Trains the seed CNN with jkeras and with {@link RawTfCnn} (the same model in raw TF Java ops, fused Adam)
 * from the same initial weights on the same MNIST batches in the same order, alternating the two systems in
 * one process so that both see the same machine load; prints images per second, prediction throughput and
 * single-example latency, and the ratios.
 */
public final class CnnBenchmark {
  /** Settings of one run. */
  public record Settings(int batch, int steps, int threads, int repeats, int warmup) {}

  private final Settings s;
  private final PrintWriter out;

  public CnnBenchmark(Settings settings, PrintWriter out) {
    this.s = settings;
    this.out = out;
  }

  /** Runs everything and prints RESULT / RATIO lines. */
  public void run() throws IOException {
    Mnist.Data mnist = Mnist.load();
    FloatNdArray images = mnist.train().x();
    IntNdArray labels = mnist.train().y();
    long available = images.shape().get(0) / s.batch();

    Keras.clearSession();
    Model model = SeedPrograms.functionalCnn();
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(s.threads()).interOpThreads(s.threads()).seed(7));
    // Loss only, as the hand-written graph: metrics would be extra work the baseline does not do.
    model.compile(io.jkeras.Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
    Map<String, float[]> start = model.runtime().getWeights();
    try (RawTfCnn raw = new RawTfCnn(new ArrayList<>(start.values()), s.threads())) {
      // Warm-up (untimed): the first steps of a session allocate and pick kernels.
      long cursor = 0;
      double firstStep = fitJkeras(model, images, labels, cursor, 1).seconds;
      out.printf("STARTUP system=jkeras seconds_from_jvm_start_to_first_step=%.2f%n", secondsSinceJvmStart());
      runRaw(raw, images, labels, cursor, 1);
      cursor += 1;
      fitJkeras(model, images, labels, cursor, s.warmup());
      runRaw(raw, images, labels, cursor, s.warmup());
      cursor += s.warmup();
      List<Double> jk = new ArrayList<>();
      List<Double> rw = new ArrayList<>();
      double jkLoss = 0;
      double rwLoss = 0;
      for (int r = 0; r < s.repeats(); r++) {
        if (cursor + s.steps() > available) {
          cursor = 0;
        }
        // Alternate who goes first so that slow drifts of the shared machine hit both alike.
        Timed a;
        Timed b;
        if (r % 2 == 0) {
          a = fitJkeras(model, images, labels, cursor, s.steps());
          b = runRaw(raw, images, labels, cursor, s.steps());
        } else {
          b = runRaw(raw, images, labels, cursor, s.steps());
          a = fitJkeras(model, images, labels, cursor, s.steps());
        }
        cursor += s.steps();
        jk.add(s.steps() * (double) s.batch() / a.seconds);
        rw.add(s.steps() * (double) s.batch() / b.seconds);
        jkLoss = a.loss;
        rwLoss = b.loss;
        out.printf("repeat %d: jkeras %.0f images/s, tfjava-raw %.0f images/s%n", r + 1, jk.get(r), rw.get(r));
        out.flush();
      }
      double jkMedian = median(jk);
      double rwMedian = median(rw);
      out.printf("RESULT system=jkeras batch=%d threads=%d steps=%d images_per_sec=%.1f final_loss=%.4f%n",
          s.batch(), s.threads(), s.steps() * s.repeats(), jkMedian, jkLoss);
      out.printf("RESULT system=tfjava-raw batch=%d threads=%d steps=%d images_per_sec=%.1f final_loss=%.4f%n",
          s.batch(), s.threads(), s.steps() * s.repeats(), rwMedian, rwLoss);
      out.printf("RATIO jkeras/tfjava-raw=%.3f%n", jkMedian / rwMedian);
      out.printf("(first jkeras step, untimed warm-up: %.3f s)%n", firstStep);

      predictions(model, raw, mnist.test().x());
      out.printf("MEMORY process_peak_rss_mb=%.0f (both systems share this JVM)%n", peakRssMb());
    } finally {
      model.close();
    }
    out.flush();
  }

  private void predictions(Model model, RawTfCnn raw, FloatNdArray test) {
    int n = 2560;
    FloatNdArray x = test.slice(Indices.range(0, n));
    model.predict(x, Predict.batchSize(256).verbose(0)); // warm-up
    for (int i = 0; i < n; i += 256) {
      raw.predict(x.slice(Indices.range(i, i + 256)));
    }
    List<Double> jk = new ArrayList<>();
    List<Double> rw = new ArrayList<>();
    for (int r = 0; r < s.repeats(); r++) {
      long t0 = System.nanoTime();
      model.predict(x, Predict.batchSize(256).verbose(0));
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i += 256) {
        raw.predict(x.slice(Indices.range(i, i + 256)));
      }
      long t2 = System.nanoTime();
      jk.add(n / ((t1 - t0) / 1e9));
      rw.add(n / ((t2 - t1) / 1e9));
    }
    out.printf("PREDICT system=jkeras batch=256 images_per_sec=%.1f%n", median(jk));
    out.printf("PREDICT system=tfjava-raw batch=256 images_per_sec=%.1f%n", median(rw));
    out.printf("RATIO predict jkeras/tfjava-raw=%.3f%n", median(jk) / median(rw));

    int calls = 300;
    double[] jkLat = new double[calls];
    double[] rwLat = new double[calls];
    for (int i = 0; i < calls; i++) {
      FloatNdArray one = x.slice(Indices.range(i % n, i % n + 1));
      long t0 = System.nanoTime();
      model.predictOnBatch(one);
      long t1 = System.nanoTime();
      raw.predict(one);
      long t2 = System.nanoTime();
      jkLat[i] = (t1 - t0) / 1e6;
      rwLat[i] = (t2 - t1) / 1e6;
    }
    Arrays.sort(jkLat);
    Arrays.sort(rwLat);
    out.printf("LATENCY system=jkeras batch=1 p50_ms=%.3f p99_ms=%.3f%n", jkLat[calls / 2], jkLat[calls * 99 / 100]);
    out.printf("LATENCY system=tfjava-raw batch=1 p50_ms=%.3f p99_ms=%.3f%n", rwLat[calls / 2],
        rwLat[calls * 99 / 100]);
  }

  private record Timed(double seconds, double loss) {}

  private Timed fitJkeras(Model model, FloatNdArray x, IntNdArray y, long fromBatch, int steps) {
    long from = fromBatch * s.batch();
    long to = from + (long) steps * s.batch();
    FloatNdArray xs = x.slice(Indices.range(from, to));
    IntNdArray ys = y.slice(Indices.range(from, to));
    long t0 = System.nanoTime();
    History h = model.fit(xs, ys, Fit.epochs(1).batchSize(s.batch()).shuffle(false).verbose(0));
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Timed(seconds, h.get("loss").get(0));
  }

  private Timed runRaw(RawTfCnn raw, FloatNdArray x, IntNdArray y, long fromBatch, int steps) {
    double sum = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      long from = (fromBatch + i) * s.batch();
      sum += raw.step(x.slice(Indices.range(from, from + s.batch())), y.slice(Indices.range(from, from + s.batch())));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Timed(seconds, sum / steps);
  }

  private static double median(List<Double> v) {
    List<Double> sorted = new ArrayList<>(v);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double secondsSinceJvmStart() {
    return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
  }

  /** VmHWM from /proc (Linux); NaN elsewhere. */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
