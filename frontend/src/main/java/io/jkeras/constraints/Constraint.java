package io.jkeras.constraints;

import io.jkeras.saving.KerasSerializable;
import org.tensorflow.ndarray.Shape;

/**
 * A projection applied to a weight after each optimizer update (Keras' {@code keras.constraints}). The runtime
 * lowers it to its own ops; {@link #apply} is the reference computation in Java, with Keras' formula.
 *
 * <pre>{@code
 * new Dense(64).kernelConstraint(new MaxNorm(3));
 * }</pre>
 */
public interface Constraint extends KerasSerializable {
  /** The projected values of a weight of {@code shape} (row-major), as Keras' {@code __call__}. */
  float[] apply(float[] values, Shape shape);
}
