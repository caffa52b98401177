package io.jkeras.tf.lowering;

import io.jkeras.Variable;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** What a {@link LayerLowering} may use while it adds the ops of one layer call. */
public interface LoweringContext {

  /** Ops scoped under the current forward pass and layer name. */
  Ops tf();

  /** The TF variable holding a weight of the model (the same one in every forward pass). */
  Operand<TFloat32> variable(Variable weight);

  /** The ref variable itself, for ops that update it in place (BatchNormalization's moving statistics). */
  org.tensorflow.op.core.Variable<TFloat32> refVariable(Variable weight);

  /** Whether this forward pass is the training one (dropout active, batch statistics). */
  boolean training();

  /** A fresh op-level seed for a random op, derived from the runtime's seed: reproducible and distinct. */
  long nextSeed();

  /** The graph-level seed to pass with {@link #nextSeed()} to stateful random ops. */
  long graphSeed();

  /** An op that must run with every training step (moving-statistics updates); only in the training pass. */
  void addUpdate(Op update);

  /** A penalty added to the total loss (activity regularization). */
  void addLoss(Operand<TFloat32> penalty);
}
