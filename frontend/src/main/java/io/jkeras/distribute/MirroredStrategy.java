package io.jkeras.distribute;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synchronous training on several devices of one process, as TensorFlow's {@code
 * tf.distribute.MirroredStrategy}: each device runs the model's forward and backward pass (a "tower") on its
 * slice of the global batch, the gradients of all towers are summed into one optimizer update, and the
 * weights are one set shared by every tower.
 *
 * <p>{@code new MirroredStrategy()} uses every GPU TensorFlow sees, or the CPU when there is none. Named CPU
 * devices beyond {@code /cpu:0} are made by the runtime (TensorFlow's {@code ConfigProto.device_count}), as
 * Python does with logical CPU devices: two CPU replicas share the same cores, which makes them a test of the
 * replication rather than a speed-up.
 *
 * <p>What is synchronized, as in Keras 3 on TensorFlow: the weights and their gradients. BatchNormalization
 * normalizes each replica's slice with that slice's statistics (Keras' default; not {@code
 * SyncBatchNormalization}), and its moving statistics take the first replica's update. Dropout draws
 * different masks on each replica. The loss is computed on the towers' outputs put back together, i.e. over
 * the global batch, which equals Keras' mean of the replicas' means whenever the batch splits evenly and stays
 * exact when it does not (a short last batch). Evaluation and prediction run on the first device over the
 * whole batch (their results do not depend on the split).
 *
 * <pre>{@code
 * var strategy = new MirroredStrategy("/cpu:0", "/cpu:1");
 * try (var scope = strategy.scope()) {
 *   model = Model.of(inputs, outputs);
 *   model.compile(Compile.optimizer("adam").loss("mse"));
 * }
 * model.fit(x, y, Fit.epochs(2).batchSize(64));   // 32 examples on each device per step
 * }</pre>
 */
public final class MirroredStrategy extends Strategy {
  private static final Pattern DEVICE = Pattern.compile(
      "(?:/job:localhost(?:/replica:0)?(?:/task:0)?)?/?(?:device:)?(cpu|gpu):(\\d+)", Pattern.CASE_INSENSITIVE);

  /** One device: {@code CPU} or {@code GPU} and its index. */
  public record Device(String type, int index) {
    /** TensorFlow's short name, e.g. {@code /cpu:1}. */
    @Override
    public String toString() {
      return "/" + type.toLowerCase(Locale.ROOT) + ":" + index;
    }
  }

  private final List<Device> devices;

  /** Every GPU the runtime sees, or the CPU when there is none (resolved when the model's runtime is made). */
  public MirroredStrategy() {
    this.devices = List.of();
  }

  /**
   * The named devices, one replica each: {@code "/cpu:0"}, {@code "/gpu:1"}, {@code "/device:GPU:0"} or the full
   * {@code "/job:localhost/replica:0/task:0/device:CPU:0"}.
   *
   * @throws IllegalArgumentException when the list is empty, a name is not a device or a device repeats
   */
  public MirroredStrategy(String... devices) {
    this(List.of(Objects.requireNonNull(devices, "devices")));
  }

  /** See {@link #MirroredStrategy(String...)}. */
  public MirroredStrategy(List<String> devices) {
    Objects.requireNonNull(devices, "devices");
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("MirroredStrategy: devices is empty; name at least one device"
          + " (\"/gpu:0\", \"/cpu:0\", ...) or use new MirroredStrategy() for every GPU (the CPU without one)");
    }
    Set<Device> seen = new LinkedHashSet<>();
    for (String name : devices) {
      Device d = parse(name);
      if (!seen.add(d)) {
        throw new IllegalArgumentException("MirroredStrategy: device " + d + " is named twice in devices "
            + devices);
      }
    }
    this.devices = List.copyOf(seen);
  }

  static Device parse(String name) {
    Matcher m = name == null ? null : DEVICE.matcher(name.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("MirroredStrategy: '" + name + "' in devices is not a device of this"
          + " process; use \"/cpu:N\" or \"/gpu:N\" (or \"/job:localhost/replica:0/task:0/device:GPU:N\")");
    }
    return new Device(m.group(1).toUpperCase(Locale.ROOT), Integer.parseInt(m.group(2)));
  }

  /** The devices named at construction, in replica order; empty for {@code new MirroredStrategy()}. */
  public List<Device> devices() {
    return devices;
  }

  /**
   * The devices, or for {@code new MirroredStrategy()} those the runtime found: {@code availableGpus} GPUs, or
   * the CPU when that is 0.
   */
  public List<Device> resolveDevices(int availableGpus) {
    if (!devices.isEmpty()) {
      return devices;
    }
    List<Device> out = new ArrayList<>();
    for (int i = 0; i < availableGpus; i++) {
      out.add(new Device("GPU", i));
    }
    return out.isEmpty() ? List.of(new Device("CPU", 0)) : out;
  }

  /**
   * The number of replicas: the devices named, or for {@code new MirroredStrategy()} the number of GPUs (1 on a
   * machine without GPUs), which asks the runtime.
   */
  @Override
  public int numReplicasInSync() {
    if (!devices.isEmpty()) {
      return devices.size();
    }
    return resolveDevices(io.jkeras.backend.Backend.get().gpuCount()).size();
  }

  @Override
  public String toString() {
    return "MirroredStrategy" + (devices.isEmpty() ? "(every GPU, else the CPU)" : devices.toString());
  }
}
