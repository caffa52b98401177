/**
 * Weight initializers, as {@code keras.initializers}: the same names, defaults and distributions ({@code
 * "glorot_uniform"}, {@code "he_normal"}, {@code "orthogonal"}, ...). Values are drawn in Java from a seeded
 * generator, so one seed gives the same initial weights on every runtime.
 *
 * <pre>{@code
 * var a = new Dense(64).kernelInitializer("he_normal");
 * var b = new Dense(64).kernelInitializer(new HeNormal(7L));   // with its own seed
 * }</pre>
 */
package io.jkeras.initializers;
