/**
 * Metrics, as {@code keras.metrics}: names for {@link io.jkeras.Compile#metrics(Object...)} ({@code
 * "accuracy"} resolves to the binary, categorical or sparse variant from the loss and output shape, as Keras
 * 3 does) or objects with arguments.
 *
 * <pre>{@code
 * model.compile(Compile.optimizer("adam").loss("binary_crossentropy").metrics("accuracy", new Precision(), "auc"));
 * }</pre>
 */
package io.jkeras.metrics;
