package io.jkeras.samples.bench;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Trains the seed CNN with jkeras and with {@link RawTfCnn} (the same model in raw TF Java ops, fused Adam)
 * from the same initial weights on the same MNIST batches in the same order, alternating the systems in one
 * process (and who goes first) so that both see the same machine load; every figure compared is a ratio taken
 * within one run. Optionally: each system alone in its own JVM (start-up, SavedModel load, peak memory), each
 * speed switch in its own JVM against the plain hand-written graph, and the scaling over batch size and the
 * width of the hidden Dense layer (a table and a PNG chart).
 */
public final class CnnBenchmark {
  /** The speed switches the bench knows, in the order of the options table. */
  public static final List<String> OPTIONS =
      List.of("xla", "no-remapper", "bf16", "no-spin", "onednn-off", "in-graph-data");
  /** Java heap limit of the child JVMs. */
  static final String CHILD_HEAP = "1g";
  /** The seed CNN with its Conv2D and Dense layers written in ops. */
  static final String OPS = "jkeras-ops";
  /** The hand-written graph built from jkeras' op choices ({@link RawTfCnn.GraphOps#TUNED}). */
  static final String TUNED = "tfjava-raw-tuned";
  /** Steps a system runs before the next takes its turn. */
  private static final int CHUNK = 10;

  /**
   * Settings of one run.
   *
   * @param speed speed switches for the jkeras system ({@link #OPTIONS}; {@code in-graph-data} adds the raw graph
   *     fed from inside the graph as a third system)
   * @param only {@code jkeras} or {@code raw}: child mode, one system alone in this JVM; null otherwise
   * @param childOption child mode: the comparison of one option set ("none" for none); null otherwise
   * @param profile print TF's per-op times of a step of both hand-written graphs
   */
  public record Settings(int batch, int steps, int threads, int repeats, int warmup, List<String> speed,
      boolean processes, boolean options, boolean scale, boolean profile, Path out, String only, String childOption,
      String savedModel) {}

  private final Settings s;
  private final PrintWriter out;
  private Mnist.Data mnist;

  public CnnBenchmark(Settings settings, PrintWriter out) {
    this.s = settings;
    this.out = out;
  }

  /** Environment a set of switches needs: both are read by TensorFlow when it loads or first compiles. */
  public static Map<String, String> environment(List<String> speed) {
    Map<String, String> env = new LinkedHashMap<>();
    if (speed.contains("xla")) {
      env.put("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit"); // global_jit_level applies to CPU only with this
    }
    if (speed.contains("onednn-off")) {
      env.put("TF_ENABLE_ONEDNN_OPTS", "0");
    }
    return env;
  }

