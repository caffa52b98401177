package io.jkeras.tf;

import io.jkeras.Variable;
import io.jkeras.regularizers.L1L2;
import io.jkeras.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Weight regularizers as graph ops, added to the training loss. Lowerings are found by the regularizer's
 * class (or nearest superclass); users add their own with {@link #register}.
 *
 * <pre>{@code
 * TfRegularizers.register(MyPenalty.class, (tf, r, w) -> tf.math.mul(tf.constant(r.factor()), tf.reduceMax(...)));
 * }</pre>
 */
public final class TfRegularizers {
  /** The penalty of one regularizer on one weight, a float32 scalar. */
  @FunctionalInterface
  public interface RegularizerLowering<R extends Regularizer> {
    Operand<TFloat32> penalty(Ops tf, R regularizer, Operand<TFloat32> weight);
  }

  private static final Map<Class<?>, RegularizerLowering<?>> REGISTRY = new ConcurrentHashMap<>();

  static {
    // L1 and L2 are L1L2 with one factor zero.
    register(L1L2.class, (tf, r, w) -> l1l2(tf, r.l1(), r.l2(), w));
  }

  private TfRegularizers() {}

  /** Registers the lowering of a regularizer class. */
  public static <R extends Regularizer> void register(Class<R> cls, RegularizerLowering<? super R> lowering) {
    REGISTRY.put(Objects.requireNonNull(cls, "class"), Objects.requireNonNull(lowering, "lowering"));
  }

  /** {@code l1 * sum(|w|) + l2 * sum(w^2)}, Keras' L1/L2/L1L2 penalty. */
  public static Operand<TFloat32> l1l2(Ops tf, double l1, double l2, Operand<TFloat32> w) {
    Operand<TFloat32> p = tf.constant(0f);
    if (l1 != 0) {
      p = tf.math.add(p, tf.math.mul(tf.constant((float) l1), tf.reduceSum(tf.math.abs(w), allAxes(tf, w))));
    }
    if (l2 != 0) {
      p = tf.math.add(p, tf.math.mul(tf.constant((float) l2), tf.reduceSum(tf.math.square(w), allAxes(tf, w))));
    }
    return p;
  }

  private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<TFloat32> w) {
    return tf.range(tf.constant(0), tf.rank(w), tf.constant(1));
  }

  /** The penalties of every regularized trainable weight of the model. */
  static List<Operand<TFloat32>> penalties(Ops tf, TfVariables variables) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Variable w : variables.weights) {
      // Keras regularizes trainable weights only (Layer._get_regularization_losses).
      if (w.trainable() && w.regularizer().isPresent()) {
        // Through a non-ref read: the gradients of Square and Abs crash on a ref input.
        out.add(penalty(tf, w.regularizer().get(), tf.identity(variables.of(w)), "weight '" + w.path() + "'"));
      }
    }
    return out;
  }

  /**
   * The penalty of {@code r} on {@code w} (a weight, or a layer output for activity regularization); {@link
   * UnsupportedOperationException} naming {@code where} if the regularizer has no lowering.
   */
  @SuppressWarnings("unchecked")
  public static Operand<TFloat32> penalty(Ops tf, Regularizer r, Operand<TFloat32> w, String where) {
    for (Class<?> c = r.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      RegularizerLowering<?> l = REGISTRY.get(c);
      if (l != null) {
        return ((RegularizerLowering<Regularizer>) l).penalty(tf, r, w);
      }
    }
    throw new UnsupportedOperationException("Regularizer " + r.className() + " of " + where
        + " has no TensorFlow lowering; register one with TfRegularizers.register");
  }
}
