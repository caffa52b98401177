package io.jkeras.samples.mnist;

import io.jkeras.distribute.MultiWorkerMirroredStrategy;
import io.jkeras.distribute.TfConfig;
import java.io.IOException;
import picocli.CommandLine.Command;

/**
 * {@code jkeras worker}: one task of a cluster described by {@code TF_CONFIG} (TensorFlow's format) runs the main
 * job ({@link MnistJob}, the same options as {@code jkeras mnist}) under a {@link MultiWorkerMirroredStrategy}.
 * Start one on every machine with the same options and each machine's own TF_CONFIG; the chief (or worker 0)
 * evaluates, exports and prints the RESULT line. {@code jkeras mnist --workers N} starts its local workers
 * this way.
 *
 * <pre>{@code
 * TF_CONFIG='{"cluster": {"worker": ["10.0.0.1:2222", "10.0.0.2:2222"]}, "task": {"type": "worker", "index": 1}}' \
 *     ./jkeras worker --epochs 3 --seed 7
 * }</pre>
 */
@Command(name = "worker",
    header = "Run the main job as one task of the TF_CONFIG cluster (MultiWorkerMirroredStrategy).",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Reads the cluster and this process' task from the TF_CONFIG environment variable (TensorFlow's JSON"
            + " format), runs TensorFlow's server for that task and trains the seed CNN on MNIST with the other"
            + " tasks, the gradients all-reduced every step. Every task must run with the same options and seed.",
        "The chief (the \"chief\" task, or worker 0) then evaluates and exports as 'jkeras mnist' does and ends"
            + " with its RESULT line plus workers=N; the other tasks end with a WORKER line."})
public final class WorkerCommand extends MnistCommand {

  @Override
  public Integer call() throws IOException {
    MnistJob.Options options = validated();
    if (workers != null) {
      throw bad("--workers is for 'jkeras mnist'; a worker's cluster comes from TF_CONFIG");
    }
    MultiWorkerMirroredStrategy strategy;
    try {
      strategy = new MultiWorkerMirroredStrategy();
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    if (strategy.clusterSpec().isEmpty()) {
      throw bad(TfConfig.ENV + " is not set: 'jkeras worker' runs one task of a cluster, e.g. TF_CONFIG='{\"cluster\":"
          + " {\"worker\": [\"host1:2222\", \"host2:2222\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}'"
          + " (docs/DISTRIBUTED.md)");
    }
    new MnistJob(main.api(), spec.commandLine().getOut()).run(options, strategy);
    return 0;
  }
}
