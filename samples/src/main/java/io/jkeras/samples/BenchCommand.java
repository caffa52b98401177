package io.jkeras.samples;

import io.jkeras.samples.bench.CnnBenchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jkeras bench}: jkeras against a hand-written TensorFlow Java graph of the seed CNN. */
@Command(name = "bench",
    header = "Benchmark the seed CNN: jkeras against a hand-written TensorFlow Java graph.",
    mixinStandardHelpOptions = true,
    description = "Trains the seed CNN on MNIST with jkeras and with the same model written in raw TF Java ops"
        + " (fused Adam), from the same weights on the same batches, alternating the two in one process; prints"
        + " RESULT lines (images/s), the RATIO jkeras/tfjava-raw (and against tfjava-raw-tuned, the hand-written"
        + " graph built from jkeras' op choices), prediction throughput at batch 256, single-example"
        + " latency, and (each system alone in its own JVM) time to the first training step, SavedModel load time"
        + " and peak memory. --options measures every speed switch, --scale the batch sizes and Dense widths.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
      description = "Timed steps per system and repeat (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
      description = "TensorFlow intra- and inter-op threads of each system (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "5",
      description = "Alternations of the systems; figures are medians (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
      description = "Untimed steps per system first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--xla", description = "jkeras with XLA JIT (RuntimeOptions.jitCompile; the bench sets"
      + " TF_XLA_FLAGS=--tf_xla_cpu_global_jit, in a child JVM if needed).")
  boolean xla;

  @Option(names = "--no-remapper", description = "jkeras without op fusions: grappler's remapper and jkeras'"
      + " fused training Conv2D (RuntimeOptions.remapping(false)).")
  boolean noRemapper;

  @Option(names = "--bf16", description = "jkeras with Keras' mixed_bfloat16 policy"
      + " (RuntimeOptions.mixedPrecision(\"mixed_bfloat16\")).")
  boolean bf16;

  @Option(names = "--no-spin", description = "jkeras without TF worker-thread spinning"
      + " (RuntimeOptions.threadSpinning(false)).")
  boolean noSpin;

  @Option(names = "--onednn-off", description = "oneDNN off for the whole process (TF_ENABLE_ONEDNN_OPTS=0,"
      + " in a child JVM if needed); both systems run without it.")
  boolean onednnOff;

  @Option(names = "--in-graph-data", description = "Adds a third system: the hand-written graph holding the"
      + " training set in variables, each step feeding only its start index.")
  boolean inGraphData;

  @Option(names = "--processes", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also run each system alone in its own JVM: time from JVM start to the first finished"
          + " training step, SavedModel load time, peak resident memory (default: on; --no-processes skips).")
  boolean processes;

  @Option(names = "--options", description = "Also measure every speed switch (and two combinations), each in its"
      + " own JVM, against the plain hand-written graph.")
  boolean options;

  @Option(names = "--scale", description = "Also measure batch sizes 32-256 and hidden Dense widths 64-4096;"
      + " writes bench-scale.csv and bench-scale.png under --out.")
  boolean scale;

  @Option(names = "--profile", description = "Also print where a training step's time goes: TF's per-op step"
      + " statistics of the plain and the tuned hand-written graph (the tuned one has jkeras' ops).")
  boolean profile;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/bench",
      description = "Where the SavedModel and the scaling chart go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--only", hidden = true, description = "Child mode: jkeras or raw alone in this JVM.")
  String only;

  @Option(names = "--child-option", hidden = true, description = "Child mode: one option set against raw.")
  String childOption;

  @Option(names = "--savedmodel", hidden = true, description = "Child mode: DIR|INPUT_NAME of the SavedModel.")
  String savedModel;

  @Override
  public Integer call() throws Exception {
    for (int[] v : new int[][] {{batch, 1}, {steps, 1}, {threads, 1}, {repeats, 1}, {warmup, 0}}) {
      if (v[0] < v[1]) {
        throw new ParameterException(spec.commandLine(), "--batch, --steps, --threads and --repeats must be >= 1"
            + " and --warmup >= 0; got batch=" + batch + " steps=" + steps + " threads=" + threads + " repeats="
            + repeats + " warmup=" + warmup);
      }
    }
    if ((long) (steps + Math.max(1, warmup)) * batch > 60_000) {
      throw new ParameterException(spec.commandLine(), "(--steps + --warmup) x --batch must fit in the 60,000"
          + " MNIST training images, got (" + steps + " + " + warmup + ") x " + batch);
    }
    if (only != null && !only.equals("jkeras") && !only.equals("raw")) {
      throw new ParameterException(spec.commandLine(), "--only must be jkeras or raw, got '" + only + "'");
    }
    if (only != null && savedModel == null) {
      throw new ParameterException(spec.commandLine(), "--only needs --savedmodel DIR|INPUT_NAME");
    }
    List<String> speed = new ArrayList<>();
    if (xla) {
      speed.add("xla");
    }
    if (noRemapper) {
      speed.add("no-remapper");
    }
    if (bf16) {
      speed.add("bf16");
    }
    if (noSpin) {
      speed.add("no-spin");
    }
    if (onednnOff) {
      speed.add("onednn-off");
    }
    if (inGraphData) {
      speed.add("in-graph-data");
    }
    if (!CnnBenchmark.hasEnvironment(speed) && only == null && childOption == null) {
      // TensorFlow reads these variables when it loads: run the same bench again in a JVM that has them.
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.jkeras.samples.Main"));
      cmd.addAll(spec.commandLine().getParseResult().originalArgs());
      ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
      pb.environment().putAll(CnnBenchmark.environment(speed));
      return pb.start().waitFor();
    }
    new CnnBenchmark(new CnnBenchmark.Settings(batch, steps, threads, repeats, warmup, speed, processes, options,
        scale, profile, out, only, childOption, savedModel), spec.commandLine().getOut()).run();
    return 0;
  }
}
