package io.jkeras.tf;

import io.jkeras.distribute.TfConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The figures of docs/DISTRIBUTED.md: the time of the gradients' all-reduce alone (one {@code
 * CollectiveReduceV2} of a float vector, as {@link CollectiveAllReduce} builds it) between worker processes on
 * 127.0.0.1, for several vector sizes. Not a test: run by hand, after {@code ./mvnw -o -q -pl runtime-tf -am
 * test-compile}:
 *
 * <pre>{@code
 * java -cp "$(cat cp.txt):runtime-tf/target/classes:runtime-tf/target/test-classes:frontend/target/classes" \
 *     io.jkeras.tf.AllReduceBenchmark 2 121932,1000000,10000000
 * }</pre>
 *
 * <p>For each size the parent starts one child JVM per worker (TF_CONFIG each; free ports chosen once), waits at
 * most 10 minutes and ends them; worker 0 prints {@code ALLREDUCE floats=.. bytes=.. median_ms=.. p90_ms=..}.
 */
public final class AllReduceBenchmark {
  private AllReduceBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (System.getenv(TfConfig.ENV) != null) {
      child(args[1]);
      return;
    }
    int workers = Integer.parseInt(args[0]);
    int[] ports = new int[workers];
    for (int i = 0; i < workers; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        ports[i] = s.getLocalPort();
      }
    }
    List<String> addresses = new ArrayList<>();
    for (int p : ports) {
      addresses.add("127.0.0.1:" + p);
    }
    for (String size : args[1].split(",")) {
      run(workers, addresses, args[0], size);
    }
  }

  private static void run(int workers, List<String> addresses, String workerArg, String size) throws Exception {
    List<Process> children = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), AllReduceBenchmark.class.getName(), workerArg, size);
        pb.environment().put(TfConfig.ENV, new TfConfig(Map.of("worker", addresses), "worker", i).toJson());
        pb.redirectErrorStream(true);
        if (i == 0) {
          pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        } else {
          pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        children.add(pb.start());
      }
      for (Process p : children) {
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          System.err.println("a worker did not end within 10 minutes");
        }
      }
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  private static void child(String sizes) {
    TfConfig config = TfConfig.fromEnvironment().orElseThrow();
    ConfigProto session = ConfigProto.newBuilder()
        .setExperimental(ConfigProto.Experimental.newBuilder()
            .setCollectiveGroupLeader(config.tasks().get(0).deviceName()))
        .addDeviceFilters(config.task().deviceName()).build();
    WorkerServer.ensureStarted(config, session);
    WorkerServer.awaitPeers(config, java.time.Duration.ofMinutes(2));
    for (String s : sizes.split(",")) {
      int floats = Integer.parseInt(s);
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        var v = tf.withInitScope().variable(tf.withInitScope().fill(tf.withInitScope().constant(new int[] {floats}),
            tf.withInitScope().constant(1f)));
        CollectiveAllReduce reduce = new CollectiveAllReduce(config.numTasks(),
            org.tensorflow.DeviceSpec.newBuilder().job(config.taskType()).replica(0).task(config.taskIndex())
                .deviceType(org.tensorflow.DeviceSpec.DeviceType.CPU).deviceIndex(0).build(), 60f);
        // one "gradient" of floats-2 values, as the step packs them (plus n and n·loss)
        Operand<TFloat32> g0 = tf.slice(tf.identity(v), tf.constant(new int[] {0}), tf.constant(new int[] {floats - 2}));
        Operand<TInt32> n = tf.constant(new int[] {1});
        var reduced = reduce.reduce(tf.withSubScope("r"), tf.constant(1f), n,
            List.of(io.jkeras.tf.train.TfGradient.dense(g0)));
        try (Session sess = RemoteSession.open(g, "grpc://" + config.task().address(), session)) {
          sess.initialize();
          double[] ms = new double[220];
          for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            try (Result r = sess.runner().fetch(reduced.loss()).run()) {
              ms[i] = (System.nanoTime() - t0) / 1e6;
            }
          }
          double[] timed = Arrays.copyOfRange(ms, 20, ms.length);
          Arrays.sort(timed);
          System.out.printf(Locale.ROOT, "ALLREDUCE workers=%d floats=%d bytes=%d median_ms=%.3f p90_ms=%.3f%n",
              config.numTasks(), floats, 4L * floats, timed[timed.length / 2], timed[timed.length * 9 / 10]);
        }
      }
    }
    System.exit(0);
  }
}
