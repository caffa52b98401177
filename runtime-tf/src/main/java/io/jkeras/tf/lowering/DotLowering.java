package io.jkeras.tf.lowering;

import io.jkeras.layers.Dot;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code Dot}: Keras' {@code batch_dot}. The first input's dot axis is moved last and its other non-batch axes
 * flattened, {@code (B, M, n)}; the second's dot axis is moved to position 1 and the rest flattened, {@code (B,
 * n, P)}; one batched {@code MatMul} gives {@code (B, M, P)}, reshaped to {@code (B, x dims..., y dims...)} (or
 * {@code (B, 1)}). With {@code normalize}, each input is first multiplied by {@code min(rsqrt(sum(x^2, axis)),
 * 1 / 1e-7)}, Keras' L2 normalization.
 */
final class DotLowering implements LayerLowering<Dot> {
  private static final float EPSILON = 1e-7f;

  @Override
  public List<Lowered> lower(LoweringContext ctx, Dot layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> y = inputs.get(1).floatValue();
    int r1 = x.shape().numDimensions();
    int r2 = y.shape().numDimensions();
    int[] ax = layer.normalizedAxes(r1, r2);
    if (layer.normalize()) {
      x = l2Normalize(tf, x, ax[0]);
      y = l2Normalize(tf, y, ax[1]);
    }
    int[] perm1 = new int[r1];
    int k = 0;
    for (int i = 0; i < r1; i++) {
      if (i != ax[0]) {
        perm1[k++] = i;
      }
    }
    perm1[r1 - 1] = ax[0];
    int[] perm2 = new int[r2];
    perm2[0] = 0;
    perm2[1] = ax[1];
    k = 2;
    for (int i = 1; i < r2; i++) {
      if (i != ax[1]) {
        perm2[k++] = i;
      }
    }
    Operand<TFloat32> xt = tf.linalg.transpose(x, tf.constant(perm1));
    Operand<TFloat32> yt = tf.linalg.transpose(y, tf.constant(perm2));
    Operand<TInt32> xs = tf.shape(xt);
    Operand<TInt32> ys = tf.shape(yt);
    Operand<TInt32> minusOne = tf.constant(new int[] {-1});
    Operand<TFloat32> x3 = tf.reshape(xt, tf.concat(List.of(slice(tf, xs, 0, 1), minusOne, slice(tf, xs, r1 - 1, r1)),
        tf.constant(0)));
    Operand<TFloat32> y3 = tf.reshape(yt, tf.concat(List.of(slice(tf, ys, 0, 2), minusOne), tf.constant(0)));
    Operand<TFloat32> prod = tf.train.batchMatMul(x3, y3, TFloat32.class);

    // (B, x's other dims..., y's other dims...); static sizes where the frontend knows them.
    Shape out = layer.computeOutputShapes(List.of(Shape.of(x.shape().asArray()), Shape.of(y.shape().asArray())))
        .get(0);
    long[] dims = out.asArray();
    boolean known = true;
    for (int i = 1; i < dims.length; i++) {
      known &= dims[i] != Shape.UNKNOWN_SIZE;
    }
    Operand<TFloat32> result;
    if (known) {
      dims[0] = -1;
      result = tf.reshape(prod, tf.constant(dims));
    } else {
      List<Operand<TInt32>> parts = new ArrayList<>();
      parts.add(slice(tf, xs, 0, r1 - 1));
      parts.add(slice(tf, ys, 2, r2));
      if (r1 + r2 - 3 == 1) {
        parts.add(tf.constant(new int[] {1}));
      }
      result = tf.reshape(prod, tf.concat(parts, tf.constant(0)));
    }
    return List.of(Lowered.of(result));
  }

  private static Operand<TInt32> slice(Ops tf, Operand<TInt32> shape, int from, int to) {
    return tf.stridedSlice(shape, Indices.range(from, to));
  }

  private static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x, int axis) {
    Operand<TFloat32> squareSum = tf.reduceSum(tf.math.square(x), tf.constant(axis), ReduceSum.keepDims(true));
    Operand<TFloat32> inv = tf.math.minimum(tf.math.rsqrt(squareSum), tf.constant(1f / EPSILON));
    return tf.math.mul(x, inv);
  }
}
