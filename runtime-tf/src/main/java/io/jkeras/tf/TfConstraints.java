package io.jkeras.tf;

import io.jkeras.constraints.Constraint;
import io.jkeras.constraints.MaxNorm;
import io.jkeras.constraints.MinMaxNorm;
import io.jkeras.constraints.NonNeg;
import io.jkeras.constraints.UnitNorm;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Weight constraints as graph ops, applied to a weight right after each optimizer update (Keras' {@code
 * kernel_constraint}), with Keras 3's formulas ({@code epsilon = 1e-7}). Users add their own with {@link
 * #register}; a constraint without a lowering is refused when the model is lowered.
 *
 * <pre>{@code
 * TfConstraints.register(MyClip.class, (tf, c, w) -> tf.math.minimum(w, tf.constant(c.limit())));
 * }</pre>
 */
final class TfConstraints {
  private static final float EPSILON = 1e-7f;

  /** The projected value of a weight. */
  @FunctionalInterface
  public interface ConstraintLowering<C extends Constraint> {
    Operand<TFloat32> project(Ops tf, C constraint, Operand<TFloat32> weight);
  }

  private static final Map<Class<?>, ConstraintLowering<?>> REGISTRY = new ConcurrentHashMap<>();

  static {
    register(NonNeg.class, (tf, c, w) ->
        tf.math.mul(w, tf.dtypes.cast(tf.math.greaterEqual(w, tf.constant(0f)), TFloat32.class)));
    register(MaxNorm.class, (tf, c, w) -> {
      Operand<TFloat32> norms = norms(tf, w, c.axis());
      Operand<TFloat32> desired = tf.math.minimum(tf.math.maximum(norms, tf.constant(0f)),
          tf.constant((float) c.maxValue()));
      return tf.math.mul(w, tf.math.div(desired, tf.math.add(norms, tf.constant(EPSILON))));
    });
    register(UnitNorm.class, (tf, c, w) ->
        tf.math.div(w, tf.math.add(norms(tf, w, c.axis()), tf.constant(EPSILON))));
    register(MinMaxNorm.class, (tf, c, w) -> {
      Operand<TFloat32> norms = norms(tf, w, c.axis());
      Operand<TFloat32> clipped = tf.math.minimum(tf.math.maximum(norms, tf.constant((float) c.minValue())),
          tf.constant((float) c.maxValue()));
      Operand<TFloat32> desired = tf.math.add(tf.math.mul(tf.constant((float) c.rate()), clipped),
          tf.math.mul(tf.constant((float) (1 - c.rate())), norms));
      return tf.math.mul(w, tf.math.div(desired, tf.math.add(norms, tf.constant(EPSILON))));
    });
  }

  private TfConstraints() {}

  /** Registers the lowering of a constraint class. */
  public static <C extends Constraint> void register(Class<C> cls, ConstraintLowering<? super C> lowering) {
    REGISTRY.put(Objects.requireNonNull(cls, "class"), Objects.requireNonNull(lowering, "lowering"));
  }

  private static Operand<TFloat32> norms(Ops tf, Operand<TFloat32> w, int[] axis) {
    return tf.math.sqrt(tf.reduceSum(tf.math.square(w), tf.constant(axis), ReduceSum.keepDims(true)));
  }

  /** The projection of {@code weight} by {@code constraint}; {@link UnsupportedOperationException} if unknown. */
  @SuppressWarnings("unchecked")
  static Operand<TFloat32> project(Ops tf, Constraint constraint, Operand<TFloat32> weight, String path) {
    for (Class<?> c = constraint.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      ConstraintLowering<?> l = REGISTRY.get(c);
      if (l != null) {
        return ((ConstraintLowering<Constraint>) l).project(tf, constraint, weight);
      }
    }
    throw new UnsupportedOperationException("Constraint " + constraint.className() + " of weight '" + path
        + "' has no TensorFlow lowering; register one with TfConstraints.register");
  }
}