  /** Whether this JVM already runs with the environment {@code speed} needs. */
  public static boolean hasEnvironment(List<String> speed) {
    for (Map.Entry<String, String> e : environment(speed).entrySet()) {
      if (!e.getValue().equals(System.getenv(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Runs what the settings ask for and prints the result lines. */
  public void run() throws IOException, InterruptedException {
    mnist = Mnist.load();
    if (s.only() != null) {
      processFigures(s.only());
      return;
    }
    if (s.childOption() != null) {
      optionComparison(s.childOption());
      return;
    }
    out.printf("BENCH batch=%d threads=%d steps=%d repeats=%d warmup=%d speed=%s cpu=\"%s\" cores=%d%n",
        s.batch(), s.threads(), s.steps(), s.repeats(), s.warmup(), s.speed().isEmpty() ? "none"
            : String.join(",", s.speed()), cpuName(), Runtime.getRuntime().availableProcessors());
    Model model = jkerasModel(64, s.speed());
    List<float[]> start = new ArrayList<>(model.runtime().getWeights().values());
    // the same CNN with its Conv2D and Dense layers written in ops (issue 13), from the same weights
    Model opsModel = opsModel(64, s.speed());
    opsModel.setWeights(model.getWeights());
    try (RawTfCnn raw = new RawTfCnn(start, plainConfig());
        RawTfCnn tuned = new RawTfCnn(start, plainConfig(), RawTfCnn.GraphOps.TUNED)) {
      // The plain hand-written graph is the baseline; the tuned one (jkeras' op choices, by hand) measures what
      // jkeras itself adds on top of the ops it picks.
      List<Trainable> systems = new ArrayList<>(List.of(jkeras(model, s.batch()), raw(raw, s.batch()),
          raw(tuned, s.batch(), TUNED), jkeras(opsModel, s.batch(), OPS)));
      RawTfCnn inGraph = null;
      if (s.speed().contains("in-graph-data")) {
        inGraph = inGraphRaw(model.runtime().getWeights(), s.batch());
        systems.add(inGraph(inGraph, s.batch()));
      }
      try {
        printTraining(alternate(systems, s.steps(), s.repeats(), true), s.batch());
      } finally {
        if (inGraph != null) {
          inGraph.close();
        }
      }
      if (s.profile()) {
        profile(raw, "tfjava-raw");
        profile(tuned, TUNED);
      }
      predictions(model, raw);
      if (s.processes()) {
        Files.createDirectories(s.out());
        Path dir = s.out().toAbsolutePath().resolve("savedmodel");
        model.export(dir);
        processes(dir, model.inputNames().get(0));
      }
    } finally {
      model.close();
      opsModel.close();
    }
    if (s.options()) {
      optionsTable();
    }
    if (s.scale()) {
      scale();
    }
    out.flush();
  }

  // ---------------------------------------------------------------- systems

  /** A system that trains on consecutive batches of the training set. */
  private interface Trainable {
    String name();

    /** Trains {@code steps} batches starting at batch {@code fromBatch}; returns the mean loss. */
    double train(long fromBatch, int steps);
  }

  private Model jkerasModel(int units, List<String> speed) {
    Keras.clearSession();
    var inputs = Input.of(28, 28, 1);
    var x = new Conv2D(32, 3, 3).activation("relu").apply(inputs);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dense(units).activation("relu").apply(x);
    var outputs = new Dense(10).activation("softmax").apply(x);
    Model model = Model.of(inputs, outputs);
    model.runtimeOptions(runtimeOptions(s.threads(), speed));
    // Loss only, as the hand-written graph: metrics would be extra work the baseline does not do.
    model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
    return model;
  }

  /** The jkeras RuntimeOptions of a set of bench switches. */
  public static RuntimeOptions runtimeOptions(int threads, List<String> speed) {
    return withSpeed(RuntimeOptions.defaults().intraOpThreads(threads).interOpThreads(threads).seed(7), speed);
  }

  /**
   * Sets the RuntimeOptions switches named by bench option names ({@code xla}, {@code no-remapper}, {@code bf16},
   * {@code no-spin}); the names that are not RuntimeOptions (environment, in-graph data) are ignored here.
   */
  public static RuntimeOptions withSpeed(RuntimeOptions o, List<String> speed) {
    for (String name : speed) {
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown speed option '" + name + "'; known: " + OPTIONS);
      }
    }
    if (speed.contains("xla")) {
      o.jitCompile(true);
    }
    if (speed.contains("no-remapper")) {
      o.remapping(false);
    }
    if (speed.contains("bf16")) {
      o.mixedPrecision("mixed_bfloat16");
    }
    if (speed.contains("no-spin")) {
      o.threadSpinning(false);
    }
    return o;
  }

  private ConfigProto plainConfig() {
    return ConfigProto.newBuilder().setUsePerSessionThreads(true).setIntraOpParallelismThreads(s.threads())
        .setInterOpParallelismThreads(s.threads()).build();
  }

  /** The seed CNN with Conv2D and Dense written in ops ({@link OpsCnnLayers}); softmax stays a layer. */
  private Model opsModel(int units, List<String> speed) {
    var inputs = Input.of(28, 28, 1);
    var x = new OpsCnnLayers.OpsConv2D(32, 3).apply(inputs);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new OpsCnnLayers.OpsConv2D(64, 3).apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new OpsCnnLayers.OpsDense(units, true).apply(x);
    var outputs = new io.jkeras.layers.Activation("softmax").apply(new OpsCnnLayers.OpsDense(10, false).apply(x));
    Model model = Model.of(inputs, outputs);
    model.runtimeOptions(runtimeOptions(s.threads(), speed));
    model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
    return model;
  }

  private Trainable jkeras(Model model, int batch) {
    return jkeras(model, batch, "jkeras");
  }

  private Trainable jkeras(Model model, int batch, String name) {
    FloatNdArray x = mnist.train().x();
    IntNdArray y = mnist.train().y();
    return new Trainable() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double train(long fromBatch, int steps) {
        long from = fromBatch * batch;
        long to = from + (long) steps * batch;
        History h = model.fit(x.slice(Indices.range(from, to)), y.slice(Indices.range(from, to)),
            Fit.epochs(1).batchSize(batch).shuffle(false).verbose(0));
        return h.get("loss").get(0);
      }
    };
  }

  private Trainable raw(RawTfCnn raw, int batch) {
    return raw(raw, batch, "tfjava-raw");
  }

  private Trainable raw(RawTfCnn raw, int batch, String name) {
    FloatNdArray x = mnist.train().x();
    IntNdArray y = mnist.train().y();
    return new Trainable() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double train(long fromBatch, int steps) {
        double sum = 0;
        for (int i = 0; i < steps; i++) {
          long from = (fromBatch + i) * batch;
          sum += raw.step(x.slice(Indices.range(from, from + batch)), y.slice(Indices.range(from, from + batch)));
        }
        return sum / steps;
      }
    };
  }

  private RawTfCnn inGraphRaw(Map<String, float[]> weights, int batch) {
    RawTfCnn r = new RawTfCnn(new ArrayList<>(weights.values()), plainConfig(), 64, batch, 60_000);
    r.loadData(mnist.train().x(), mnist.train().y());
    return r;
  }

  private Trainable inGraph(RawTfCnn raw, int batch) {
    return new Trainable() {
      @Override
      public String name() {
        return "tfjava-raw-in-graph-data";
      }

      @Override
      public double train(long fromBatch, int steps) {
        double sum = 0;
        for (int i = 0; i < steps; i++) {
          sum += raw.stepAt((fromBatch + i) * batch);
        }
        return sum / steps;
      }
    };
  }

  /** Images/s per system and round (wall clock), and CPU seconds per image (all threads of the process). */
  private record Timing(Map<String, double[]> imagesPerSec, Map<String, double[]> cpuPerImage) {}

  private Timing alternate(List<Trainable> systems, int steps, int repeats, boolean print) {
    return alternate(systems, steps, repeats, s.batch(), print);
  }

  /**
   * Untimed warm-up, then {@code repeats} rounds in which every system trains the same {@code steps} batches,
   * taking turns every {@link #CHUNK} steps.
   */
  private Timing alternate(List<Trainable> systems, int steps, int repeats, int batch, boolean print) {
    long available = mnist.train().x().shape().get(0) / batch;
    long cursor = 0;
    for (Trainable t : systems) {
      t.train(cursor, Math.max(1, s.warmup())); // the first steps of a session allocate and pick kernels
    }
    cursor += Math.max(1, s.warmup());
    Map<String, double[]> ips = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    systems.forEach(t -> {
      ips.put(t.name(), new double[repeats]);
      cpu.put(t.name(), new double[repeats]);
    });
    for (int r = 0; r < repeats; r++) {
      if (cursor + steps > available) {
        cursor = 0;
      }
      // Systems take turns every CHUNK steps (and who goes first rotates), so that the load of a shared machine,
      // which changes within seconds, hits all alike; each round then sums a system's time over its chunks.
      // CPU time (of the whole process: only the system running works) is the steadier figure when the
      // machine is oversubscribed, wall time the one a user sees.
      double[] seconds = new double[systems.size()];
      double[] cpuSeconds = new double[systems.size()];
      for (int c = 0, turn = 0; c < steps; c += CHUNK, turn++) {
        int n = Math.min(CHUNK, steps - c);
        for (int k = 0; k < systems.size(); k++) {
          int who = (k + turn + r) % systems.size();
          long c0 = processCpuNanos();
          long t0 = System.nanoTime();
          systems.get(who).train(cursor + c, n);
          seconds[who] += (System.nanoTime() - t0) / 1e9;
          cpuSeconds[who] += (processCpuNanos() - c0) / 1e9;
        }
      }
      StringBuilder line = new StringBuilder("repeat " + (r + 1) + ":");
      for (int k = 0; k < systems.size(); k++) {
        Trainable t = systems.get(k);
        ips.get(t.name())[r] = steps * (double) batch / seconds[k];
        cpu.get(t.name())[r] = cpuSeconds[k] / (steps * (double) batch);
        line.append(String.format(Locale.ROOT, " %s %.0f images/s (%.0f us CPU/image)", t.name(),
            ips.get(t.name())[r], 1e6 * cpu.get(t.name())[r]));
      }
      cursor += steps;
      if (print) {
        out.println(line);
        out.flush();
      }
    }
    return new Timing(ips, cpu);
  }

  /**
   * CPU time of the whole process (every JVM and TensorFlow thread) in nanoseconds. On Linux the sum of each
   * thread's {@code /proc/self/task/<tid>/schedstat} run time, which counts in nanoseconds: the JVM's {@code
   * getProcessCpuTime} there counts in 10 ms clock ticks, too coarse for a 70 ms predict round or a 130 ms turn
   * of 10 training steps (it made the predict CPU ratio read 1.000 in every run). Elsewhere, or if /proc cannot be
   * read, the JVM's figure. Threads that end between two readings take their time with them; TensorFlow's and
   * the JVM's worker threads live as long as the process.
   */
  static long processCpuNanos() {
    Path tasks = Path.of("/proc/self/task");
    if (Files.isDirectory(tasks)) {
      long sum = 0;
      try (java.nio.file.DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
        for (Path thread : threads) {
          try {
            String stat = Files.readString(thread.resolve("schedstat"));
            sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
          } catch (IOException | RuntimeException e) {
            // the thread ended while we listed the others
          }
        }
        if (sum > 0) {
          return sum;
        }
      } catch (IOException e) {
        // fall back to the JVM's figure
      }
    }
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The median over rounds of the per-round ratio a/b (paired: both ran in the same round). */
  static double pairedRatio(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return median(r);
  }

  private void printTraining(Timing t, int batch) {
    double[] rawIps = t.imagesPerSec().get("tfjava-raw");
    double[] rawCpu = t.cpuPerImage().get("tfjava-raw");
    for (Map.Entry<String, double[]> e : t.imagesPerSec().entrySet()) {
      out.printf(Locale.ROOT, "RESULT system=%s batch=%d threads=%d steps=%d images_per_sec=%.1f"
          + " cpu_us_per_image=%.1f%n", e.getKey(), batch, s.threads(), s.steps() * s.repeats(),
          median(e.getValue()), 1e6 * median(t.cpuPerImage().get(e.getKey())));
    }
    for (Map.Entry<String, double[]> e : t.imagesPerSec().entrySet()) {
      if (!e.getKey().equals("tfjava-raw")) {
        // CPU ratio inverted (raw CPU per image / system's), so that > 1 means faster in both.
        out.printf(Locale.ROOT, "RATIO %s/tfjava-raw=%.3f (wall images/s; by CPU time per image %.3f)%n",
            e.getKey(), pairedRatio(e.getValue(), rawIps),
            pairedRatio(rawCpu, t.cpuPerImage().get(e.getKey())));
      }
    }
    if (t.imagesPerSec().containsKey(OPS)) {
      out.printf(Locale.ROOT, "RATIO %s/jkeras=%.3f (wall images/s; by CPU time per image %.3f): Conv2D and Dense"
          + " written in ops against the built-in lowerings%n", OPS,
          pairedRatio(t.imagesPerSec().get(OPS), t.imagesPerSec().get("jkeras")),
          pairedRatio(t.cpuPerImage().get("jkeras"), t.cpuPerImage().get(OPS)));
    }
    if (t.imagesPerSec().containsKey(TUNED)) {
      out.printf(Locale.ROOT, "RATIO jkeras/%s=%.3f (wall images/s; by CPU time per image %.3f): jkeras' own"
          + " overhead, same ops%n", TUNED, pairedRatio(t.imagesPerSec().get("jkeras"), t.imagesPerSec().get(TUNED)),
          pairedRatio(t.cpuPerImage().get(TUNED), t.cpuPerImage().get("jkeras")));
    }
  }

  /** PROFILE lines: the ops taking most of a step (TF's step statistics over 30 traced steps). */
  private void profile(RawTfCnn raw, String name) {
    FloatNdArray x = mnist.train().x().slice(Indices.range(0, s.batch()));
    IntNdArray y = mnist.train().y().slice(Indices.range(0, s.batch()));
    Map<String, Double> ms = raw.profile(x, y, 10, 30);
    double total = ms.values().stream().mapToDouble(Double::doubleValue).sum();
    ms.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
        .forEach(e -> out.printf(Locale.ROOT, "PROFILE system=%s op=%s ms_per_step=%.3f share=%.3f%n", name,
            e.getKey(), e.getValue(), e.getValue() / total));
    out.printf(Locale.ROOT, "PROFILE system=%s op=(all, summed over threads) ms_per_step=%.3f%n", name, total);
    out.flush();
  }

  // ---------------------------------------------------------------- prediction

  private void predictions(Model model, RawTfCnn raw) {
    FloatNdArray test = mnist.test().x();
    double[][] p = predictThroughput(model, raw, test, 256, s.repeats());
    out.printf(Locale.ROOT, "PREDICT system=jkeras batch=256 images_per_sec=%.1f%n", median(p[0]));
    out.printf(Locale.ROOT, "PREDICT system=tfjava-raw batch=256 images_per_sec=%.1f%n", median(p[1]));
    out.printf(Locale.ROOT, "RATIO predict jkeras/tfjava-raw=%.3f (wall images/s; by CPU time per image %.3f)%n",
        pairedRatio(p[0], p[1]), pairedRatio(p[3], p[2]));

    int calls = 500;
    double[] jkLat = new double[calls];
    double[] rwLat = new double[calls];
    for (int i = -50; i < calls; i++) {
      FloatNdArray one = test.slice(Indices.range(i + 50, i + 51));
      long t0 = System.nanoTime();
      if (i % 2 == 0) {
        model.predictOnBatch(one);
      } else {
        raw.predict(one);
      }
      long t1 = System.nanoTime();
      if (i % 2 == 0) {
        raw.predict(one);
      } else {
        model.predictOnBatch(one);
      }
      long t2 = System.nanoTime();
      if (i >= 0) {
        jkLat[i] = (i % 2 == 0 ? t1 - t0 : t2 - t1) / 1e6;
        rwLat[i] = (i % 2 == 0 ? t2 - t1 : t1 - t0) / 1e6;
      }
    }
    Arrays.sort(jkLat);
    Arrays.sort(rwLat);
    out.printf(Locale.ROOT, "LATENCY system=jkeras batch=1 p50_ms=%.3f p99_ms=%.3f%n", jkLat[calls / 2],
        jkLat[calls * 99 / 100]);
    out.printf(Locale.ROOT, "LATENCY system=tfjava-raw batch=1 p50_ms=%.3f p99_ms=%.3f%n", rwLat[calls / 2],
        rwLat[calls * 99 / 100]);
    out.flush();
  }

  /**
   * Images/s of {@code model.predict} and of the raw graph over 1,280 test images (5 batches of 256), alternated
   * per round, who goes first alternating too.
   */
  private static double[][] predictThroughput(Model model, RawTfCnn raw, FloatNdArray test, int batch,
      int repeats) {
    int n = 1280;
    FloatNdArray x = test.slice(Indices.range(0, n));
    double[] cpu = new double[2];
    DoubleSupplier jk = () -> {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      model.predict(x, Predict.batchSize(batch).verbose(0));
      double ips = n / ((System.nanoTime() - t0) / 1e9);
      cpu[0] = (processCpuNanos() - c0) / 1e9 / n;
      return ips;
    };
    DoubleSupplier rw = () -> {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i += batch) {
        raw.predict(x.slice(Indices.range(i, Math.min(n, i + batch))));
      }
      double ips = n / ((System.nanoTime() - t0) / 1e9);
      cpu[1] = (processCpuNanos() - c0) / 1e9 / n;
      return ips;
    };
    jk.getAsDouble(); // warm-up
    rw.getAsDouble();
    int rounds = Math.max(9, 3 * repeats);
    // Rows: jkeras images/s, raw images/s, jkeras CPU s/image, raw CPU s/image.
    double[][] ips = new double[4][rounds];
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        ips[0][r] = jk.getAsDouble();
        ips[1][r] = rw.getAsDouble();
      } else {
        ips[1][r] = rw.getAsDouble();
        ips[0][r] = jk.getAsDouble();
      }
      ips[2][r] = cpu[0];
      ips[3][r] = cpu[1];
    }
    return ips;
  }

