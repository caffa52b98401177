package io.jkeras.tf.lowering;

import io.jkeras.activations.Activations;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras' activation functions as TF ops, by canonical Keras name (every name in {@link Activations#NAMES}),
 * with Keras 3's formulas and defaults: {@code gelu} exact (erf, {@code approximate=False}), {@code
 * leaky_relu} with {@code negative_slope=0.2}, {@code hard_sigmoid} = {@code clip(x/6 + 0.5, 0, 1)}, {@code
 * selu} and {@code elu} as TF's fused ops (Keras' constants), softmax over the last axis.
 *
 * <pre>{@code
 * Operand<TFloat32> y = ActivationLowering.apply(tf, "gelu", x);
 * }</pre>
 */
public final class ActivationLowering {
  private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

  private ActivationLowering() {}

  /** {@code name(x)}; {@link IllegalArgumentException} for a name Keras does not know. */
  public static Operand<TFloat32> apply(Ops tf, String name, Operand<TFloat32> x) {
    String canonical = Activations.canonical(name, "activation");
    return switch (canonical) {
      case "linear" -> x;
      case "relu" -> tf.nn.relu(x);
      case "relu6" -> tf.nn.relu6(x);
      case "softmax" -> tf.nn.softmax(x);
      case "log_softmax" -> logSoftmax(tf, x);
      case "sigmoid" -> tf.math.sigmoid(x);
      case "tanh" -> tf.math.tanh(x);
      case "elu" -> tf.nn.elu(x);
      case "selu" -> tf.nn.selu(x);
      case "gelu" -> // 0.5 * x * (1 + erf(x / sqrt(2)))
          tf.math.mul(
              tf.math.mul(tf.constant(0.5f), x),
              tf.math.add(tf.constant(1f), tf.math.erf(tf.math.mul(x, tf.constant(INV_SQRT2)))));
      case "softplus" -> tf.math.softplus(x);
      case "softsign" -> tf.nn.softsign(x);
      case "silu" -> tf.math.mul(x, tf.math.sigmoid(x));
      case "leaky_relu" -> tf.nn.leakyRelu(x, LeakyRelu.alpha(0.2f));
      case "hard_sigmoid" -> hardSigmoid(tf, x);
      case "hard_silu" -> tf.math.mul(x, hardSigmoid(tf, x));
      case "exponential" -> tf.math.exp(x);
      case "mish" -> tf.math.mul(x, tf.math.tanh(tf.math.softplus(x)));
      default -> throw new IllegalArgumentException("activation '" + name + "' has no TensorFlow lowering");
    };
  }

  /**
   * Log-softmax over the last axis for any rank. TF's C++ gradient of {@code LogSoftmax} sums over axis 1, which
   * is the class axis only for rank 2: a (batch, steps, classes) input is therefore taken as (-1, classes).
   */
  public static Operand<TFloat32> logSoftmax(Ops tf, Operand<TFloat32> x) {
    int rank = x.shape().numDimensions();
    if (rank >= 0 && rank <= 2) {
      return tf.nn.logSoftmax(x);
    }
    Operand<TInt32> shape = tf.shape(x);
    Operand<TInt32> last = tf.stridedSlice(shape, Indices.sliceFrom(-1));
    Operand<TFloat32> flat = tf.reshape(x, tf.concat(List.of(tf.constant(new int[] {-1}), last),
        tf.constant(0)));
    return tf.reshape(tf.nn.logSoftmax(flat), shape);
  }

  // relu6(x + 3) / 6 == clip(x / 6 + 0.5, 0, 1), written with ops that have registered gradients.
  private static Operand<TFloat32> hardSigmoid(Ops tf, Operand<TFloat32> x) {
    return tf.math.div(tf.nn.relu6(tf.math.add(x, tf.constant(3f))), tf.constant(6f));
  }
}
