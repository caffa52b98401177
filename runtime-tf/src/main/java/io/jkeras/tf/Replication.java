package io.jkeras.tf;

import io.jkeras.Model;
import io.jkeras.backend.Batch;
import io.jkeras.backend.CompileConfig;
import io.jkeras.distribute.MirroredStrategy;
import io.jkeras.distribute.Strategy;
import java.util.ArrayList;
import java.util.List;
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
    if (strategy == null) {
      return null;
    }
    if (compile != null && compile.trainStep() != null) {
      throw new UnsupportedOperationException("Model '" + model.name() + "': a training step of your own"
          + " (Compile.trainStep) cannot be distributed yet by " + strategy + "; compile with a loss instead");
    }
    if (strategy instanceof MirroredStrategy m) {
      return new Mirrored(m);
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

  /** Checks a global training batch of {@code n} examples before the step runs. */
  void checkTrainingBatch(Model model, long n) {}

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
}
