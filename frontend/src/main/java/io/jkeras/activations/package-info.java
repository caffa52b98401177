/**
 * The activation functions by Keras name ({@code "relu"}, {@code "softmax"}, {@code "gelu"}, ...), as {@code
 * keras.activations}; layers take them by name and {@link io.jkeras.activations.Activations#canonical} checks
 * a name and resolves its aliases.
 *
 * <pre>{@code
 * var hidden = new Dense(64).activation("relu");
 * var act = new Activation("softmax");
 * }</pre>
 */
package io.jkeras.activations;