  // ---------------------------------------------------------------- each system in its own JVM

  private void processes(Path savedModel, String inputName) throws IOException, InterruptedException {
    List<String> order = List.of("jkeras", "raw", "raw", "jkeras");
    Map<String, List<Map<String, Double>>> figures = new LinkedHashMap<>();
    for (String system : order) {
      List<String> args = new ArrayList<>(List.of("--only", system, "--savedmodel", savedModel + "|" + inputName,
          "--steps", String.valueOf(Math.max(10, s.steps() / 2)), "--batch", String.valueOf(s.batch()),
          "--threads", String.valueOf(s.threads())));
      for (String opt : s.speed()) {
        args.add("--" + opt);
      }
      Map<String, Double> f = child(args, environment(s.speed()), "PROCESS");
      figures.computeIfAbsent(system, k -> new ArrayList<>()).add(f);
    }
    Map<String, Map<String, Double>> means = new LinkedHashMap<>();
    for (var e : figures.entrySet()) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (String key : e.getValue().get(0).keySet()) {
        m.put(key, e.getValue().stream().mapToDouble(f -> f.get(key)).average().orElse(Double.NaN));
      }
      means.put(e.getKey(), m);
      out.printf(Locale.ROOT, "PROCESS system=%s first_step_s=%.2f savedmodel_load_s=%.3f first_prediction_s=%.3f"
          + " peak_rss_mb=%.0f (mean of %d JVMs)%n", e.getKey().equals("raw") ? "tfjava-raw" : "jkeras",
          m.get("first_step_s"), m.get("savedmodel_load_s"), m.get("first_prediction_s"), m.get("peak_rss_mb"),
          e.getValue().size());
    }
    out.printf(Locale.ROOT, "RATIO memory jkeras/tfjava-raw=%.3f start-up=%.3f savedmodel-load=%.3f%n",
        means.get("jkeras").get("peak_rss_mb") / means.get("raw").get("peak_rss_mb"),
        means.get("jkeras").get("first_step_s") / means.get("raw").get("first_step_s"),
        means.get("jkeras").get("savedmodel_load_s") / means.get("raw").get("savedmodel_load_s"));
    out.flush();
  }

  /** Child mode: one system alone in this JVM; prints one PROCESS line. */
  private void processFigures(String system) throws IOException {
    FloatNdArray x = mnist.train().x();
    IntNdArray y = mnist.train().y();
    int b = s.batch();
    double firstStep;
    Model model = null;
    RawTfCnn raw = null;
    try {
      if (system.equals("jkeras")) {
        model = jkerasModel(64, s.speed());
        Model m = model;
        m.fit(x.slice(Indices.range(0, b)), y.slice(Indices.range(0, b)), Fit.epochs(1).batchSize(b).verbose(0));
        firstStep = secondsSinceJvmStart();
        m.fit(x.slice(Indices.range(b, b + (long) s.steps() * b)), y.slice(Indices.range(b, b + (long) s.steps() * b)),
            Fit.epochs(1).batchSize(b).shuffle(false).verbose(0));
        m.predict(mnist.test().x().slice(Indices.range(0, 2560)), Predict.batchSize(256).verbose(0));
      } else {
        raw = new RawTfCnn(glorot(new SplittableRandom(7)), plainConfig());
        raw.step(x.slice(Indices.range(0, b)), y.slice(Indices.range(0, b)));
        firstStep = secondsSinceJvmStart();
        for (int i = 1; i <= s.steps(); i++) {
          raw.step(x.slice(Indices.range((long) i * b, (long) (i + 1) * b)),
              y.slice(Indices.range((long) i * b, (long) (i + 1) * b)));
        }
        for (int i = 0; i < 2560; i += 256) {
          raw.predict(mnist.test().x().slice(Indices.range(i, i + 256)));
        }
      }
      String[] sm = s.savedModel().split("\\|");
      Path dir = Path.of(sm[0]);
      FloatNdArray one = mnist.test().x().slice(Indices.range(0, 1));
      long t0 = System.nanoTime();
      double load;
      double first;
      if (system.equals("jkeras")) {
        try (io.jkeras.tf.SavedModel loaded = io.jkeras.tf.SavedModel.load(dir)) {
          load = (System.nanoTime() - t0) / 1e9;
          loaded.predict(one);
          first = (System.nanoTime() - t0) / 1e9;
        }
      } else {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
          load = (System.nanoTime() - t0) / 1e9;
          try (TFloat32 t = TFloat32.tensorOf(one.shape(), one::copyTo);
              Result r = bundle.function("serving_default").call(Map.<String, Tensor>of(sm[1], t))) {
            r.get(0);
          }
          first = (System.nanoTime() - t0) / 1e9;
        }
      }
      out.printf(Locale.ROOT, "PROCESS system=%s first_step_s=%.3f savedmodel_load_s=%.4f first_prediction_s=%.4f"
          + " peak_rss_mb=%.1f%n", system, firstStep, load, first, peakRssMb());
      out.flush();
    } finally {
      if (model != null) {
        model.close();
      }
      if (raw != null) {
        raw.close();
      }
    }
  }

  /** Glorot-uniform kernels and zero biases of the seed CNN, for the raw system alone (no jkeras loaded). */
  static List<float[]> glorot(SplittableRandom rnd) {
    List<float[]> w = new ArrayList<>();
    for (Shape shape : RawTfCnn.WEIGHT_SHAPES) {
      float[] v = new float[(int) shape.size()];
      if (shape.numDimensions() > 1) {
        long receptive = shape.numDimensions() == 4 ? shape.get(0) * shape.get(1) : 1;
        long fanIn = receptive * shape.get(shape.numDimensions() - 2);
        long fanOut = receptive * shape.get(shape.numDimensions() - 1);
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
        }
      }
      w.add(v);
    }
    return w;
  }

  /** Runs this bench in a child JVM with {@code args} and returns the numbers of its line starting with tag. */
  private Map<String, Double> child(List<String> args, Map<String, String> env, String tag)
      throws IOException, InterruptedException {
    // The same heap limit for every child, so that peak memory compares native use and live data rather than
    // how far each JVM happened to grow its heap.
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + CHILD_HEAP, "-cp", System.getProperty("java.class.path"), "io.jkeras.samples.Main", "bench"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    Map<String, Double> values = null;
    StringBuilder all = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        all.append(line).append('\n');
        if (line.startsWith(tag + " ")) {
          values = new LinkedHashMap<>();
          for (String kv : line.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
              try {
                values.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
              } catch (NumberFormatException e) {
                // a text field (system=..., option=...)
              }
            }
          }
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || values == null) {
      throw new IOException("child bench " + args + " failed (exit " + rc + "):\n" + all);
    }
    return values;
  }

  // ---------------------------------------------------------------- speed options

  private void optionsTable() throws IOException, InterruptedException {
    List<String> sets = new ArrayList<>(List.of("none"));
    sets.addAll(OPTIONS);
    sets.add("bf16,no-spin");
    sets.add("bf16,no-remapper,no-spin");
    out.println("OPTIONS each set in its own JVM: jkeras with the set against the plain hand-written graph,"
        + " alternated; in-graph-data is the hand-written graph fed from inside the graph");
    for (String set : sets) {
      List<String> list = set.equals("none") ? List.of() : List.of(set.split(","));
      // XLA on CPU is an order of magnitude slower: fewer steps keep the table's run time in bounds.
      boolean slow = list.contains("xla");
      List<String> args = List.of("--child-option", set, "--steps",
          String.valueOf(slow ? Math.max(CHUNK, s.steps() / 6) : s.steps()), "--repeats",
          String.valueOf(slow ? Math.min(3, s.repeats()) : s.repeats()), "--warmup", String.valueOf(s.warmup()),
          "--batch", String.valueOf(s.batch()), "--threads", String.valueOf(s.threads()));
      Map<String, Double> f = child(args, environment(list), "OPTION");
      out.printf(Locale.ROOT, "OPTION set=%s system_images_per_sec=%.0f raw_images_per_sec=%.0f ratio=%.3f"
          + " cpu_ratio=%.3f loss_after=%.4f raw_loss_after=%.4f%n", set, f.get("system_images_per_sec"),
          f.get("raw_images_per_sec"), f.get("ratio"), f.get("cpu_ratio"), f.get("loss_after"),
          f.get("raw_loss_after"));
      out.flush();
    }
  }

  /** Child mode: jkeras with an option set (or the in-graph raw graph) against the plain raw graph. */
  private void optionComparison(String set) {
    List<String> list = set.equals("none") ? List.of() : List.of(set.split(","));
    Model model = jkerasModel(64, list);
    try (RawTfCnn raw = new RawTfCnn(new ArrayList<>(model.runtime().getWeights().values()), plainConfig())) {
      Trainable system;
      RawTfCnn inGraph = null;
      if (list.contains("in-graph-data")) {
        inGraph = inGraphRaw(model.runtime().getWeights(), s.batch());
        system = inGraph(inGraph, s.batch());
      } else {
        system = jkeras(model, s.batch());
      }
      Trainable plain = raw(raw, s.batch());
      try {
        Timing t = alternate(List.of(system, plain), s.steps(), s.repeats(), false);
        double[] a = t.imagesPerSec().get(system.name());
        double[] b = t.imagesPerSec().get(plain.name());
        double cpuRatio = pairedRatio(t.cpuPerImage().get(plain.name()), t.cpuPerImage().get(system.name()));
        // Loss on the same fixed batch after the same training, to see that an option keeps the maths.
        double lossA = system.train(0, 1);
        double lossB = plain.train(0, 1);
        out.printf(Locale.ROOT, "OPTION set=%s system_images_per_sec=%.1f raw_images_per_sec=%.1f ratio=%.4f"
            + " cpu_ratio=%.4f loss_after=%.4f raw_loss_after=%.4f%n", set, median(a), median(b), pairedRatio(a, b),
            cpuRatio, lossA, lossB);
      } finally {
        if (inGraph != null) {
          inGraph.close();
        }
      }
    } finally {
      model.close();
    }
    out.flush();
  }

  // ---------------------------------------------------------------- scaling

  private void scale() throws IOException {
    int[] batches = {32, 64, 128, 256};
    int[] widths = {64, 256, 1024, 4096};
    StringBuilder csv = new StringBuilder("sweep,value,jkeras_images_per_sec,raw_images_per_sec,train_ratio,"
        + "jkeras_step_ms,raw_step_ms,jkeras_predict_images_per_sec,raw_predict_images_per_sec,predict_ratio\n");
    double[][] batchMs = new double[2][batches.length];
    double[][] widthMs = new double[2][widths.length];
    out.println("SCALE batch (hidden Dense 64 units): training and predict at that batch size, alternated");
    for (int i = 0; i < batches.length; i++) {
      double[] row = scaleRow(64, batches[i]);
      batchMs[0][i] = row[2];
      batchMs[1][i] = row[3];
      scaleLine(csv, "batch", batches[i], row);
    }
    out.println("SCALE width (batch " + s.batch() + "): units of the hidden Dense layer");
    for (int i = 0; i < widths.length; i++) {
      double[] row = scaleRow(widths[i], s.batch());
      widthMs[0][i] = row[2];
      widthMs[1][i] = row[3];
      scaleLine(csv, "dense_units", widths[i], row);
    }
    Files.createDirectories(s.out());
    Files.writeString(s.out().resolve("bench-scale.csv"), csv, StandardCharsets.UTF_8);
    System.setProperty("java.awt.headless", "true");
    List<XYChart> charts = List.of(
        chart("Training step time vs batch size", "batch size", toDoubles(batches), batchMs),
        chart("Training step time vs Dense width (batch " + s.batch() + ")", "units of the hidden Dense layer",
            toDoubles(widths), widthMs));
    Path png = s.out().resolve("bench-scale.png");
    BitmapEncoder.saveBitmap(charts, 1, 2, png.toString().replaceAll("\\.png$", ""), BitmapFormat.PNG);
    out.println("CHART " + png + " and " + s.out().resolve("bench-scale.csv"));
  }

  /** jkeras and raw at one width and batch size: images/s, step ms, predict images/s, ratios. */
  private double[] scaleRow(int units, int batch) {
    Model model = jkerasModel(units, s.speed());
    try (RawTfCnn raw = new RawTfCnn(new ArrayList<>(model.runtime().getWeights().values()), plainConfig(), units,
        0, 0)) {
      int steps = Math.max(CHUNK, s.steps() * 64 / batch);
      int repeats = Math.min(3, s.repeats()); // eight settings: fewer rounds each keep the sweep short
      Timing t = alternate(List.of(jkeras(model, batch), raw(raw, batch)), steps, repeats, batch, false);
      double[] jk = t.imagesPerSec().get("jkeras");
      double[] rw = t.imagesPerSec().get("tfjava-raw");
      double[][] p = predictThroughput(model, raw, mnist.test().x(), batch, repeats);
      return new double[] {median(jk), median(rw), 1000.0 * batch / median(jk), 1000.0 * batch / median(rw),
          pairedRatio(jk, rw), median(p[0]), median(p[1]), pairedRatio(p[0], p[1])};
    } finally {
      model.close();
    }
  }

  private void scaleLine(StringBuilder csv, String sweep, int value, double[] r) {
    out.printf(Locale.ROOT, "SCALE %s=%d train images/s jkeras=%.0f raw=%.0f ratio=%.3f step_ms jkeras=%.2f"
        + " raw=%.2f predict images/s jkeras=%.0f raw=%.0f ratio=%.3f%n", sweep, value, r[0], r[1], r[4], r[2],
        r[3], r[5], r[6], r[7]);
    out.flush();
    csv.append(String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%.4f,%.3f,%.3f,%.1f,%.1f,%.4f%n", sweep, value, r[0],
        r[1], r[4], r[2], r[3], r[5], r[6], r[7]));
  }

  private static XYChart chart(String title, String xTitle, double[] x, double[][] ms) {
    XYChart c = new XYChartBuilder().width(560).height(420).title(title).xAxisTitle(xTitle)
        .yAxisTitle("ms per training step").build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setXAxisDecimalPattern("0").setLegendPosition(LegendPosition.InsideNW);
    c.addSeries("jkeras", x, ms[0]).setMarker(SeriesMarkers.CIRCLE);
    c.addSeries("hand-written TF Java", x, ms[1]).setMarker(SeriesMarkers.DIAMOND);
    return c;
  }

  private static double[] toDoubles(int[] v) {
    return Arrays.stream(v).asDoubleStream().toArray();
  }

  // ---------------------------------------------------------------- small things

  static double median(double[] v) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double secondsSinceJvmStart() {
    return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
  }

  private static String cpuName() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return System.getProperty("os.arch");
    }
    return System.getProperty("os.arch");
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
