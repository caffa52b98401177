package io.jkeras.tf.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One optimizer's update rule in a TF graph. Made once per model by {@code TfOptimizers.create(optimizer)};
 * {@link #apply} is called once while the training graph is built.
 */
public interface OptimizerLowering {
  /**
   * Adds to the graph the ops that apply one update to {@code variables} from {@code gradients} (same order),
   * with gradient clipping as the optimizer's arguments say. Slot variables (moments, accumulators) are created
   * here under {@code tf.withInitScope()} so that {@code Session.runInit()} initializes them.
   *
   * @param learningRate scalar learning rate of this step (fed from Java, which evaluates schedules)
   * @param step scalar 1-based index of this step, as float32 (for bias corrections)
   * @return an op that runs the whole update
   */
  default Op apply(
      Ops tf,
      List<Variable<TFloat32>> variables,
      List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate,
      Operand<TFloat32> step) {
    List<TfGradient> dense = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      dense.add(g == null ? null : TfGradient.dense(g));
    }
    return applyGradients(tf, variables, dense, learningRate, step);
  }

  /**
   * As {@link #apply}, with each gradient dense or given as a table's looked-up rows ({@link TfGradient#rows},
   * Keras' {@code IndexedSlices}), which the update treats as Keras on TensorFlow does; {@code null} leaves its
   * variable alone.
   */
  Op applyGradients(
      Ops tf,
      List<Variable<TFloat32>> variables,
      List<TfGradient> gradients,
      Operand<TFloat32> learningRate,
      Operand<TFloat32> step);

  /** The slot variables made by {@link #apply}, in a stable order with stable names (for saving state). */
  List<Variable<TFloat32>> slotVariables();
}
