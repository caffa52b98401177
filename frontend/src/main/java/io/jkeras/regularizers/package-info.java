/**
 * Weight and activity regularizers, as {@code keras.regularizers}: {@link io.jkeras.regularizers.L1},
 * {@link io.jkeras.regularizers.L2}, {@link io.jkeras.regularizers.L1L2}; their penalties are added to the
 * loss.
 *
 * <pre>{@code
 * var dense = new Dense(64).kernelRegularizer(new L2(1e-4));
 * }</pre>
 */
package io.jkeras.regularizers;
