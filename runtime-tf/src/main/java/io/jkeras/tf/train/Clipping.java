package io.jkeras.tf.train;

import io.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras' gradient clipping ({@code BaseOptimizer._clip_gradients}): clipnorm, else global_clipnorm, else clipvalue. */
final class Clipping {
  private Clipping() {}

  static List<Operand<TFloat32>> clip(Ops tf, Optimizer o, List<Operand<TFloat32>> grads) {
    if (o.clipnorm().isPresent()) {
      // g·c / max(‖g‖, c), per gradient.
      Operand<TFloat32> c = tf.constant(o.clipnorm().get().floatValue());
      List<Operand<TFloat32>> out = new ArrayList<>();
      for (Operand<TFloat32> g : grads) {
        Operand<TFloat32> norm = tf.math.sqrt(sumAll(tf, tf.math.square(g)));
        out.add(tf.math.div(tf.math.mul(g, c), tf.math.maximum(norm, c)));
      }
      return out;
    }
    if (o.globalClipnorm().isPresent()) {
      // g·c·min(1/‖G‖, 1/c) with ‖G‖ the norm of all gradients together.
      Operand<TFloat32> c = tf.constant(o.globalClipnorm().get().floatValue());
      Operand<TFloat32> sq = null;
      for (Operand<TFloat32> g : grads) {
        Operand<TFloat32> s = sumAll(tf, tf.math.square(g));
        sq = sq == null ? s : tf.math.add(sq, s);
      }
      if (sq == null) {
        return grads;
      }
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> scale = tf.math.mul(c,
          tf.math.minimum(tf.math.div(one, tf.math.sqrt(sq)), tf.math.div(one, c)));
      List<Operand<TFloat32>> out = new ArrayList<>();
      for (Operand<TFloat32> g : grads) {
        out.add(tf.math.mul(g, scale));
      }
      return out;
    }
    if (o.clipvalue().isPresent()) {
      float v = o.clipvalue().get().floatValue();
      List<Operand<TFloat32>> out = new ArrayList<>();
      for (Operand<TFloat32> g : grads) {
        out.add(tf.clipByValue(g, tf.constant(-v), tf.constant(v)));
      }
      return out;
    }
    return grads;
  }

  /** The sum of all elements, as a scalar. */
  static Operand<TFloat32> sumAll(Ops tf, Operand<TFloat32> x) {
    return tf.sum(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }
}
