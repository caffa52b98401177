package io.jkeras.backend;

import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * A model lowered onto a runtime: the step functions the training loop calls. One step is one call into the
 * runtime (one {@code Session.run} for TensorFlow); nothing per-element happens in Java.
 *
 * <p>Metrics are stateful as in Keras: each step updates them and returns their running values since the last
 * {@link #resetMetrics()}, keyed by Keras' log names ({@code loss}, {@code accuracy}, and for several outputs
 * {@code classification_output_loss}, {@code regression_output_mae}, ...).
 *
 * <p>Not thread-safe for training; {@link #predictStep} may be called from several threads at once.
 */
public interface ModelRuntime extends AutoCloseable {

  /** Forward pass, loss, gradients, optimizer update, metric update; returns the running logs. */
  Map<String, Double> trainStep(Batch batch);

  /** Forward pass in inference mode, loss and metric update; returns the running logs. */
  Map<String, Double> testStep(Batch batch);

  /** Forward pass in inference mode; one array per model output, batch dimension first. */
  List<FloatNdArray> predictStep(Batch batch);

  /** Starts the metrics (and the mean loss) afresh, as at the start of every epoch. */
  void resetMetrics();

  /** The current value of every weight by its path ({@code conv2d/kernel}), in the model's weight order. */
  Map<String, float[]> getWeights();

  /** Sets weights by path; every array must have the variable's size. */
  void setWeights(Map<String, float[]> weights);

  /** The optimizer's current learning rate (for callbacks that read or change it). */
  double learningRate();

  /** Sets the learning rate used by later steps (ReduceLROnPlateau, LearningRateScheduler). */
  void setLearningRate(double learningRate);

  /** The number of optimizer steps taken so far. */
  long iterations();

  /**
   * Sets the optimizer step counter, for training resumed from saved state: bias corrections (Adam),
   * learning-rate schedules and per-step random seeds (Dropout) continue from there.
   */
  default void setIterations(long iterations) {
    throw new UnsupportedOperationException("this runtime cannot restore the optimizer's iteration count");
  }

  /**
   * The optimizer's slot variables (Adam's moments, RMSprop's velocities, accumulators, ...) by a name that is
   * stable for one model and optimizer, e.g. {@code adam/dense_kernel_momentum}; values in C order. Empty when
   * the model is not compiled or the optimizer keeps no state (plain SGD). With {@link #iterations()} and
   * {@link #learningRate()} this is everything {@code model.save} needs to resume training exactly.
   */
  default Map<String, float[]> getOptimizerState() {
    throw new UnsupportedOperationException("this runtime cannot read the optimizer's state");
  }

  /**
   * Sets slot variables by the names {@link #getOptimizerState()} gives; every name must exist and every array
   * must have the variable's size (checked before anything is set).
   */
  default void setOptimizerState(Map<String, float[]> state) {
    throw new UnsupportedOperationException("this runtime cannot restore the optimizer's state");
  }

  /**
   * Writes a SavedModel of the model with the current weights: inference graph only, a {@code serving_default}
   * signature keyed by the model's input and output names. The directory is replaced atomically.
   */
  default void exportSavedModel(java.nio.file.Path dir) throws java.io.IOException {
    throw new UnsupportedOperationException("this runtime cannot export a SavedModel");
  }

  /**
   * A TensorBoard event-file writer for {@code dir} (created if missing); {@code io.jkeras.callbacks.TensorBoard}
   * uses it. The caller closes it.
   */
  default SummaryWriter createSummaryWriter(java.nio.file.Path dir) {
    throw new UnsupportedOperationException("this runtime cannot write TensorBoard event files");
  }

  /** Frees native resources; later calls fail with {@link IllegalStateException}. */
  /**
   * This runtime as {@code type}, or the runtime it wraps as one (the model's runtime is wrapped to keep the
   * layers shared with other models in step): {@code model.runtime().unwrap(TfModelRuntime.class)}.
   *
   * @throws ClassCastException when neither is a {@code type}
   */
  default <T> T unwrap(Class<T> type) {
    return type.cast(this);
  }

  @Override
  void close();
}
