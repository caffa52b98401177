package io.jkeras.samples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jkeras bench}: the benchmarks; a later issue. */
@Command(name = "bench",
    header = "Benchmarks (planned in a later issue).",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (training throughput, step latency). Not written yet: planned in a later issue.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println(
        "jkeras bench: the benchmarks are not written yet (planned in a later issue); try 'jkeras mnist'");
    spec.commandLine().getErr().flush();
    return 1;
  }
}
