package io.jkeras.tf.lowering;

import io.jkeras.Variable;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/** What a {@link LayerLowering} may use while it adds the ops of one layer call. */
public interface LoweringContext {

  /** Ops scoped under the current forward pass and layer name. */
  Ops tf();

  /**
   * The value of a model weight for this pass: a read of the TF variable (the same variable in every pass),
   * safe to use with any op.
   */
  Operand<TFloat32> variable(Variable weight);

  /**
   * The rows of a table weight that {@code ids} look up: {@code gather(table, ids, axis=0)}, shaped {@code ids}
   * plus a row. Lowerings that read a table by rows (Embedding) use this rather than gathering from {@link
   * #variable}: the training pass remembers each lookup, so that the table's gradient reaches the optimizer as
   * the looked-up rows, as Keras on TensorFlow hands it over ({@code IndexedSlices}).
   */
  default Operand<TFloat32> lookupRows(Variable table, Operand<? extends TNumber> ids) {
    Ops tf = tf();
    return tf.gather(variable(table), ids, tf.constant(0));
  }

  /** The ref variable itself, for ops that update it in place (BatchNormalization's moving statistics). */
  org.tensorflow.op.core.Variable<TFloat32> refVariable(Variable weight);

  /** Whether this forward pass is the training one (dropout active, batch statistics). */
  boolean training();

  /**
   * Whether lowerings may build fused TensorFlow ops that have a gradient registered by jkeras (Conv2D + bias +
   * Relu, see {@code FusedConv2D}): true in the training pass of a compiled model when the runtime's {@code
   * remapping} switch is on, no GPU is in use, and neither XLA nor bfloat16 mixed precision is on.
   */
  default boolean fuseForGradients() {
    return false;
  }

  /** A fresh op-level seed for a random op, derived from the runtime's seed: reproducible and distinct. */
  long nextSeed();

  /** The runtime's seed (RuntimeOptions.seed, or a fixed default). */
  long graphSeed();

  /**
   * The number of the current training step as an int64 scalar (0 when no step is fed): with {@link
   * #nextSeed()} it seeds stateless random ops, so that every step draws afresh and reruns repeat exactly.
   */
  Operand<TInt64> step();

  /** An op that must run with every training step (moving-statistics updates); only in the training pass. */
  void addUpdate(Op update);

  /** A penalty added to the total loss (activity regularization). */
  void addLoss(Operand<TFloat32> penalty);

  /**
   * The keyword call arguments of the node being lowered ({@code Node.callArguments()}: tensors, which are also
   * among the lowering's inputs after the positional ones, and plain values); empty for plain calls.
   */
  default java.util.Map<String, Object> callArguments() {
    return java.util.Map.of();
  }
}
