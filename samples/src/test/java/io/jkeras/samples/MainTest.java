package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.samples.mnist.MnistCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher's command line, run in-process: exit status, and one line on stderr for bad input. */
class MainTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final FakeTrainingApi api = new FakeTrainingApi(100, 20);

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), api);
  }

  /** Exit status 2, nothing on stdout, exactly one line on stderr, and no stack trace. */
  private void assertUsageError(String expectedLine, String... args) {
    assertEquals(2, run(args), () -> "stdout: " + out + "\nstderr: " + err);
    assertEquals(expectedLine + "\n", err.toString().replace(System.lineSeparator(), "\n"));
    assertEquals("", out.toString());
    assertTrue(api.calls.isEmpty(), api.calls::toString);
  }

  private MnistCommand parseMnist(String... args) {
    CommandLine cl = Main.commandLine(api);
    var parsed = cl.parseArgs(args);
    return (MnistCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void mnistDefaults() {
    var o = parseMnist("mnist").validated();
    assertEquals(new io.jkeras.samples.mnist.MnistJob.Options(3, 64, 0.1, OptionalInt.empty(), Optional.empty(),
        Path.of("target/mnist-savedmodel"), Path.of("target/mnist"), OptionalLong.empty()), o);
  }

  @Test
  void mnistAllFlags() {
    var o = parseMnist("mnist", "--epochs", "5", "--batch-size=128", "--validation-split", "0",
        "--threads", "2", "--data", tmp.toString(),
        "--export", tmp.resolve("a/b").toString(), "--out", tmp.resolve("o").toString(), "--seed", "-42")
        .validated();
    assertEquals(new io.jkeras.samples.mnist.MnistJob.Options(5, 128, 0.0, OptionalInt.of(2), Optional.of(tmp),
        tmp.resolve("a/b"), tmp.resolve("o"), OptionalLong.of(-42)), o);
  }

  @Test
  void mnistRunsTheJobWithTheParsedOptions() {
    int status = run("mnist", "--epochs", "1", "--batch-size", "16", "--seed", "3", "--data", tmp.toString(),
        "--export", tmp.resolve("export").toString(), "--out", tmp.resolve("out").toString());
    // The real summary may not be in this build; the job prints it before training.
    if (status == 0) {
      assertTrue(api.calls.contains("fit [100, 28, 28, 1] epochs=1 batch=16 split=0.1"), api.calls::toString);
      assertTrue(out.toString().contains("RESULT task=mnist-cnn epochs=1 "), out::toString);
      assertTrue(Files.exists(tmp.resolve("out/history.csv")));
    } else {
      assertEquals(1, status);
      assertTrue(err.toString().contains("jkeras mnist: error: "), err::toString);
    }
  }

  @Test
  void unknownOption() {
    assertUsageError("jkeras mnist: Unknown options: '--epoch', '3' (see 'jkeras mnist --help')",
        "mnist", "--epoch", "3");
  }

  @Test
  void notANumber() {
    assertUsageError("jkeras mnist: Invalid value for option '--epochs': 'three' is not an int"
        + " (see 'jkeras mnist --help')", "mnist", "--epochs", "three");
  }

  @Test
  void missingValue() {
    assertUsageError("jkeras mnist: Missing required parameter for option '--batch-size' (N)"
        + " (see 'jkeras mnist --help')", "mnist", "--batch-size");
  }

  @Test
  void epochsMustBePositive() {
    assertUsageError("jkeras mnist: --epochs must be >= 1, got 0 (see 'jkeras mnist --help')",
        "mnist", "--epochs", "0");
  }

  @Test
  void batchSizeMustBePositive() {
    assertUsageError("jkeras mnist: --batch-size must be > 0, got -8 (see 'jkeras mnist --help')",
        "mnist", "--batch-size", "-8");
  }

  @Test
  void validationSplitMustBeAFraction() {
    assertUsageError("jkeras mnist: --validation-split must be in [0, 1), got 1.0 (see 'jkeras mnist --help')",
        "mnist", "--validation-split", "1");
  }

  @Test
  void threadsMustBePositive() {
    assertUsageError("jkeras mnist: --threads must be >= 1, got 0 (see 'jkeras mnist --help')",
        "mnist", "--threads", "0");
  }

  @Test
  void dataDirMustExist() {
    Path missing = tmp.resolve("nowhere");
    assertUsageError("jkeras mnist: --data: directory '" + missing + "' does not exist"
        + " (see 'jkeras mnist --help')", "mnist", "--data", missing.toString());
  }

  @Test
  void dataMustBeADirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    assertUsageError("jkeras mnist: --data: '" + file + "' is not a directory (see 'jkeras mnist --help')",
        "mnist", "--data", file.toString());
  }

  @Test
  void exportMustNotBeAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    assertUsageError("jkeras mnist: --export: '" + file + "' exists and is not a directory"
        + " (see 'jkeras mnist --help')", "mnist", "--export", file.toString());
  }

  @Test
  void exportMustBeWritable() throws Exception {
    Path locked = Files.createDirectory(tmp.resolve("locked"));
    assertTrue(locked.toFile().setWritable(false, false));
    try {
      // root may write anywhere; the check is only meaningful for other users.
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "running as root");
      Path dir = locked.resolve("model");
      assertUsageError("jkeras mnist: --export: '" + dir + "' is not writable (" + locked
          + " is not writable) (see 'jkeras mnist --help')", "mnist", "--export", dir.toString());
    } finally {
      locked.toFile().setWritable(true, false);
    }
  }

  @Test
  void unknownCommand() {
    assertEquals(2, run("train"));
    assertEquals(1, err.toString().lines().count(), err::toString);
    assertTrue(err.toString().startsWith("jkeras: Unmatched argument at index 0: 'train'"), err::toString);
    assertTrue(err.toString().strip().endsWith("(see 'jkeras --help')"), err::toString);
  }

  @Test
  void missingCommand() {
    assertEquals(2, run());
    assertEquals("jkeras: a command is missing; one of [mnist, worker, functional-cnn, sequential-cnn, multimodal, bench,"
        + " resnet-mini, mnist-lstm, transformer-block, custom-layer, vae]"
        + " (see 'jkeras --help')\n", err.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void helpOfEveryCommand() {
    for (String c : new String[] {"mnist", "worker", "functional-cnn", "sequential-cnn", "multimodal", "bench",
        "resnet-mini", "mnist-lstm", "transformer-block", "custom-layer", "vae"}) {
      out.getBuffer().setLength(0);
      assertEquals(0, run(c, "--help"), c);
      assertTrue(out.toString().contains("\nUsage: jkeras " + c + " "), out::toString);
    }
    assertTrue(out.toString().contains("--help"));
    out.getBuffer().setLength(0);
    assertEquals(0, run("mnist", "--help"));
    for (String flag : new String[] {"--epochs", "--batch-size", "--threads", "--data", "--export", "--seed"}) {
      assertTrue(out.toString().contains(flag), () -> flag + " missing in\n" + out);
    }
    assertTrue(out.toString().contains("(default: 64)"), out::toString);
    assertEquals("", err.toString());
  }

  @Test
  void benchRejectsBadSettingsInOneLine() {
    assertEquals(2, run("bench", "--steps", "0"));
    assertTrue(err.toString().startsWith("jkeras bench: --batch, --steps, --threads and --repeats must be >= 1"),
        err::toString);
    assertEquals(1, err.toString().lines().count(), err::toString);
  }

  @Test
  void seedCommandsCompileWithTheProgramsArguments() {
    int status = run("multimodal", "--epochs", "0", "--plot", tmp.resolve("m.dot").toString());
    assertEquals(0, status, err::toString);
    // compile ran before the summary, with the program's arguments resolved against the model.
    assertEquals("compile functional", api.calls.get(0));
    var config = api.compiled.get().resolve(SeedPrograms.multimodal());
    assertEquals("Adam", config.optimizer().className());
    var cls = config.outputs().get(0);
    var reg = config.outputs().get(1);
    assertEquals("classification_output", cls.outputName());
    assertEquals("CategoricalCrossentropy", cls.loss().className());
    assertEquals(1, cls.metrics().size());
    assertEquals("CategoricalAccuracy", cls.metrics().get(0).className());
    assertEquals("regression_output", reg.outputName());
    assertEquals("MeanSquaredError", reg.loss().className());
    assertEquals("MeanAbsoluteError", reg.metrics().get(0).className());
  }

  @Test
  void aTruncatedDataFileIsAOneLineUsageError() throws Exception {
    Path dir = tmp.resolve("bad-mnist");
    java.nio.file.Files.createDirectories(dir);
    for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
      java.nio.file.Files.write(dir.resolve(f), new byte[] {0x1f, (byte) 0x8b, 8, 0});
    }
    // The real loader on the bad files, through the real API (no runtime is needed to fail there).
    TrainingApi failing = new KerasTrainingApi();
    java.io.StringWriter errText = new java.io.StringWriter();
    var cl = Main.commandLine(failing);
    cl.setErr(new java.io.PrintWriter(errText));
    cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
    int status = cl.execute("mnist", "--data", dir.toString());
    assertEquals(Main.USAGE, status);
    String err = errText.toString();
    assertTrue(err.startsWith("jkeras mnist: --data: ") && err.contains("train-images-idx3-ubyte.gz"), err);
    assertEquals(1, err.lines().count(), err);
  }
}
