package io.jkeras.tf;

import io.jkeras.tf.train.TfGradient;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The gradients' all-reduce of {@code MultiWorkerMirroredStrategy}: each worker packs {@code n·g} for every dense
 * gradient {@code g} of its mean loss over its {@code n} examples, then {@code n} and {@code n·loss}, into one
 * vector; TensorFlow's {@code CollectiveReduceV2} sums the vectors of all workers (instance key {@value
 * #INSTANCE_KEY}); dividing by the summed {@code N} gives the gradient and the loss of the mean over the global
 * batch, exactly what one process computes on the whole batch.
 *
 * <p>An Embedding's gradient is its looked-up rows (Keras' {@code IndexedSlices}: repeated ids kept apart, which
 * the optimizer sees, e.g. Adam's {@code Σ g²}), so summing dense tables would change the update. Its ids and
 * rows ({@code n}-weighted) are gathered from every worker instead ({@code CollectiveGatherV2}), padded to the
 * largest worker's count with zero rows of id 0 (which add nothing); the collectives run one after the other, in
 * the same order on every worker.
 */
final class CollectiveAllReduce implements GradientReducer {
  static final int GROUP_KEY = 1;
  static final int INSTANCE_KEY = 1;
  /** Instance keys of the row gradients' collectives: three per table from here. */
  static final int ROWS_INSTANCE_KEY = 100;
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
  public Reduced reduce(Ops tf, Operand<TFloat32> loss, Operand<TInt32> batchSize, List<TfGradient> gradients) {
    Operand<TFloat32> n = tf.reshape(tf.dtypes.cast(batchSize, TFloat32.class), tf.constant(new int[0]));
    List<Operand<TFloat32>> parts = new ArrayList<>();
    List<Integer> denseIndex = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    Operand<TInt32> flat = tf.constant(new int[] {-1});
    for (int i = 0; i < gradients.size(); i++) {
      TfGradient g = gradients.get(i);
      if (g.isRows()) {
        continue;
      }
      Operand<TFloat32> d = g.dense(tf);
      parts.add(tf.reshape(tf.math.mul(d, n), flat));
      shapes.add(d.shape());
      sizes.add(d.shape().size());
      denseIndex.add(i);
    }
    parts.add(tf.reshape(n, flat));
    parts.add(tf.reshape(tf.math.mul(loss, n), flat));
    Operand<TFloat32> summed = collective(tf, "CollectiveReduceV2", tf.concat(parts, tf.constant(0)), INSTANCE_KEY,
        null, true);
    // split back: one piece per dense gradient, then N and N·loss
    long[] splits = new long[sizes.size() + 2];
    for (int i = 0; i < sizes.size(); i++) {
      splits[i] = sizes.get(i);
    }
    splits[sizes.size()] = 1;
    splits[sizes.size() + 1] = 1;
    var pieces = tf.splitV(summed, tf.constant(splits), tf.constant(0), (long) splits.length).output();
    Operand<TFloat32> total = tf.reshape(pieces.get(sizes.size()), tf.constant(new int[0]));
    List<TfGradient> out = new ArrayList<>(gradients);
    for (int k = 0; k < denseIndex.size(); k++) {
      out.set(denseIndex.get(k), TfGradient.dense(
          tf.math.divNoNan(tf.reshape(pieces.get(k), tf.constant(shapes.get(k))), total)));
    }
    Operand<?> previous = summed;
    int key = ROWS_INSTANCE_KEY;
    for (int i = 0; i < gradients.size(); i++) {
      TfGradient g = gradients.get(i);
      if (!g.isRows()) {
        continue;
      }
      Ops rs = tf.withSubScope("rows_" + i).withControlDependencies(List.<Op>of(previous));
      Operand<TInt64> ids = rs.dtypes.cast(g.indices(), TInt64.class);
      Operand<TFloat32> values = rs.math.mul(g.values(), n);
      Operand<TInt32> count = rs.reshape(rs.size(ids), rs.constant(new int[0]));
      // every worker pads to the largest count: the gather needs one shape everywhere
      Operand<TFloat32> most = collective(rs, "CollectiveReduceV2", rs.dtypes.cast(count, TFloat32.class), key++,
          "Max", false);
      Operand<TInt32> padding = rs.math.sub(rs.dtypes.cast(most, TInt32.class), count);
      Ops gs = rs.withControlDependencies(List.<Op>of(most));
      Operand<TInt64> paddedIds = gs.pad(ids, paddings(gs, padding, 1), gs.constant(0L));
      Operand<TFloat32> paddedValues = gs.pad(values, paddings(gs, padding, values.shape().numDimensions()),
          gs.constant(0f));
      Operand<TInt64> allIds = collective(gs, "CollectiveGatherV2", paddedIds, key++, null, false);
      Ops vs = gs.withControlDependencies(List.<Op>of(allIds));
      Operand<TFloat32> allValues = collective(vs, "CollectiveGatherV2", paddedValues, key++, null, false);
      out.set(i, TfGradient.rows(allIds, vs.math.divNoNan(allValues, total), g.numRows()));
      previous = allValues;
    }
    Operand<TFloat32> globalLoss = tf.math.divNoNan(
        tf.reshape(pieces.get(sizes.size() + 1), tf.constant(new int[0])), total);
    return new Reduced(globalLoss, out);
  }

  /** {@code [[0, padding], [0, 0], ...]} for a tensor of {@code rank} dimensions. */
  private static Operand<TInt32> paddings(Ops tf, Operand<TInt32> padding, int rank) {
    Operand<TInt32> first = tf.reshape(tf.stack(List.of(tf.constant(0), padding)), tf.constant(new int[] {1, 2}));
    if (rank == 1) {
      return first;
    }
    return tf.concat(List.of(first, tf.zeros(tf.constant(new int[] {rank - 1, 2}), TInt32.class)), tf.constant(0));
  }

  /**
   * A collective op on this worker's CPU: {@code CollectiveReduceV2} (merge {@code mergeOp} or Add, final Id) or
   * {@code CollectiveGatherV2}, inputs {@code (input, group_size, group_key, instance_key, ordering_token[])}.
   */
  @SuppressWarnings("unchecked")
  private <T extends TType> Operand<T> collective(Ops tf, String type, Operand<T> input, int instanceKey,
      String mergeOp, boolean reduce) {
    Ops on = tf.withDevice(device);
    OperationBuilder b = on.scope().opBuilder(type, type.equals("CollectiveGatherV2") ? "all_gather" : "all_reduce");
    b.addInput(input.asOutput());
    b.addInput(on.constant(groupSize).asOutput());
    b.addInput(on.constant(GROUP_KEY).asOutput());
    b.addInput(on.constant(instanceKey).asOutput());
    b.addInputList(new Output<?>[0]);
    if (type.equals("CollectiveReduceV2")) {
      b.setAttr("merge_op", mergeOp == null ? "Add" : mergeOp);
      b.setAttr("final_op", "Id");
    }
    b.setAttr("timeout_seconds", timeoutSeconds);
    Operation op = b.build();
    return (Operand<T>) (Operand<?>) op.output(0);
  }
}
