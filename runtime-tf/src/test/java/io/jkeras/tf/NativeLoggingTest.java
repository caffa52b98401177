package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow's INFO lines are off by default for a program run with plain {@code java} (no
 * {@code TF_CPP_MIN_LOG_LEVEL} in the environment), come back with {@code -Djkeras.tf.minLogLevel=0} or
 * {@code TF_CPP_MIN_LOG_LEVEL=0}, and warnings and errors show in every case. Each case runs {@link
 * QuietLogsChild} in a child JVM and reads its standard error.
 */
class NativeLoggingTest {
  private static final List<String> INFO_LINES = List.of(
      "oneDNN custom operations are on",
      "Calling Java gradient function for operation of type SparseSoftmaxCrossEntropyWithLogits",
      "MLIR V1 optimization pass is not enabled",
      "All log messages before absl::InitializeLog() is called",
      QuietLogsChild.INFO_TEXT);

  @TempDir Path tmp;

  @Test
  void infoLinesAreOffByDefaultAndWarningsAndErrorsShow() throws Exception {
    String err = runChild(List.of(), null);
    for (String info : INFO_LINES) {
      assertFalse(err.contains(info), () -> "INFO line '" + info + "' in standard error:\n" + err);
    }
    assertTrue(err.contains(QuietLogsChild.WARNING_TEXT), () -> "no WARNING line in standard error:\n" + err);
    assertTrue(err.contains(QuietLogsChild.ERROR_TEXT), () -> "no ERROR line in standard error:\n" + err);
  }

  @Test
  void systemPropertyZeroShowsTheInfoLines() throws Exception {
    String err = runChild(List.of("-D" + NativeLogging.PROPERTY + "=0"), null);
    assertTrue(err.contains("Calling Java gradient function for operation of type"), err);
    assertTrue(err.contains("MLIR V1 optimization pass is not enabled"), err);
    assertTrue(err.contains(QuietLogsChild.INFO_TEXT), err);
    assertTrue(err.contains(QuietLogsChild.WARNING_TEXT), err);
  }

  @Test
  void environmentVariableIsRespected() throws Exception {
    String shown = runChild(List.of(), "0");
    assertTrue(shown.contains("Calling Java gradient function for operation of type"), shown);
    assertTrue(shown.contains(QuietLogsChild.INFO_TEXT), shown);
    String errorsOnly = runChild(List.of(), "2");
    assertFalse(errorsOnly.contains(QuietLogsChild.WARNING_TEXT), errorsOnly);
    assertTrue(errorsOnly.contains(QuietLogsChild.ERROR_TEXT), errorsOnly);
  }

  @Test
  void settingsPreferThePropertyThenTheEnvironment() {
    assertEquals(new NativeLogging.Settings(1, true, null), NativeLogging.settings(null, null));
    assertEquals(new NativeLogging.Settings(0, true, null), NativeLogging.settings("0", null));
    assertEquals(new NativeLogging.Settings(0, true, null), NativeLogging.settings("0", "2"));
    assertEquals(new NativeLogging.Settings(2, false, null), NativeLogging.settings("2", "2"));
    assertEquals(new NativeLogging.Settings(3, false, null), NativeLogging.settings(null, "3"));
    NativeLogging.Settings bad = NativeLogging.settings("loud", null);
    assertEquals(1, bad.level());
    assertNotNull(bad.problem());
    assertTrue(bad.problem().contains("jkeras.tf.minLogLevel=loud"), bad.problem());
    assertNull(NativeLogging.settings(" 2 ", null).problem());
    assertEquals(1, NativeLogging.settings("7", "1").level());
  }

  @Test
  void filterDropsLogLinesBelowTheLevelAndKeepsEverythingElse() {
    String captured = String.join("\n",
        "2026-12-06 02:49:23.936868: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on.",
        "2026-12-06 02:49:24.334920: I tensorflow/core/platform/cpu_feature_guard.cc:210] This TensorFlow binary",
        "To enable the following instructions: AVX2 AVX512F FMA, in other operations, rebuild TensorFlow.",
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "I0000 00:00:1796525364.447780    6672 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass",
        "W0000 00:00:1796525364.447780    6672 some_pass.cc:12] an Abseil warning",
        "2026-12-06 02:49:24.982646: W tensorflow/core/framework/op_kernel.cc:1857] OP_REQUIRES failed",
        "\t [[{{node Reshape}}]]",
        "a line from Java",
        "2026-12-06 02:49:24.982646: E tensorflow/core/x.cc:1] an error",
        "");
    String kept = NativeLogging.filter(captured, 1);
    assertEquals(String.join("\n",
        "W0000 00:00:1796525364.447780    6672 some_pass.cc:12] an Abseil warning",
        "2026-12-06 02:49:24.982646: W tensorflow/core/framework/op_kernel.cc:1857] OP_REQUIRES failed",
        "\t [[{{node Reshape}}]]",
        "a line from Java",
        "2026-12-06 02:49:24.982646: E tensorflow/core/x.cc:1] an error",
        ""), kept);
    assertEquals(String.join("\n", "a line from Java",
        "2026-12-06 02:49:24.982646: E tensorflow/core/x.cc:1] an error", ""), NativeLogging.filter(captured, 2));
    assertEquals(captured, NativeLogging.filter(captured, 0));
  }

  /** Runs the child with the extra JVM options and TF_CPP_MIN_LOG_LEVEL (null: unset); returns its stderr. */
  private String runChild(List<String> jvmOptions, String tfCppMinLogLevel) throws IOException, InterruptedException {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
        "the child calls TF_Log in libtensorflow_framework.so.2 (Linux)");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, QuietLogsChild.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.remove(NativeLogging.ENV);
    if (tfCppMinLogLevel != null) {
      env.put(NativeLogging.ENV, tfCppMinLogLevel);
    }
    Path out = Files.createTempFile(tmp, "child", ".out");
    Path err = Files.createTempFile(tmp, "child", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process child = pb.start();
    try {
      // A bound, not a timing: the child trains 2 steps of a 15-weight model.
      assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the child JVM did not end within 180 s");
    } finally {
      child.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), () -> "child failed:\n" + stdout + "\n" + stderr);
    assertTrue(stdout.contains(QuietLogsChild.DONE), stdout);
    return stderr;
  }
}
