package io.jkeras.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.RuntimeOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's bookkeeping: paired ratios, and how its switches map to RuntimeOptions and the environment. */
class CnnBenchmarkTest {
  @Test
  void pairedRatioIsTheMedianOfPerRoundRatios() {
    // Rounds 2/1, 3/3, 10/20 -> per-round ratios 2, 1, 0.5 -> median 1 (the ratio of medians would be 3/3).
    assertEquals(1.0, CnnBenchmark.pairedRatio(new double[] {2, 3, 10}, new double[] {1, 3, 20}), 1e-12);
    assertEquals(1.5, CnnBenchmark.median(new double[] {2, 1}), 1e-12);
  }

  @Test
  void switchesMapToRuntimeOptions() {
    RuntimeOptions o = CnnBenchmark.runtimeOptions(2, List.of("bf16", "no-remapper", "no-spin", "xla"));
    assertEquals("mixed_bfloat16", o.mixedPrecision());
    assertFalse(o.remapping());
    assertFalse(o.threadSpinning());
    assertTrue(o.jitCompile());
    assertEquals(2, o.intraOpThreads());
    RuntimeOptions plain = CnnBenchmark.runtimeOptions(1, List.of());
    assertEquals("float32", plain.mixedPrecision());
    assertTrue(plain.remapping());
    assertThrows(IllegalArgumentException.class, () -> CnnBenchmark.runtimeOptions(1, List.of("turbo")));
  }

  @Test
  void environmentSwitchesNameTheirVariables() {
    assertEquals(Map.of("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit", "TF_ENABLE_ONEDNN_OPTS", "0"),
        CnnBenchmark.environment(List.of("xla", "onednn-off", "bf16")));
    assertTrue(CnnBenchmark.environment(List.of("bf16")).isEmpty());
    assertTrue(CnnBenchmark.hasEnvironment(List.of("no-spin")));
  }

  /** On Linux the process CPU time comes from the threads' schedstat, in nanoseconds (the JVM's is in 10 ms ticks). */
  @Test
  void processCpuTimeHasNanosecondResolutionOnLinux() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")), "Linux /proc only");
    long before = CnnBenchmark.processCpuNanos();
    long t0 = System.nanoTime();
    double x = 0;
    // 50 ms: the kernel adds a running thread's time to schedstat at scheduler ticks (every 4 ms at 250 Hz) and
    // context switches, so a 2 ms loop could read no change at all.
    while (System.nanoTime() - t0 < 50_000_000) {
      x += Math.sqrt(x + 1);
    }
    long delta = CnnBenchmark.processCpuNanos() - before;
    org.junit.jupiter.api.Assertions.assertTrue(delta > 0 && delta < 500_000_000L, "delta " + delta + " " + x);
    org.junit.jupiter.api.Assertions.assertNotEquals(0, delta % 1_000_000, "whole milliseconds: " + delta);
  }
}
