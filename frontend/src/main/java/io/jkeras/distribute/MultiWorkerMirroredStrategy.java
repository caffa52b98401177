package io.jkeras.distribute;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Synchronous data-parallel training over several processes and machines, as TensorFlow's {@code
 * tf.distribute.MultiWorkerMirroredStrategy}: every process (a "worker") holds the whole model, takes its slice
 * of each global batch, and the workers' gradients are summed by TensorFlow's collective all-reduce ({@code
 * CollectiveReduceV2} over TensorFlow's gRPC runtime) before each worker applies the same update. The cluster is
 * read from {@code TF_CONFIG} in TensorFlow's own format ({@link TfConfig}), so the TF_CONFIG of a Kubernetes
 * training operator works unchanged.
 *
 * <p>Every worker runs the same program with the same data, batch size and seed (the same initial weights and
 * the same shuffled global batches); the chief (or worker 0) is the one that should write files ({@link
 * #isChief()}). Without TF_CONFIG the strategy trains in this process alone, as TensorFlow's does.
 *
 * <p>Nothing waits forever: a worker first waits at most {@link #startupTimeout} for every other worker's server
 * to accept connections, and once training runs, a worker that stops makes the others fail their next step
 * with a {@link DistributedTrainingException} within {@link #collectiveTimeout} (TensorFlow's collective
 * timeout, {@code CommunicationOptions.timeout_seconds}).
 *
 * <pre>{@code
 * // TF_CONFIG='{"cluster": {"worker": ["10.0.0.1:2222", "10.0.0.2:2222"]}, "task": {"type": "worker", "index": 0}}'
 * var strategy = new MultiWorkerMirroredStrategy().collectiveTimeout(Duration.ofSeconds(30));
 * try (var scope = strategy.scope()) {
 *   model = buildModel();
 *   model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
 * }
 * model.fit(x, y, Fit.epochs(3).batchSize(256));   // 128 examples per worker and step
 * }</pre>
 */
public final class MultiWorkerMirroredStrategy extends Strategy {
  private final TfConfig config;
  private Duration collectiveTimeout = Duration.ofSeconds(60);
  private Duration startupTimeout = Duration.ofMinutes(5);

  /**
   * The cluster of the {@code TF_CONFIG} environment variable, or this process alone when it is unset.
   *
   * @throws IllegalArgumentException naming TF_CONFIG when it is malformed
   */
  public MultiWorkerMirroredStrategy() {
    this.config = TfConfig.fromEnvironment().orElse(null);
  }

  /** The given cluster and task. */
  public MultiWorkerMirroredStrategy(TfConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * How long a step's all-reduce waits for the other workers before it fails (60 s by default): the bound on
   * how long the others notice a worker that stopped. It must exceed the longest time one worker may spend
   * between two steps that the others do not (a chief writing a checkpoint).
   */
  public MultiWorkerMirroredStrategy collectiveTimeout(Duration timeout) {
    this.collectiveTimeout = positive("collectiveTimeout", timeout);
    return this;
  }

  /**
   * How long a worker waits for every other worker's server to accept connections when its runtime starts (5
   * minutes by default: pods of a job may start minutes apart).
   */
  public MultiWorkerMirroredStrategy startupTimeout(Duration timeout) {
    this.startupTimeout = positive("startupTimeout", timeout);
    return this;
  }

  private static Duration positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("MultiWorkerMirroredStrategy: " + what + " must be positive, got " + d);
    }
    return d;
  }

  public Duration collectiveTimeout() {
    return collectiveTimeout;
  }

  public Duration startupTimeout() {
    return startupTimeout;
  }

  /** The cluster and this process' task; empty when this process trains alone (no TF_CONFIG). */
  public Optional<TfConfig> clusterSpec() {
    return Optional.ofNullable(config);
  }

  /** The number of workers (chief included). */
  @Override
  public int numReplicasInSync() {
    return config == null ? 1 : config.numTasks();
  }

  /** This worker's replica id: 0 for the chief (or worker 0), then the workers in order. */
  public int workerRank() {
    return config == null ? 0 : config.rank();
  }

  @Override
  public boolean isChief() {
    return config == null || config.isChief();
  }

  @Override
  public String toString() {
    return config == null ? "MultiWorkerMirroredStrategy(this process alone: no TF_CONFIG)"
        : "MultiWorkerMirroredStrategy(" + config.taskType() + " " + config.taskIndex() + " of "
            + config.numTasks() + " workers)";
  }
}
