package io.jkeras.tf;

import io.jkeras.Model;
import io.jkeras.tf.lowering.Lowered;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * The training pass of a {@code MirroredStrategy}: the global batch split along its first axis into one slice
 * per device ({@code SplitV}; sizes differ by at most one, the first replicas taking the remainder), one forward
 * pass per device under that device's scope (a "tower", reading the shared weights), and the towers' outputs
 * concatenated back into the global batch's outputs. The compiled step computes the loss on those outputs, so
 * {@code Graph.addGradients} sums every tower's contribution into each weight's gradient and one optimizer
 * update follows, exactly as one device would on the whole batch.
 *
 * <p>The towers read each weight through one shared read and record their row lookups (Embedding) on the combined
 * pass, so an Embedding's gradient is every replica's rows, as one device's on the whole batch.
 *
 * <p>Per tower as in Keras 3 on TensorFlow: BatchNormalization normalizes with its own slice's statistics and
 * the moving statistics take the first replica's update (what Keras' mirrored variables show after a step,
 * checked with Keras 3.15.1 on two logical CPUs); Dropout draws its masks from a seed per replica; losses a layer
 * adds (activity regularizers, {@code addLoss}) are averaged over the replicas weighted by their slice sizes.
 */
final class MirroredTowers {
  private final ForwardPass pass;
  private final List<Lowered> outputs;

  private MirroredTowers(ForwardPass pass, List<Lowered> outputs) {
    this.pass = pass;
    this.outputs = outputs;
  }

  /** The pass the compiled step trains through: shared step counter, the towers' losses and updates. */
  ForwardPass pass() {
    return pass;
  }

  /** The model's outputs over the global batch (the towers' outputs concatenated). */
  List<Lowered> outputs() {
    return outputs;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static MirroredTowers build(Ops tf, Model model, List<Lowered> inputs, TfVariables variables, long seed,
      boolean fuse, List<DeviceSpec> devices) {
    int replicas = devices.size();
    Ops root = tf.withSubScope("training");
    ForwardPass combined = new ForwardPass(root, true, variables, seed, fuse);
    Ops split = root.withSubScope("split");
    Operand<TInt32> n = split.reshape(split.stridedSlice(split.shape(inputs.get(0).value()), Indices.sliceTo(1)),
        split.constant(new int[0]));
    Operand<TInt32> r = split.constant(replicas);
    // sizes[i] = n / R + (i < n % R): the first replicas take one example more
    Operand<TInt32> sizes = split.withName("replica_sizes").math.add(split.math.floorDiv(n, r),
        split.dtypes.cast(split.math.less(split.range(split.constant(0), r, split.constant(1)),
            split.math.floorMod(n, r)), TInt32.class));
    List<List<Operand<?>>> slices = new ArrayList<>();
    for (Lowered in : inputs) {
      slices.add(new ArrayList<>((List) split.splitV((Operand) in.value(), sizes, split.constant(0),
          (long) replicas).output()));
    }
    Operand<TFloat32> total = split.dtypes.cast(n, TFloat32.class);
    List<List<Lowered>> towerOutputs = new ArrayList<>();
    List<List<Operand<TFloat32>>> towerLosses = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      Ops scope = root.withSubScope("replica_" + i).withDevice(devices.get(i));
      // A seed per replica (replica 0 keeps the model's): dropout masks differ between slices.
      ForwardPass tower = new ForwardPass(scope, true, variables, seed + i, fuse);
      tower.shareWith(combined);
      List<Lowered> towerInputs = new ArrayList<>();
      for (List<Operand<?>> s : slices) {
        towerInputs.add(Lowered.of(s.get(i)));
      }
      towerOutputs.add(tower.run(model, towerInputs));
      // Each replica's share of the batch weighs the losses its layers added.
      Operand<TFloat32> share = scope.math.divNoNan(scope.dtypes.cast(
          scope.stridedSlice(sizes, Indices.at(i)), TFloat32.class), total);
      Operand<TBool> nonEmpty = scope.math.greater(scope.stridedSlice(sizes, Indices.at(i)), scope.constant(0));
      List<Operand<TFloat32>> weighted = new ArrayList<>();
      for (Operand<TFloat32> loss : tower.losses()) {
        // an empty slice (a batch smaller than the replicas) may give 0/0: it adds nothing
        weighted.add(scope.select(nonEmpty, scope.math.mul(loss, share), scope.zerosLike(loss)));
      }
      towerLosses.add(weighted);
      if (i == 0) {
        for (Op update : tower.updates()) {
          combined.addUpdate(update);
        }
      }
    }
    for (int k = 0; k < towerLosses.get(0).size(); k++) {
      List<Operand<TFloat32>> terms = new ArrayList<>();
      for (List<Operand<TFloat32>> l : towerLosses) {
        terms.add(l.get(k));
      }
      combined.addLoss(root.math.addN(terms));
    }
    Ops concat = root.withSubScope("concat");
    Operand<TInt32> axis = concat.constant(0);
    List<Lowered> outputs = new ArrayList<>();
    for (int k = 0; k < towerOutputs.get(0).size(); k++) {
      List<Operand<TType>> values = new ArrayList<>();
      List<Operand<TFloat32>> pre = new ArrayList<>();
      List<Operand<TBool>> masks = new ArrayList<>();
      for (List<Lowered> outs : towerOutputs) {
        Lowered o = outs.get(k);
        values.add((Operand<TType>) o.value());
        if (o.preActivation() != null) {
          pre.add(o.preActivation());
        }
        if (o.mask() != null) {
          masks.add(o.mask());
        }
      }
      Lowered first = towerOutputs.get(0).get(k);
      outputs.add(new Lowered(concat.concat(values, axis),
          pre.size() == replicas ? first.activation() : "linear",
          pre.size() == replicas ? concat.concat(pre, axis) : null,
          masks.size() == replicas ? concat.concat(masks, axis) : null));
    }
    return new MirroredTowers(combined, outputs);
  }
}
