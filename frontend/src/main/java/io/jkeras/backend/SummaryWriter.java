package io.jkeras.backend;

/**
 * Writes TensorBoard event files into one directory, as TensorFlow's {@code tf.summary} file writer: made by
 * {@link ModelRuntime#createSummaryWriter(java.nio.file.Path)} and used by {@code io.jkeras.callbacks.TensorBoard}.
 * The TensorFlow runtime writes through TF's own summary ops, so TensorBoard reads the files as it reads
 * Keras'.
 *
 * <pre>{@code
 * try (SummaryWriter w = model.runtime().createSummaryWriter(Path.of("logs/train"))) {
 *   w.scalar("epoch_loss", 0.25, 0);
 *   w.histogram("dense/kernel/histogram", model.runtime().getWeights().get("dense/kernel"), 0);
 * }
 * }</pre>
 */
public interface SummaryWriter extends AutoCloseable {

  /** A scalar summary ({@code tf.summary.scalar(tag, value, step)}). */
  void scalar(String tag, double value, long step);

  /** A histogram of the values ({@code tf.summary.histogram(tag, values, step)}). */
  void histogram(String tag, float[] values, long step);

  /** The computation graph of the runtime that made this writer (TensorBoard's Graphs tab). */
  void graph(long step);

  /**
   * The Keras model as JSON under the tag {@code keras} (Keras' {@code keras_model_summary}, the conceptual
   * graph in TensorBoard); does nothing by default.
   */
  default void kerasModel(String modelJson, long step) {}

  /** Writes the pending events to disk. */
  void flush();

  /** Flushes and closes the file; later calls fail. Closing twice does nothing. */
  @Override
  void close();
}
