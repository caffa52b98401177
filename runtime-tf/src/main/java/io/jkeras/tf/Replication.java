package io.jkeras.tf;

import io.jkeras.Model;
import io.jkeras.backend.Batch;
import io.jkeras.backend.CompileConfig;
import io.jkeras.distribute.DistributedTrainingException;
import io.jkeras.distribute.MirroredStrategy;
import io.jkeras.distribute.MultiWorkerMirroredStrategy;
import io.jkeras.distribute.TfConfig;
import io.jkeras.distribute.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * What a distribution strategy ({@code io.jkeras.distribute}) changes in a model's runtime: the towers of the
 * training pass, the session's configuration and target, the gradients' all-reduce and the slice of the batch
 * this process trains on. A runtime without a strategy has none.
 */
abstract class Replication {

  /** The replication of the model's strategy, or {@code null} when it has none. */
  static Replication of(Model model, CompileConfig compile) {
    Strategy strategy = model.distributeStrategy().orElse(null);
    if (strategy == null || compile == null) {
      return null; // a runtime for prediction or export only runs in this process, on one device
    }
    if (compile.trainStep() != null) {
      throw new UnsupportedOperationException("Model '" + model.name() + "': a training step of your own"
          + " (Compile.trainStep) cannot be distributed yet by " + strategy + "; compile with a loss instead");
    }
    if (strategy instanceof MirroredStrategy m) {
      return new Mirrored(m);
    }
    if (strategy instanceof MultiWorkerMirroredStrategy m) {
      // without TF_CONFIG the strategy trains in this process alone, as TensorFlow's does
      return m.clusterSpec().isEmpty() || m.numReplicasInSync() == 1 ? null : new MultiWorker(model, m);
    }
    throw new UnsupportedOperationException("Model '" + model.name() + "': the TensorFlow runtime does not know "
        + strategy);
  }

  /** The devices of the training pass's towers in this process; fewer than two: one ordinary pass. */
  abstract List<DeviceSpec> towers();

  /** The session's configuration with what the strategy needs (devices, cluster settings, timeouts). */
  ConfigProto configure(ConfigProto config) {
    return config;
  }

  /** Opens the model's session. */
  Session openSession(Graph graph, ConfigProto config) {
    return new Session(graph, config);
  }

  /** The part of a global training batch this process trains on. */
  Batch trainingBatch(Batch global) {
    return global;
  }

  /** Added to the seed of this process' training pass: replicas draw different dropout masks. */
  long seedOffset() {
    return 0;
  }

  /** Combines this process' gradients with the other processes' (all-reduce), or {@code null}. */
  GradientReducer reducer() {
    return null;
  }

  /** A clearer error for a step that failed because of the strategy (a worker that stopped); else {@code e}. */
  RuntimeException explain(RuntimeException e) {
    return e;
  }

  /** {@code MirroredStrategy}: one tower per device of this process. */
  static final class Mirrored extends Replication {
    private final MirroredStrategy strategy;
    private final List<MirroredStrategy.Device> devices;

    Mirrored(MirroredStrategy strategy) {
      this.strategy = strategy;
      boolean namesGpu = strategy.devices().stream().anyMatch(d -> d.type().equals("GPU"));
      int gpus = strategy.devices().isEmpty() || namesGpu ? new TfBackend().gpuCount() : 0;
      this.devices = strategy.resolveDevices(gpus);
      for (MirroredStrategy.Device d : devices) {
        if (d.type().equals("GPU") && d.index() >= gpus) {
          throw new IllegalArgumentException(strategy + ": device " + d + " does not exist; TensorFlow sees " + gpus
              + " GPU" + (gpus == 1 ? "" : "s") + " in this process (docs/GPU.md)");
        }
      }
    }

    @Override
    List<DeviceSpec> towers() {
      List<DeviceSpec> out = new ArrayList<>();
      for (MirroredStrategy.Device d : devices) {
        out.add(DeviceSpec.newBuilder()
            .deviceType(d.type().equals("GPU") ? DeviceSpec.DeviceType.GPU : DeviceSpec.DeviceType.CPU)
            .deviceIndex(d.index()).build());
      }
      return out;
    }

    /** Named CPU devices beyond /cpu:0 exist once the session asks for them ({@code device_count}). */
    @Override
    ConfigProto configure(ConfigProto config) {
      int cpus = 1;
      for (MirroredStrategy.Device d : devices) {
        if (d.type().equals("CPU")) {
          cpus = Math.max(cpus, d.index() + 1);
        }
      }
      return cpus == 1 ? config : config.toBuilder().putDeviceCount("CPU", cpus).build();
    }
  }

