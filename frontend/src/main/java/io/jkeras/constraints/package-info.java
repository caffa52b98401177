/**
 * Weight constraints applied after each optimizer step, as {@code keras.constraints}: {@link
 * io.jkeras.constraints.MaxNorm}, {@link io.jkeras.constraints.MinMaxNorm}, {@link
 * io.jkeras.constraints.NonNeg}, {@link io.jkeras.constraints.UnitNorm}; {@link
 * io.jkeras.constraints.Constraints#get} takes Keras' names.
 *
 * <pre>{@code
 * var dense = new Dense(64).kernelConstraint(new MaxNorm(2.0));
 * }</pre>
 */
package io.jkeras.constraints;
