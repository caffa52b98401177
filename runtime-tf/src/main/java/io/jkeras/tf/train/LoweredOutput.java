package io.jkeras.tf.train;

import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * A model output as the loss and metric code sees it in the TF graph.
 *
 * @param value the output as the model computes it (after its activation), shape (batch, ...)
 * @param activation the canonical Keras name of the activation the output layer applied last ({@code
 *     softmax}, {@code sigmoid}, {@code linear}, ...)
 * @param preActivation the output before that activation (the logits when the activation is softmax or
 *     sigmoid), or {@code null} if unknown; cross-entropy losses use it for numerical stability, as Keras on
 *     TensorFlow does
 * @param mask the output's mask (Keras' {@code _keras_mask}), usually (batch, timesteps), {@code false} at
 *     padded steps; or {@code null}. Losses and mean metrics then leave the masked entries out, as Keras 3 does.
 */
public record LoweredOutput(Operand<TFloat32> value, String activation, Operand<TFloat32> preActivation,
    Operand<TBool> mask) {

  /** An output without a mask. */
  public LoweredOutput(Operand<TFloat32> value, String activation, Operand<TFloat32> preActivation) {
    this(value, activation, preActivation, null);
  }
}
