package io.jkeras.samples;

import io.jkeras.samples.bench.CnnBenchmark;
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
        + " RESULT lines (images/s, final loss), the RATIO jkeras/tfjava-raw, prediction throughput at batch 256"
        + " and single-example latency.")
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
      description = "Alternations of the two systems; figures are medians (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
      description = "Untimed steps per system first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    for (int[] v : new int[][] {{batch, 1}, {steps, 1}, {threads, 1}, {repeats, 1}, {warmup, 0}}) {
      if (v[0] < v[1]) {
        throw new ParameterException(spec.commandLine(), "--batch, --steps, --threads and --repeats must be >= 1"
            + " and --warmup >= 0; got batch=" + batch + " steps=" + steps + " threads=" + threads + " repeats="
            + repeats + " warmup=" + warmup);
      }
    }
    if ((long) steps * batch > 60_000) {
      throw new ParameterException(spec.commandLine(), "--steps x --batch must fit in the 60,000 MNIST training"
          + " images, got " + steps + " x " + batch);
    }
    new CnnBenchmark(new CnnBenchmark.Settings(batch, steps, threads, repeats, warmup), spec.commandLine().getOut())
        .run();
    return 0;
  }
}
