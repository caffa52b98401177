package io.jkeras.tf;

import io.jkeras.distribute.TfConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.tensorflow.Server;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * This process' TensorFlow gRPC server for its task of a TF_CONFIG cluster: one per process, started by the
 * first runtime that needs it and kept for the life of the process (TensorFlow's server cannot be stopped:
 * {@code Server.stop()} answers "Clean shutdown is not currently implemented"). TensorFlow binds it to every
 * interface ({@code 0.0.0.0:port}, fixed in its gRPC server) and it has no authentication: run clusters on a
 * private network (docs/DISTRIBUTED.md).
 */
final class WorkerServer {
  private static TfConfig started;
  private static Server server;

  private WorkerServer() {}

  /** The cluster as TensorFlow's {@code ClusterDef}. */
  static ClusterDef clusterDef(TfConfig config) {
    ClusterDef.Builder cluster = ClusterDef.newBuilder();
    config.cluster().forEach((job, addresses) -> {
      JobDef.Builder j = JobDef.newBuilder().setName(job);
      for (int i = 0; i < addresses.size(); i++) {
        j.putTasks(i, addresses.get(i));
      }
      cluster.addJob(j);
    });
    return cluster.build();
  }

  /**
   * Starts the server of {@code config}'s task with {@code sessionConfig} as its default session config, unless
   * this process already runs it.
   *
   * @throws IllegalStateException when this process already runs another task's server
   */
  static synchronized void ensureStarted(TfConfig config, ConfigProto sessionConfig) {
    if (server != null) {
      if (!started.equals(config)) {
        throw new IllegalStateException("This process already runs TensorFlow's server for " + started.task()
            + " of cluster " + started.cluster() + "; a process can serve one task (TF_CONFIG " + config.toJson()
            + ")");
      }
      return;
    }
    ServerDef def = ServerDef.newBuilder().setCluster(clusterDef(config)).setJobName(config.taskType())
        .setTaskIndex(config.taskIndex()).setProtocol("grpc").setDefaultSessionConfig(sessionConfig).build();
    NativeLogging.configure();
    Server s;
    try {
      s = new Server(def);
      s.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("TF_CONFIG: cannot start TensorFlow's server for " + config.task().job()
          + " " + config.taskIndex() + " on port " + port(config.task().address()) + " (is the port in use?): "
          + TfErrors.firstLine(e.getMessage()), e);
    }
    server = s;
    started = config;
  }

  static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  static String host(String address) {
    return address.substring(0, address.lastIndexOf(':'));
  }

  /**
   * Waits until every other task's server accepts TCP connections, at most {@code timeout} in all: without this
   * check a session whose group leader never comes up retries forever (TensorFlow's GetStepSequence).
   *
   * @throws io.jkeras.distribute.DistributedTrainingException naming the first task that did not answer
   */
  static void awaitPeers(TfConfig config, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (TfConfig.Task task : config.tasks()) {
      if (task.equals(config.task())) {
        continue;
      }
      IOException last = null;
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new io.jkeras.distribute.DistributedTrainingException("MultiWorkerMirroredStrategy ("
              + config.task().job() + " " + config.taskIndex() + "): " + task.job() + " " + task.index() + " at "
              + task.address() + " (TF_CONFIG) did not accept connections within startupTimeout = "
              + timeout.toSeconds() + " s" + (last == null ? "" : " (" + last.getMessage() + ")")
              + "; start every task of the cluster, each with its own TF_CONFIG task");
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host(task.address()), port(task.address())),
              (int) Math.max(1, Math.min(left / 1_000_000, 2000)));
          break;
        } catch (IOException e) {
          last = e;
          try {
            Thread.sleep(Math.min(200, Math.max(1, left / 1_000_000)));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new io.jkeras.distribute.DistributedTrainingException("Interrupted while waiting for "
                + task.address(), ie);
          }
        }
      }
    }
  }
}
