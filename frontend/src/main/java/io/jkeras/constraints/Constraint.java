package io.jkeras.constraints;

import io.jkeras.saving.KerasSerializable;

/**
 * A projection applied to a weight after each optimizer update (Keras' {@code keras.constraints}).
 *
 * <pre>{@code
 * new Dense(64).kernelConstraint(new MaxNorm(3));
 * }</pre>
 */
public interface Constraint extends KerasSerializable {}
