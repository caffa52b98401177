package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import org.tensorflow.ndarray.Shape;

/** Metrics by Keras name. TEMPORARY stub until the metric family lands. */
public final class Metrics {
  private Metrics() {}

  /** Throws if {@code name} is no metric Keras knows. */
  public static void checkName(String name) {
    throw new UnsupportedOperationException("metrics not implemented yet: " + name);
  }

  /**
   * The metric for a Keras name on an output with this loss and shape; {@code "accuracy"}/{@code "acc"} become
   * binary, sparse categorical or categorical accuracy as Keras decides.
   */
  public static Metric get(String name, Loss loss, Shape outputShape) {
    throw new UnsupportedOperationException("metrics not implemented yet: " + name);
  }
}
