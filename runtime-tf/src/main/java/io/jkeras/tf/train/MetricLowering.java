package io.jkeras.tf.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One metric of one output: the graph computes per-batch sufficient statistics (sums, counts, confusion
 * counts), Java accumulates them over the epoch and computes the result, as Keras' stateful metrics do. The
 * accumulation is a handful of scalars per step, never per element.
 */
public interface MetricLowering {
  /** The statistics of one batch, each a float32 tensor (usually scalars); fetched every step. */
  List<Operand<TFloat32>> batchStatistics();

  /** Adds one batch's fetched statistics, in the order of {@link #batchStatistics()}. */
  void accumulate(List<float[]> fetched);

  /** The metric's value over everything accumulated since {@link #reset()}. */
  double result();

  /** Feeds what the step needs besides the batch (a metric's state kept in Java); nothing by default. */
  default void feed(org.tensorflow.Session.Runner runner, List<org.tensorflow.Tensor> owned) {}

  /** Starts afresh (every epoch and every evaluate). */
  void reset();
}