  /**
   * {@code MultiWorkerMirroredStrategy}: this process is one task of a TF_CONFIG cluster. It runs TensorFlow's
   * gRPC server for its task, its session goes through that server (seeing only its own devices), it trains on
   * its slice of each global batch, and the compiled step all-reduces the gradients with the other tasks'
   * ({@link CollectiveAllReduce}; the chief, or worker 0, leads the collective group).
   */
  static final class MultiWorker extends Replication {
    private final Model model;
    private final MultiWorkerMirroredStrategy strategy;
    private final TfConfig config;
    private final int rank;
    private final int workers;
    private long steps;

    MultiWorker(Model model, MultiWorkerMirroredStrategy strategy) {
      this.model = model;
      this.strategy = strategy;
      this.config = strategy.clusterSpec().orElseThrow();
      this.rank = config.rank();
      this.workers = config.numTasks();
    }

    @Override
    List<DeviceSpec> towers() {
      return List.of();
    }

    private DeviceSpec cpu() {
      return DeviceSpec.newBuilder().job(config.taskType()).replica(0).task(config.taskIndex())
          .deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();
    }

    @Override
    ConfigProto configure(ConfigProto base) {
      ConfigProto.Builder b = base.toBuilder();
      // a distributed session has no pools of its own: the thread counts size the server's (its default config)
      b.clearUsePerSessionThreads();
      b.setExperimental(base.getExperimental().toBuilder()
          .setCollectiveGroupLeader(config.tasks().get(0).deviceName()));
      // this session places ops on its own task only; the other tasks are reached by the collective alone
      b.addDeviceFilters(config.task().deviceName());
      b.setOperationTimeoutInMs(strategy.collectiveTimeout().toMillis());
      return b.build();
    }

    @Override
    Session openSession(Graph graph, ConfigProto config) {
      WorkerServer.ensureStarted(this.config, config);
      WorkerServer.awaitPeers(this.config, strategy.startupTimeout());
      return RemoteSession.open(graph, "grpc://" + this.config.task().address(), config);
    }

    @Override
    long seedOffset() {
      return rank;
    }

    @Override
    GradientReducer reducer() {
      return new CollectiveAllReduce(workers, cpu(), strategy.collectiveTimeout().toMillis() / 1000f);
    }

    /** Rows [start, start + size) of the global batch: sizes differ by at most one, the first ranks take more. */
    @Override
    Batch trainingBatch(Batch global) {
      steps++;
      long n = global.size();
      long base = n / workers;
      long rem = n % workers;
      long start = rank * base + Math.min(rank, rem);
      long size = base + (rank < rem ? 1 : 0);
      return new Batch(rows(global.inputs(), start, size), rows(global.targets(), start, size),
          rows(global.sampleWeights(), start, size));
    }

    @SuppressWarnings("unchecked")
    private static <T extends NdArray<?>> List<T> rows(List<? extends T> arrays, long start, long size) {
      if (arrays == null) {
        return null;
      }
      List<T> out = new java.util.ArrayList<>();
      for (T a : arrays) {
        out.add(a == null ? null : (T) a.slice(Indices.range(start, start + size)));
      }
      return out;
    }

    @Override
    RuntimeException explain(RuntimeException e) {
      Throwable tf = e;
      while (tf != null && !TfErrors.isNative(tf)) {
        tf = tf.getCause();
      }
      if (tf == null) {
        return e;
      }
      String message = String.valueOf(tf.getMessage());
      String type = tf.getClass().getSimpleName();
      boolean peers = message.contains("Collective") || message.contains("Socket closed")
          || type.contains("Unavailable") || type.contains("DeadlineExceeded") || type.contains("Aborted");
      if (!peers) {
        return e;
      }
      return new DistributedTrainingException(strategy + ", model '" + model.name() + "': training step "
          + steps + " failed: the gradients' all-reduce with the other workers did not complete (a worker stopped,"
          + " or did not answer within collectiveTimeout = " + strategy.collectiveTimeout().toSeconds()
          + " s); TensorFlow: " + tfMessage(message) + ". End this process and rerun the job.", e);
    }

    /** TensorFlow's message without its "From /job:...:" prefix line and its log excerpt, on one line. */
    private static String tfMessage(String message) {
      StringBuilder out = new StringBuilder();
      for (String line : message.split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("From /job:")) {
          continue;
        }
        if (l.startsWith("Recent warning") || l.startsWith("The error could be") || l.startsWith("Additional GRPC")) {
          break;
        }
        out.append(out.length() == 0 ? "" : " ").append(l);
      }
      return out.length() == 0 ? TfErrors.firstLine(message) : out.toString();
    }
  }
}
