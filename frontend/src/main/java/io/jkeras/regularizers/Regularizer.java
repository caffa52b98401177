package io.jkeras.regularizers;

import io.jkeras.saving.KerasSerializable;

/**
 * A penalty on a weight added to the training loss (Keras' {@code keras.regularizers}).
 *
 * <pre>{@code
 * new Dense(64).kernelRegularizer(new L2(1e-4));
 * }</pre>
 */
public interface Regularizer extends KerasSerializable {
  /** The penalty for a weight's values: what Keras' {@code __call__} returns. */
  double penalty(float[] values);
}
