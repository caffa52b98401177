package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.distribute.TfConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * {@code MultiWorkerMirroredStrategy} over two worker processes on 127.0.0.1 (child JVMs this test starts and
 * ends, each with its TF_CONFIG and TensorFlow's gRPC server): the same losses and weights as one process with
 * the global batch over 20 Adam steps; a worker killed mid-training makes the other fail within the collective
 * timeout; a worker whose peer never starts fails within the startup timeout. Every wait is bounded and every
 * child is ended by its own handle.
 *
 * <p>TensorFlow's server binds its port on every interface (0.0.0.0, fixed in TensorFlow's gRPC server); the
 * cluster's addresses are 127.0.0.1 and the ports free ones, and the servers live as long as the test's children.
 */
class MultiWorkerMirroredStrategyTest {
  /** Bound on a child that trains 20 steps of a tiny model (JVM and TensorFlow start included). */
  private static final long CHILD_SECONDS = 120;

  @TempDir Path tmp;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void endChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static TfConfig cluster(int[] ports, int task) {
    List<String> workers = new ArrayList<>();
    for (int p : ports) {
      workers.add("127.0.0.1:" + p);
    }
    return new TfConfig(Map.of("worker", workers), "worker", task);
  }

  private record Child(Process process, Path out, Path err) {
    String stdout() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }
  }

  private Child start(TfConfig config, int steps, int batch, int collectiveSeconds, int startupSeconds)
      throws IOException {
    return start(config, steps, batch, collectiveSeconds, startupSeconds, "mlp");
  }

  private Child start(TfConfig config, int steps, int batch, int collectiveSeconds, int startupSeconds,
      String model) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", classPath, MultiWorkerChild.class.getName(), String.valueOf(steps),
        String.valueOf(batch), String.valueOf(collectiveSeconds), String.valueOf(startupSeconds), model);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put(TfConfig.ENV, config.toJson());
    int task = config.taskIndex();
    Path out = tmp.resolve("worker" + task + ".out");
    Path err = tmp.resolve("worker" + task + ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    children.add(p);
    return new Child(p, out, err);
  }

  private static void awaitExit(Child c, long seconds, String what) throws Exception {
    assertTrue(c.process().waitFor(seconds, TimeUnit.SECONDS), what + " did not end within " + seconds + " s:\n"
        + c.stdout() + "\n" + tail(c.stderr()));
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
  }

  /** The LOSS and WEIGHT lines of a child's output. */
  private static MirroredStrategyTest.Run parse(String stdout, List<FloatNdArray> shapes) {
    List<Double> losses = new ArrayList<>();
    Map<Integer, float[]> weights = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      String[] f = line.strip().split(" ");
      if (f[0].equals("LOSS")) {
        losses.add(Double.parseDouble(f[2]));
      } else if (f[0].equals("WEIGHT")) {
        float[] v = new float[f.length - 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = Float.parseFloat(f[i + 2]);
        }
        weights.put(Integer.parseInt(f[1]), v);
      }
    }
    List<FloatNdArray> out = new ArrayList<>();
    for (int w = 0; w < shapes.size(); w++) {
      FloatNdArray a = org.tensorflow.ndarray.NdArrays.ofFloats(shapes.get(w).shape());
      float[] v = weights.get(w);
      assertEquals(a.size(), v.length, "weight " + w);
      a.copyFrom(org.tensorflow.ndarray.buffer.DataBuffers.of(v, true, false));
      out.add(a);
    }
    return new MirroredStrategyTest.Run(losses, out);
  }

  @Test
  void twoWorkerProcessesTrainAsOneProcessWithTheGlobalBatch() throws Exception {
    int batch = 2 * MirroredStrategyTest.PER_REPLICA;
    int[] ports = {freePort(), freePort()};
    Child w0 = start(cluster(ports, 0), MirroredStrategyTest.STEPS, batch, 60, 60);
    Child w1 = start(cluster(ports, 1), MirroredStrategyTest.STEPS, batch, 60, 60);
    // meanwhile, one process on the whole batch
    Keras.clearSession();
    MirroredStrategyTest.Run one;
    try (Model m = MirroredStrategyTest.mlp()) {
      one = MirroredStrategyTest.train(m, batch);
    }
    awaitExit(w0, CHILD_SECONDS, "worker 0");
    awaitExit(w1, CHILD_SECONDS, "worker 1");
    assertEquals(0, w0.process().exitValue(), () -> "worker 0 failed: " + out(w0));
    assertEquals(0, w1.process().exitValue(), () -> "worker 1 failed: " + out(w1));
    assertTrue(w0.stdout().contains("DONE 0 chief=true") && w1.stdout().contains("DONE 1 chief=false"));
    MirroredStrategyTest.Run r0 = parse(w0.stdout(), one.weights());
    MirroredStrategyTest.Run r1 = parse(w1.stdout(), one.weights());
    MirroredStrategyTest.assertClose(one, r0, 1e-5);
    MirroredStrategyTest.assertClose(one, r1, 1e-5);
    // the workers apply the same summed gradients: the same weights, bit for bit
    for (int w = 0; w < r0.weights().size(); w++) {
      assertEquals(r0.weights().get(w), r1.weights().get(w), "weight " + w + " differs between the workers");
    }
    assertEquals(r0.losses(), r1.losses());
  }

  /**
   * An Embedding's gradient is its looked-up rows, gathered from both workers (Keras' IndexedSlices); a batch of
   * 17 gives the workers 9 and 8 sequences, so the smaller one pads its rows.
   */
  @Test
  void anEmbeddingModelTrainsAsOneProcess() throws Exception {
    int[] ports = {freePort(), freePort()};
    Child w0 = start(cluster(ports, 0), 0, 17, 60, 60, "embedding");
    Child w1 = start(cluster(ports, 1), 0, 17, 60, 60, "embedding");
    Keras.clearSession();
    MirroredStrategyTest.Run one;
    try (Model m = MirroredStrategyTest.embeddingModel()) {
      one = MirroredStrategyTest.trainEmbedding(m, 17);
    }
    awaitExit(w0, CHILD_SECONDS, "worker 0");
    awaitExit(w1, CHILD_SECONDS, "worker 1");
    assertEquals(0, w0.process().exitValue(), () -> "worker 0 failed: " + out(w0));
    assertEquals(0, w1.process().exitValue(), () -> "worker 1 failed: " + out(w1));
    MirroredStrategyTest.assertClose(one, parse(w0.stdout(), one.weights()), 1e-5);
    MirroredStrategyTest.assertClose(one, parse(w1.stdout(), one.weights()), 1e-5);
  }

  private static String out(Child c) {
    try {
      return c.stdout() + "\n" + tail(c.stderr());
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void aKilledWorkerMakesTheOtherFailWithinTheCollectiveTimeout() throws Exception {
    int[] ports = {freePort(), freePort()};
    // many steps: the workers are still training when worker 1 is killed
    Child w0 = start(cluster(ports, 0), 1_000_000, 16, 5, 60);
    Child w1 = start(cluster(ports, 1), 1_000_000, 16, 5, 60);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_SECONDS);
    while (!w1.stdout().contains("LOSS 3 ")) {
      assertTrue(System.nanoTime() < deadline && w1.process().isAlive() && w0.process().isAlive(),
          () -> "the workers did not train 3 steps:\n" + out(w0) + "\n" + out(w1));
      Thread.sleep(100);
    }
    w1.process().destroyForcibly();
    assertTrue(w1.process().waitFor(30, TimeUnit.SECONDS));
    // collectiveTimeout = 5 s; the bound leaves room for a loaded machine
    awaitExit(w0, 60, "worker 0 after worker 1 was killed");
    assertEquals(1, w0.process().exitValue(), () -> out(w0));
    String failed = w0.stdout().lines().filter(l -> l.startsWith("FAILED")).findFirst().orElse(out(w0));
    assertTrue(failed.contains("DistributedTrainingException") && failed.contains("collectiveTimeout = 5 s")
        && failed.contains("worker 0 of 2 workers"), failed);
  }

  @Test
  void aWorkerWhosePeerNeverStartsFailsWithinTheStartupTimeout() throws Exception {
    int[] ports = {freePort(), freePort()};
    Child w1 = start(cluster(ports, 1), 20, 16, 5, 3);
    awaitExit(w1, CHILD_SECONDS, "worker 1 without worker 0");
    assertEquals(1, w1.process().exitValue(), () -> out(w1));
    String failed = w1.stdout().lines().filter(l -> l.startsWith("FAILED")).findFirst().orElse(out(w1));
    assertTrue(failed.contains("worker 0 at 127.0.0.1:" + ports[0] + " (TF_CONFIG) did not accept connections"
        + " within startupTimeout = 3 s"), failed);
  }
}
