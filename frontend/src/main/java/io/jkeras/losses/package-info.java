/**
 * Losses, as {@code keras.losses}: names and aliases ({@code "sparse_categorical_crossentropy"}, {@code
 * "mse"}, ...) for {@link io.jkeras.Compile#loss(String)}, or objects for their arguments.
 *
 * <pre>{@code
 * model.compile(Compile.optimizer("adam").loss(new SparseCategoricalCrossentropy().fromLogits(true)));
 * }</pre>
 */
package io.jkeras.losses;
