package io.jkeras.tf.train;

import io.jkeras.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' gradient clipping ({@code BaseOptimizer._clip_gradients}): clipnorm, else global_clipnorm, else
 * clipvalue. A gradient given as rows ({@link TfGradient#isRows()}) is clipped as Keras on TensorFlow clips an
 * {@code IndexedSlices}: the norms are taken over all rows (repeated ids not summed first), clipnorm and clipvalue
 * scale or clip each row and keep the rows, global_clipnorm returns a dense gradient.
 */
final class Clipping {
  private Clipping() {}

  static List<TfGradient> clip(Ops tf, Optimizer o, List<TfGradient> grads) {
    if (o.clipnorm().isPresent()) {
      // tf.clip_by_norm: g·c / max(‖g‖, c), per gradient.
      Operand<TFloat32> c = tf.constant(o.clipnorm().get().floatValue());
      List<TfGradient> out = new ArrayList<>();
      for (TfGradient g : grads) {
        Operand<TFloat32> norm = tf.math.sqrt(g.sumOfSquares(tf));
        out.add(g.map(v -> tf.math.div(tf.math.mul(v, c), tf.math.maximum(norm, c))));
      }
      return out;
    }
    if (o.globalClipnorm().isPresent()) {
      // g·c·min(1/‖G‖, 1/c) with ‖G‖ the norm of all gradients together; + (‖G‖ - ‖G‖) turns an infinite or
      // NaN norm into NaN, as Keras' clip_by_global_norm does.
      Operand<TFloat32> c = tf.constant(o.globalClipnorm().get().floatValue());
      Operand<TFloat32> sq = null;
      for (TfGradient g : grads) {
        Operand<TFloat32> s = g.sumOfSquares(tf);
        sq = sq == null ? s : tf.math.add(sq, s);
      }
      if (sq == null) {
        return grads;
      }
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> norm = tf.math.sqrt(sq);
      Operand<TFloat32> scale = tf.math.add(
          tf.math.mul(c, tf.math.minimum(tf.math.div(one, norm), tf.math.div(one, c))),
          tf.math.sub(norm, norm));
      // Keras multiplies with Python's `*`, which turns an IndexedSlices into a dense tensor first: after a
      // global clip every gradient is dense.
      List<TfGradient> out = new ArrayList<>();
      for (TfGradient g : grads) {
        out.add(TfGradient.dense(tf.math.mul(g.dense(tf), scale)));
      }
      return out;
    }
    if (o.clipvalue().isPresent()) {
      float v = o.clipvalue().get().floatValue();
      List<TfGradient> out = new ArrayList<>();
      for (TfGradient g : grads) {
        out.add(g.map(x -> tf.clipByValue(x, tf.constant(-v), tf.constant(v))));
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
