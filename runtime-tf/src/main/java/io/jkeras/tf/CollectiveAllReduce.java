package io.jkeras.tf;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The gradients' all-reduce of {@code MultiWorkerMirroredStrategy}: each worker packs {@code n·g} for every
 * gradient {@code g} of its mean loss over its {@code n} examples, then {@code n} and {@code n·loss}, into one
 * vector; TensorFlow's {@code CollectiveReduceV2} sums the vectors of all workers (one collective per step,
 * instance key {@value #INSTANCE_KEY}); dividing by the summed {@code N} gives the gradient and the loss of the
 * mean over the global batch, exactly what one process computes on the whole batch.
 */
final class CollectiveAllReduce implements GradientReducer {
  static final int GROUP_KEY = 1;
  static final int INSTANCE_KEY = 1;
  private final int groupSize;
  private final DeviceSpec device;
  private final float timeoutSeconds;

  /**
   * @param groupSize the number of workers
   * @param device this worker's CPU ({@code /job:worker/replica:0/task:1/device:CPU:0})
   * @param timeoutSeconds how long the collective waits for the other workers
   */
  CollectiveAllReduce(int groupSize, DeviceSpec device, float timeoutSeconds) {
    this.groupSize = groupSize;
    this.device = device;
    this.timeoutSeconds = timeoutSeconds;
  }

  @Override
  public Reduced reduce(Ops tf, Operand<TFloat32> loss, Operand<TInt32> batchSize,
      List<Operand<TFloat32>> gradients) {
    Operand<TFloat32> n = tf.dtypes.cast(batchSize, TFloat32.class); // shape (1)
    List<Operand<TFloat32>> parts = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    Operand<TInt32> flat = tf.constant(new int[] {-1});
    for (Operand<TFloat32> g : gradients) {
      parts.add(tf.reshape(tf.math.mul(g, tf.reshape(n, tf.constant(new int[0]))), flat));
      shapes.add(g.shape());
      sizes.add(g.shape().size());
    }
    parts.add(n);
    parts.add(tf.reshape(tf.math.mul(loss, tf.reshape(n, tf.constant(new int[0]))), flat));
    Operand<TFloat32> packed = tf.concat(parts, tf.constant(0));
    Operand<TFloat32> summed = allReduce(tf, packed);
    // split back: one piece per gradient, then N and N·loss
    List<Long> splits = new ArrayList<>(sizes);
    splits.add(1L);
    splits.add(1L);
    long[] splitArray = splits.stream().mapToLong(Long::longValue).toArray();
    var pieces = tf.splitV(summed, tf.constant(splitArray), tf.constant(0), (long) splitArray.length).output();
    Operand<TFloat32> total = tf.reshape(pieces.get(gradients.size()), tf.constant(new int[0]));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < gradients.size(); i++) {
      out.add(tf.math.divNoNan(tf.reshape(pieces.get(i), tf.constant(shapes.get(i))), total));
    }
    Operand<TFloat32> globalLoss = tf.math.divNoNan(
        tf.reshape(pieces.get(gradients.size() + 1), tf.constant(new int[0])), total);
    return new Reduced(globalLoss, out);
  }

  /** {@code CollectiveReduceV2(input, group_size, group_key, instance_key)}, merge Add, final Id. */
  @SuppressWarnings("unchecked")
  private Operand<TFloat32> allReduce(Ops tf, Operand<TFloat32> packed) {
    Ops on = tf.withDevice(device);
    OperationBuilder b = on.scope().opBuilder("CollectiveReduceV2", "all_reduce");
    b.addInput(packed.asOutput());
    b.addInput(on.constant(groupSize).asOutput());
    b.addInput(on.constant(GROUP_KEY).asOutput());
    b.addInput(on.constant(INSTANCE_KEY).asOutput());
    b.addInputList(new Output<?>[0]);
    b.setAttr("merge_op", "Add");
    b.setAttr("final_op", "Id");
    b.setAttr("timeout_seconds", timeoutSeconds);
    Operation op = b.build();
    return (Operand<TFloat32>) (Operand<?>) op.output(0);
  }
}
