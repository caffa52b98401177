package io.jkeras.samples.mnist;

import io.jkeras.distribute.DistributedTrainingException;
import io.jkeras.distribute.MultiWorkerMirroredStrategy;
import io.jkeras.distribute.TfConfig;
import io.jkeras.samples.Main;
import io.jkeras.samples.TrainingApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code jkeras mnist --workers N}: a cluster of N worker processes on this machine. This process is the chief
 * (task 0 of the {@code worker} job, TF_CONFIG given in code); it starts N-1 more JVMs running {@code jkeras
 * worker} with their own TF_CONFIG (ports free on 127.0.0.1 when chosen), logging to {@code OUT/worker-i.log},
 * and ends every one of them: it waits a bounded time once training is over, and ends them at once when the
 * job fails or the JVM is stopped. Without {@code --threads}, the cores are shared out among the workers; without
 * {@code --seed}, one is drawn and given to every worker (the workers must start from the same weights and cut
 * the same global batches).
 */
final class LocalCluster {
  /** How long the other workers may take to end once the chief's training is over. */
  static final Duration WORKERS_END = Duration.ofSeconds(60);

  private LocalCluster() {}

  /** Free TCP ports on 127.0.0.1 (each free when chosen). */
  static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return ports;
  }

  /** The TF_CONFIG of task {@code index} of a {@code worker} job on 127.0.0.1 at {@code ports}. */
  static TfConfig config(int[] ports, int index) {
    List<String> addresses = new ArrayList<>();
    for (int p : ports) {
      addresses.add("127.0.0.1:" + p);
    }
    return new TfConfig(Map.of("worker", addresses), "worker", index);
  }

  /** The options every worker runs with: threads shared out and a seed they share. */
  static MnistJob.Options forWorkers(MnistJob.Options o, int workers) {
    OptionalInt threads = o.threads().isPresent() ? o.threads()
        : OptionalInt.of(Math.max(1, Runtime.getRuntime().availableProcessors() / workers));
    OptionalLong seed = o.seed().isPresent() ? o.seed() : OptionalLong.of(new Random().nextInt(1 << 30));
    return new MnistJob.Options(o.epochs(), o.batchSize(), o.validationSplit(), threads, o.dataDir(), o.exportDir(),
        o.outDir(), seed, o.speed());
  }

  /** The {@code jkeras worker} arguments that run the same job. */
  static List<String> workerArguments(MnistJob.Options o) {
    List<String> args = new ArrayList<>(List.of("worker", "--epochs", String.valueOf(o.epochs()), "--batch-size",
        String.valueOf(o.batchSize()), "--validation-split", String.valueOf(o.validationSplit()),
        "--export", o.exportDir().toString(), "--out", o.outDir().toString()));
    o.threads().ifPresent(t -> args.addAll(List.of("--threads", String.valueOf(t))));
    o.seed().ifPresent(s -> args.addAll(List.of("--seed", String.valueOf(s))));
    o.dataDir().ifPresent(d -> args.addAll(List.of("--data", d.toString())));
    if (!o.speed().isEmpty()) {
      args.addAll(List.of("--speed", String.join(",", o.speed())));
    }
    return args;
  }

  /** The command line of a worker JVM: this JVM's java, memory settings and class path. */
  static List<String> javaCommand(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Djkeras.")) {
        command.add(a);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(arguments);
    return command;
  }

  static int run(MnistJob.Options requested, int workers, TrainingApi api, PrintWriter out)
      throws IOException {
    if (workers == 1) {
      // one worker: this process alone (a one-task cluster starts no server), RESULT still says workers=1
      new MnistJob(api, out).run(requested, new MultiWorkerMirroredStrategy(config(new int[] {0xFFFF}, 0)));
      return 0;
    }
    MnistJob.Options o = forWorkers(requested, workers);
    int[] ports = freePorts(workers);
    Files.createDirectories(o.outDir());
    List<Process> children = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    Thread stopChildren = new Thread(() -> children.forEach(Process::destroyForcibly), "jkeras-stop-workers");
    Runtime.getRuntime().addShutdownHook(stopChildren);
    try {
      for (int i = 1; i < workers; i++) {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(workerArguments(o)));
        pb.environment().put(TfConfig.ENV, config(ports, i).toJson());
        Path log = o.outDir().resolve("worker-" + i + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        children.add(pb.start());
        logs.add(log);
      }
      out.printf("Cluster: %d workers on 127.0.0.1 ports %s (this process is worker 0, the chief; the others log"
          + " to %s), %d threads each, seed %d%n", workers, java.util.Arrays.toString(ports),
          o.outDir().resolve("worker-*.log"), o.threads().getAsInt(), o.seed().getAsLong());
      out.flush();
      try {
        new MnistJob(api, out).run(o, new MultiWorkerMirroredStrategy(config(ports, 0))
            .startupTimeout(Duration.ofMinutes(2)));
      } catch (RuntimeException e) {
        RuntimeException explained = withWorkerLogs(e, children, logs);
        children.forEach(Process::destroyForcibly);
        throw explained;
      }
      for (int i = 0; i < children.size(); i++) {
        Process p = children.get(i);
        boolean ended = waitFor(p, WORKERS_END);
        if (!ended || p.exitValue() != 0) {
          throw new IllegalStateException("worker " + (i + 1) + " " + (ended ? "ended with status " + p.exitValue()
              : "did not end within " + WORKERS_END.toSeconds() + " s after training") + "; its log " + logs.get(i)
              + ": " + lastLine(logs.get(i)));
        }
      }
      return 0;
    } finally {
      for (Process p : children) {
        p.destroyForcibly();
        waitFor(p, Duration.ofSeconds(10));
      }
      try {
        Runtime.getRuntime().removeShutdownHook(stopChildren);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is stopping: the hook runs anyway
      }
    }
  }

  private static boolean waitFor(Process p, Duration d) {
    try {
      return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The chief's failure, with the first worker that already failed and its last log line (often the reason). */
  private static RuntimeException withWorkerLogs(RuntimeException e, List<Process> children, List<Path> logs) {
    for (int i = 0; i < children.size(); i++) {
      Process p = children.get(i);
      if (!p.isAlive() && p.exitValue() != 0) {
        String message = e.getMessage() + " [worker " + (i + 1) + " ended with status " + p.exitValue() + "; its log "
            + logs.get(i) + ": " + lastLine(logs.get(i)) + "]";
        return e instanceof DistributedTrainingException ? new DistributedTrainingException(message, e)
            : new IllegalStateException(message, e);
      }
    }
    return e;
  }

  static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
      return "(empty)";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
