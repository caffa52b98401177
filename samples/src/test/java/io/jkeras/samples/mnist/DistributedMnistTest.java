package io.jkeras.samples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.Keras;
import io.jkeras.distribute.MultiWorkerMirroredStrategy;
import io.jkeras.distribute.TfConfig;
import io.jkeras.samples.FakeTrainingApi;
import io.jkeras.samples.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jkeras mnist --workers N} and {@code jkeras worker}: options, the workers' command lines and TF_CONFIG,
 * and the job's chief and worker endings, with a fake training API (the real two-process training is
 * runtime-tf's MultiWorkerMirroredStrategyTest; docs/DISTRIBUTED.md has a full MNIST run).
 */
class DistributedMnistTest {
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

  private MnistJob.Options options(OptionalInt threads, OptionalLong seed) {
    return new MnistJob.Options(2, 32, 0.1, threads, Optional.of(tmp), tmp.resolve("export"), tmp.resolve("out"),
        seed, List.of("no-spin"));
  }

  @Test
  void badWorkerCountsAreUsageErrors() {
    assertEquals(2, run("mnist", "--workers", "0"));
    assertTrue(err.toString().contains("--workers must be >= 1, got 0"), err::toString);
    err.getBuffer().setLength(0);
    assertEquals(2, run("mnist", "--workers", "4", "--batch-size", "2"));
    assertTrue(err.toString().contains("--batch-size 2 is the global batch, split over --workers 4: a per-worker"
        + " batch of 0"), err::toString);
    assertTrue(api.calls.isEmpty(), api.calls::toString);
  }

  @Test
  void aWorkerNeedsTfConfigAndNoWorkerCount() {
    assumeTrue(System.getenv(TfConfig.ENV) == null, "TF_CONFIG is set in this environment");
    assertEquals(2, run("worker", "--data", tmp.toString()));
    assertTrue(err.toString().startsWith("jkeras worker: TF_CONFIG is not set: 'jkeras worker' runs one task"),
        err::toString);
    err.getBuffer().setLength(0);
    assertEquals(2, run("worker", "--workers", "2"));
    assertTrue(err.toString().contains("--workers is for 'jkeras mnist'"), err::toString);
  }

  @Test
  void workersGetTheSameJobTheirOwnTfConfigAndAShareOfTheCores() throws Exception {
    MnistJob.Options o = LocalCluster.forWorkers(options(OptionalInt.empty(), OptionalLong.empty()), 2);
    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), o.threads().getAsInt());
    assertTrue(o.seed().isPresent(), "a seed shared by the workers is drawn");
    // the worker's command line parses back to the same options
    List<String> args = LocalCluster.workerArguments(o);
    var parsed = Main.commandLine(api).parseArgs(args.toArray(String[]::new));
    WorkerCommand worker = (WorkerCommand) parsed.subcommand().commandSpec().userObject();
    assertEquals(o, worker.validated());
    List<String> java = LocalCluster.javaCommand(args);
    assertTrue(java.containsAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker")),
        java::toString);
    // given threads and seed are kept
    MnistJob.Options given = LocalCluster.forWorkers(options(OptionalInt.of(3), OptionalLong.of(5)), 4);
    assertEquals(OptionalInt.of(3), given.threads());
    assertEquals(OptionalLong.of(5), given.seed());

    int[] ports = LocalCluster.freePorts(3);
    assertEquals(3, Arrays.stream(ports).distinct().count());
    TfConfig c = LocalCluster.config(ports, 2);
    assertEquals(List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]),
        c.cluster().get("worker"));
    assertEquals(2, c.rank());
    assertEquals(c, TfConfig.parse(c.toJson()));
  }

  @Test
  void theChiefEndsWithResultAndWorkersTheOthersWithAWorkerLine() throws Exception {
    int[] ports = {1111, 2222};
    var chief = new MnistJob(api, new PrintWriter(out, true)).run(options(OptionalInt.empty(), OptionalLong.of(1)),
        new MultiWorkerMirroredStrategy(LocalCluster.config(ports, 0)));
    assertEquals(2, chief.workers());
    assertTrue(chief.resultLine().startsWith("RESULT task=mnist-cnn epochs=2 "));
    assertTrue(chief.resultLine().endsWith(" workers=2"), chief.resultLine());
    assertTrue(out.toString().strip().endsWith(chief.resultLine()), out::toString);
    assertTrue(api.calls.stream().anyMatch(c -> c.startsWith("export")), api.calls::toString);

    Keras.clearSession();
    api.calls.clear();
    out.getBuffer().setLength(0);
    var other = new MnistJob(api, new PrintWriter(out, true)).run(options(OptionalInt.empty(), OptionalLong.of(1)),
        new MultiWorkerMirroredStrategy(LocalCluster.config(ports, 1)));
    assertNull(other);
    assertTrue(out.toString().contains("WORKER of 2: trained 2 epochs"), out::toString);
    assertFalse(api.calls.stream().anyMatch(c -> c.startsWith("export") || c.startsWith("evaluate")),
        api.calls::toString);
    // one process: no workers= field
    assertFalse(new MnistJob.Outcome(1, 0.9, 0.1, 1, 1, java.util.OptionalDouble.empty(), Optional.empty(),
        tmp, tmp).resultLine().contains("workers="));
  }

  @Test
  void oneWorkerTrainsInThisProcessAndSaysSo() {
    assertEquals(0, run("mnist", "--workers", "1", "--epochs", "1", "--data", tmp.toString(), "--export",
        tmp.resolve("export").toString(), "--out", tmp.resolve("out").toString()), err::toString);
    assertTrue(out.toString().strip().endsWith(" workers=1"), out::toString);
  }
}
