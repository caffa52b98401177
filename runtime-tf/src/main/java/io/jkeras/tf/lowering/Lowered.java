package io.jkeras.tf.lowering;

import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * One tensor of the layer graph once lowered to TensorFlow: its value and, when the layer that made it ended
 * with an activation, that activation's name and the value before it (the logits of a softmax output, which
 * cross-entropy losses use for numerical stability as Keras on TensorFlow does); and the tensor's mask (Keras'
 * {@code _keras_mask}) when it carries one.
 *
 * @param value the tensor (float32 for every layer output; an input may have another dtype)
 * @param activation canonical Keras name of the last activation applied, {@code linear} if none
 * @param preActivation the value before that activation, or {@code null}
 * @param mask a boolean tensor, usually {@code (batch, timesteps)}, {@code false} at masked steps; or {@code
 *     null}. A lowering may set it ({@link #withMask}); otherwise the forward pass passes the first input's mask
 *     on wherever the frontend says the output has one ({@code Layer.computeMask}).
 */
public record Lowered(Operand<?> value, String activation, Operand<TFloat32> preActivation, Operand<TBool> mask) {

  public Lowered {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(activation, "activation");
  }

  /** A tensor without a mask. */
  public Lowered(Operand<?> value, String activation, Operand<TFloat32> preActivation) {
    this(value, activation, preActivation, null);
  }

  /** A tensor with no activation information. */
  public static Lowered of(Operand<?> value) {
    return new Lowered(value, "linear", null, null);
  }

  /** This tensor carrying {@code mask} ({@code null}: no mask). */
  public Lowered withMask(Operand<TBool> mask) {
    return new Lowered(value, activation, preActivation, mask);
  }

  /**
   * The value as float32. Numbers of another type (the int64 ids and counts of the lookup layers, float64) are
   * cast, as Keras' type promotion does when such a tensor meets a float32 kernel; strings and booleans are an
   * {@link IllegalStateException}.
   */
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> floatValue() {
    if (value.type() == TFloat32.class) {
      return (Operand<TFloat32>) value;
    }
    if (org.tensorflow.types.family.TNumber.class.isAssignableFrom(value.type())) {
      return org.tensorflow.op.Ops.create(value.env()).dtypes.cast(value, TFloat32.class);
    }
    throw new IllegalStateException(
        "expected a float32 tensor, got " + value.type().getSimpleName() + " (" + value + ")");
  }
}
