/**
 * Data pipelines, as {@code tf.data} is to Keras: {@link io.jkeras.data.Dataset} streams elements into {@code
 * fit}, {@code evaluate} and {@code predict}, with {@code map} (on a thread pool), {@code batch}, {@code
 * shuffle}, {@code prefetch}, {@code cache}, {@code repeat} and {@code take}. The loaders that make datasets from
 * files keep Keras' names in {@link io.jkeras.utils.DatasetUtils}; {@link io.jkeras.data.CsvDataset} reads
 * tables; TFRecord files are read by the TF runtime's {@code io.jkeras.tf.TfRecordDataset}.
 *
 * <pre>{@code
 * Dataset ds = Dataset.fromTensorSlices(x, y).shuffle(1000, 42).batch(32).prefetch(Dataset.AUTOTUNE);
 * model.fit(ds, Fit.epochs(3));
 * }</pre>
 */
package io.jkeras.data;
