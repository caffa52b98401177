package io.jkeras.tf.train;

import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.CategoricalHinge;
import io.jkeras.losses.CosineSimilarity;
import io.jkeras.losses.Hinge;
import io.jkeras.losses.Huber;
import io.jkeras.losses.KLDivergence;
import io.jkeras.losses.LogCosh;
import io.jkeras.losses.Loss;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanAbsolutePercentageError;
import io.jkeras.losses.MeanSquaredLogarithmicError;
import io.jkeras.losses.Poisson;
import io.jkeras.losses.SquaredHinge;
import io.jkeras.tf.lowering.ActivationLowering;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras 3's losses as TF graph ops, per sample. Every formula uses ops that have gradients in TF's C++
 * registry (no {@code ClipByValue}/{@code Select}), except sparse cross-entropy, which goes through TF's fused
 * op with the gradient {@link FusedSparseCrossEntropy} registers. As Keras on
 * TensorFlow does, a cross-entropy with {@code from_logits=false} on an output whose last activation is softmax
 * (sigmoid for binary) is computed from the logits before it.
 *
 * <pre>{@code
 * Operand<TFloat32> perSample = TfLosses.perExample(tf, loss, labels, output);
 * Operand<TFloat32> lossValue = tf.math.mean(perSample, tf.constant(0));  // Keras' sum_over_batch_size
 * }</pre>
 */
public final class TfLosses {
  /** Keras' {@code backend.epsilon()}. */
  static final float EPSILON = 1e-7f;

  private TfLosses() {}

  /**
   * Keras' per-sample loss, shape (batch): the loss function's value (which reduces the last axis), averaged
   * over any further non-batch axes so that the mean of this vector is Keras' {@code sum_over_batch_size} loss.
   *
   * @param yTrue the labels, any numeric dtype (cast here); integer class ids of shape (batch) or (batch, 1)
   *     for sparse losses, else the output's shape
   */
  public static Operand<TFloat32> perExample(Ops tf, Loss loss, Operand<?> yTrue, LoweredOutput out) {
    Operand<TFloat32> perSample = elementwise(tf, loss, yTrue, out);
    return meanToBatch(tf, perSample);
  }

  /**
   * Keras' compiled loss of one output with its default reduction {@code sum_over_batch_size}: the loss values
   * times the sample weights, summed, over the number of values. When the output carries a mask (Keras' {@code
   * apply_mask}) the masked entries weigh 0 and the others {@code total / (valid + ε)}, so that the loss is the
   * mean over the unmasked entries: {@code Σ loss·w·mask / (Σ mask + ε)}.
   *
   * <pre>{@code
   * // an Embedding(mask_zero) -> LSTM(return_sequences) -> Dense(softmax) output (batch, steps, classes)
   * Operand<TFloat32> loss = TfLosses.sumOverBatchSize(tf, loss, labels, output, sampleWeight);
   * }</pre>
   *
   * @param sampleWeight per-sample weights of shape (batch), applied to every entry of the sample; or {@code
   *     null} for weight 1
   */
  public static Operand<TFloat32> sumOverBatchSize(Ops tf, Loss loss, Operand<?> yTrue, LoweredOutput out,
      Operand<TFloat32> sampleWeight) {
    if (out.mask() == null) {
      Operand<TFloat32> perExample = perExample(tf, loss, yTrue, out);
      Operand<TFloat32> weighted = sampleWeight == null ? perExample : tf.math.mul(perExample, sampleWeight);
      Operand<TFloat32> count = tf.dtypes.cast(tf.size(perExample), TFloat32.class);
      return tf.math.divNoNan(tf.reduceSum(weighted, tf.constant(0)), count);
    }
    Operand<TFloat32> values = elementwise(tf, loss, yTrue, out);
    Operand<TFloat32> mask = maskFor(tf, out.mask(), values, loss.name());
    // Keras' apply_mask for sum_over_batch_size: mask * total / (valid + epsilon).
    Operand<TFloat32> total = tf.dtypes.cast(tf.size(mask), TFloat32.class);
    Operand<TFloat32> valid = tf.reduceSum(mask, allAxes(tf, mask));
    Operand<TFloat32> w = tf.math.mul(mask, tf.math.div(total, tf.math.add(valid, tf.constant(EPSILON))));
    if (sampleWeight != null) {
      w = tf.math.mul(w, perSampleAlong(tf, sampleWeight, values.shape().numDimensions()));
    }
    Operand<TFloat32> weighted = tf.math.mul(values, w);
    Operand<TFloat32> count = tf.dtypes.cast(tf.size(values), TFloat32.class);
    return tf.math.divNoNan(tf.reduceSum(weighted, allAxes(tf, weighted)), count);
  }

  /**
   * The output's boolean mask as float32 of the loss values' rank (Keras' {@code squeeze_or_expand_to_same_rank}
   * with broadcasting): a mask with a trailing axis of 1 more loses it, a mask of lower rank gains trailing axes
   * of size 1. A mask whose shape cannot broadcast to the values' is an error naming both shapes.
   */
  static Operand<TFloat32> maskFor(Ops tf, Operand<TBool> mask, Operand<TFloat32> values, String owner) {
    Shape ms = mask.shape();
    Shape vs = values.shape();
    if (ms.isUnknown() || vs.isUnknown()) {
      throw new IllegalArgumentException(owner + ": the ranks of the output's mask and of the values must be known,"
          + " got mask " + ms + " and values " + vs);
    }
    Operand<TFloat32> m = tf.stopGradient(tf.dtypes.cast(mask, TFloat32.class));
    int mr = ms.numDimensions();
    int vr = vs.numDimensions();
    if (mr == vr + 1 && ms.get(mr - 1) == 1) {
      return tf.squeeze(m, Squeeze.axis(-1L));
    }
    if (mr > vr) {
      throw new IllegalArgumentException(owner + ": the output's mask " + ms + " has more axes than the per-entry"
          + " values " + vs + " it should weigh");
    }
    for (int i = 0; i < mr; i++) {
      long a = ms.get(i);
      long b = vs.get(i);
      if (a >= 0 && b >= 0 && a != b && a != 1) {
        throw new IllegalArgumentException(owner + ": the output's mask " + ms + " does not match the per-entry"
            + " values " + vs);
      }
    }
    if (mr < vr) {
      int[] ones = new int[vr - mr];
      java.util.Arrays.fill(ones, 1);
      Operand<org.tensorflow.types.TInt32> target =
          tf.concat(java.util.List.of(tf.shape(m), tf.constant(ones)), tf.constant(0));
      return tf.reshape(m, target);
    }
    return m;
  }

  /** Per-sample weights (batch) reshaped to (batch, 1, ..., 1) of {@code rank} axes, to weigh every entry. */
  static Operand<TFloat32> perSampleAlong(Ops tf, Operand<TFloat32> sampleWeight, int rank) {
    long[] shape = new long[Math.max(rank, 1)];
    java.util.Arrays.fill(shape, 1);
    shape[0] = -1;
    return tf.reshape(sampleWeight, tf.constant(shape));
  }

  /**
   * The per-entry loss values before any reduction over steps: the loss function's value, which reduces the
   * last axis, so shape (batch, ...) one rank below the output (Keras' {@code Loss.call}).
   */
  static Operand<TFloat32> elementwise(Ops tf, Loss loss, Operand<?> yTrue, LoweredOutput out) {
    Operand<TFloat32> p = out.value();
    if (loss instanceof io.jkeras.losses.FunctionLoss f) {
      // Keras' LossFunctionWrapper: labels as the loss dtype, of the predictions' rank, then the function
      Operand<TFloat32> y = sameRankAs(tf, tf.dtypes.cast(yTrue, TFloat32.class), p);
      Operand<?> v = io.jkeras.tf.OpFunctions.call(tf, "loss '" + f.name() + "'", java.util.List.of(y, p),
          ins -> java.util.List.of(f.function().call(ins.get(0), ins.get(1)))).get(0);
      Operand<TFloat32> values = v.type() == TFloat32.class ? (Operand<TFloat32>) v : tf.dtypes.cast(v, TFloat32.class);
      return values.shape().numDimensions() == 0 ? tf.reshape(values, tf.constant(new long[] {1})) : values;
    }
    if (loss instanceof SparseCategoricalCrossentropy l) {
      return sparseCategoricalCrossentropy(tf, yTrue, out, l.fromLogits());
    }
    Operand<TFloat32> y = sameRankAs(tf, tf.dtypes.cast(yTrue, TFloat32.class), p);
    if (loss instanceof CategoricalCrossentropy l) {
      return categoricalCrossentropy(tf, y, out, l.fromLogits(), l.labelSmoothing());
    }
    if (loss instanceof BinaryCrossentropy l) {
      return binaryCrossentropy(tf, y, out, l.fromLogits(), l.labelSmoothing());
    }
    if (loss instanceof MeanSquaredError) {
      return meanLast(tf, tf.math.square(tf.math.sub(y, p)));
    }
    if (loss instanceof MeanAbsoluteError) {
      return meanLast(tf, tf.math.abs(tf.math.sub(y, p)));
    }
    if (loss instanceof Huber h) {
      // 0.5·min(|e|, d)² + d·(|e| - min(|e|, d)) is Keras' where(|e| <= d, 0.5e², d|e| - 0.5d²) without Select.
      Operand<TFloat32> absErr = tf.math.abs(tf.math.sub(p, y));
      Operand<TFloat32> d = tf.constant((float) h.delta());
      Operand<TFloat32> quad = tf.math.minimum(absErr, d);
      Operand<TFloat32> val = tf.math.add(tf.math.mul(tf.constant(0.5f), tf.math.square(quad)),
          tf.math.mul(d, tf.math.sub(absErr, quad)));
      return meanLast(tf, val);
    }
    if (loss instanceof KLDivergence) {
      Operand<TFloat32> yc = clip(tf, y, EPSILON, 1f);
      Operand<TFloat32> pc = clip(tf, p, EPSILON, 1f);
      return sumLast(tf, tf.math.mul(yc, tf.math.log(tf.math.div(yc, pc))));
    }
    if (loss instanceof Hinge || loss instanceof SquaredHinge) {
      Operand<TFloat32> margin = tf.math.maximum(tf.math.sub(tf.constant(1f), tf.math.mul(hingeLabels(tf, y), p)),
          tf.constant(0f));
      return meanLast(tf, loss instanceof Hinge ? margin : tf.math.square(margin));
    }
    if (loss instanceof CategoricalHinge) {
      Operand<TFloat32> pos = sumLast(tf, tf.math.mul(y, p));
      Operand<TFloat32> neg = tf.max(tf.math.mul(tf.math.sub(tf.constant(1f), y), p), tf.constant(-1));
      return tf.math.maximum(tf.math.add(tf.math.sub(neg, pos), tf.constant(1f)), tf.constant(0f));
    }
    if (loss instanceof MeanAbsolutePercentageError) {
      Operand<TFloat32> diff = tf.math.abs(tf.math.div(tf.math.sub(y, p),
          tf.math.maximum(tf.math.abs(y), tf.constant(EPSILON))));
      return tf.math.mul(tf.constant(100f), meanLast(tf, diff));
    }
    if (loss instanceof MeanSquaredLogarithmicError) {
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> first = tf.math.log(tf.math.add(tf.math.maximum(p, tf.constant(EPSILON)), one));
      Operand<TFloat32> second = tf.math.log(tf.math.add(tf.math.maximum(y, tf.constant(EPSILON)), one));
      return meanLast(tf, tf.math.square(tf.math.sub(first, second)));
    }
    if (loss instanceof Poisson) {
      return meanLast(tf, tf.math.sub(p, tf.math.mul(y, tf.math.log(tf.math.add(p, tf.constant(EPSILON))))));
    }
    if (loss instanceof CosineSimilarity) {
      return tf.math.neg(sumLast(tf, tf.math.mul(l2Normalize(tf, y), l2Normalize(tf, p))));
    }
    if (loss instanceof LogCosh) {
      // log(cosh(x)) = x + softplus(-2x) - log(2), Keras' stable form.
      Operand<TFloat32> x = tf.math.sub(p, y);
      Operand<TFloat32> val = tf.math.sub(tf.math.add(x, softplus(tf, tf.math.mul(tf.constant(-2f), x))),
          tf.constant((float) Math.log(2.0)));
      return meanLast(tf, val);
    }
    throw new IllegalArgumentException("No TensorFlow lowering for loss " + loss.className() + " ('"
        + loss.name() + "'); supported: [SparseCategoricalCrossentropy, CategoricalCrossentropy, "
        + "BinaryCrossentropy, MeanSquaredError, MeanAbsoluteError, Huber, KLDivergence, Hinge, LogCosh, "
        + "MeanAbsolutePercentageError, MeanSquaredLogarithmicError, SquaredHinge, CategoricalHinge, Poisson, "
        + "CosineSimilarity]");
  }

  /** The logits to use when the loss may compute from them (Keras' {@code _get_logits}), else {@code null}. */
  static Operand<TFloat32> logitsOf(LoweredOutput out, boolean fromLogits, String activation) {
    if (fromLogits) {
      return out.value();
    }
    if (activation.equals(out.activation()) && out.preActivation() != null) {
      return out.preActivation();
    }
    return null;
  }

  static Operand<TFloat32> sparseCategoricalCrossentropy(Ops tf, Operand<?> yTrue, LoweredOutput out,
      boolean fromLogits) {
    Operand<TFloat32> p = out.value();
    int rank = rankOf(p, "sparse_categorical_crossentropy");
    long classes = p.shape().get(rank - 1);
    if (classes < 0) {
      throw new IllegalArgumentException(
          "sparse_categorical_crossentropy: the number of classes (last dim of the output) must be known, got "
              + p.shape());
    }
    Operand<TInt64> labels = sparseLabels(tf, yTrue, p, "sparse_categorical_crossentropy");
    Operand<TFloat32> logits = logitsOf(out, fromLogits, "softmax");
    if (logits == null) {
      // Keras: log(clip(p, eps, 1 - eps)) fed as logits to the softmax cross-entropy, i.e. renormalized.
      logits = tf.math.log(clip(tf, p, EPSILON, 1f - EPSILON));
    }
    // Keras on TF's fused op (FusedSparseCrossEntropy), whose CPU kernel also checks the label range.
    return FusedSparseCrossEntropy.fromLogits(tf, labels, logits, classes);
  }

  /**
   * Integer class ids of rank {@code predRank - 1}: any numeric dtype cast to int64 (floats truncated), a
   * trailing dimension of 1 squeezed as Keras does.
   */
  static Operand<TInt64> sparseLabels(Ops tf, Operand<?> yTrue, Operand<TFloat32> pred, String owner) {
    int predRank = pred.shape().numDimensions();
    Operand<TInt64> labels = tf.dtypes.cast(yTrue, TInt64.class);
    Shape ls = yTrue.shape();
    if (ls.isUnknown()) {
      // Rank unknown until run time: (batch) and (batch, 1) both reshape to the output's shape minus its last axis.
      Operand<org.tensorflow.types.TInt32> target = tf.slice(tf.shape(pred), tf.constant(new int[] {0}),
          tf.constant(new int[] {predRank - 1}));
      return tf.reshape(labels, target);
    }
    int lr = ls.numDimensions();
    if (lr == predRank && ls.get(lr - 1) == 1) {
      labels = tf.squeeze(labels, Squeeze.axis(-1L));
    } else if (lr != predRank - 1) {
      throw new IllegalArgumentException(owner + ": labels must have shape (batch, ...) or (batch, ..., 1), one "
          + "rank below the output; got labels " + ls + " for an output of rank " + predRank);
    }
    return labels;
  }

  static Operand<TFloat32> categoricalCrossentropy(Ops tf, Operand<TFloat32> y, LoweredOutput out,
      boolean fromLogits, double labelSmoothing) {
    Operand<TFloat32> p = out.value();
    int rank = rankOf(p, "categorical_crossentropy");
    checkSameShape(y, p, "categorical_crossentropy");
    if (labelSmoothing > 0) {
      long classes = p.shape().get(rank - 1);
      Operand<TFloat32> numClasses = classes > 0 ? tf.constant((float) classes)
          : tf.dtypes.cast(tf.gather(tf.shape(p), tf.constant(rank - 1), tf.constant(0)), TFloat32.class);
      y = tf.math.add(tf.math.mul(y, tf.constant((float) (1 - labelSmoothing))),
          tf.math.div(tf.constant((float) labelSmoothing), numClasses));
    }
    Operand<TFloat32> logits = logitsOf(out, fromLogits, "softmax");
    if (logits != null) {
      return tf.math.neg(sumLast(tf, tf.math.mul(y, ActivationLowering.logSoftmax(tf, logits))));
    }
    // Keras: renormalize so each row sums to 1, clip to [eps, 1 - eps], -Σ y·log(p).
    Operand<TFloat32> norm = tf.math.div(p, tf.sum(p, tf.constant(-1), Sum.keepDims(true)));
    Operand<TFloat32> pc = clip(tf, norm, EPSILON, 1f - EPSILON);
    return tf.math.neg(sumLast(tf, tf.math.mul(y, tf.math.log(pc))));
  }

  static Operand<TFloat32> binaryCrossentropy(Ops tf, Operand<TFloat32> y, LoweredOutput out, boolean fromLogits,
      double labelSmoothing) {
    Operand<TFloat32> p = out.value();
    rankOf(p, "binary_crossentropy");
    checkSameShape(y, p, "binary_crossentropy");
    if (labelSmoothing > 0) {
      y = tf.math.add(tf.math.mul(y, tf.constant((float) (1 - labelSmoothing))),
          tf.constant((float) (0.5 * labelSmoothing)));
    }
    Operand<TFloat32> logits = logitsOf(out, fromLogits, "sigmoid");
    Operand<TFloat32> bce;
    if (logits != null) {
      // tf.nn.sigmoid_cross_entropy_with_logits: max(x, 0) - x·z + log(1 + exp(-|x|)).
      bce = tf.math.add(tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, y)),
          tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
    } else {
      Operand<TFloat32> pc = clip(tf, p, EPSILON, 1f - EPSILON);
      Operand<TFloat32> one = tf.constant(1f);
      bce = tf.math.neg(tf.math.add(tf.math.mul(y, tf.math.log(pc)),
          tf.math.mul(tf.math.sub(one, y), tf.math.log(tf.math.sub(one, pc)))));
    }
    return meanLast(tf, bce);
  }

  /**
   * Keras' {@code squeeze_or_expand_to_same_rank} applied to the labels: labels of shape (batch) against an
   * output (batch, 1) become (batch, 1); labels (..., 1) one rank above the output lose that axis. Without it
   * (batch) - (batch, 1) would broadcast to (batch, batch).
   */
  static Operand<TFloat32> sameRankAs(Ops tf, Operand<TFloat32> y, Operand<TFloat32> p) {
    Shape ys = y.shape();
    Shape ps = p.shape();
    if (ys.isUnknown() || ps.isUnknown()) {
      return y;
    }
    int yr = ys.numDimensions();
    int pr = ps.numDimensions();
    if (pr == yr + 1 && ps.get(pr - 1) == 1) {
      // Keras expands a rank-1 label and would squeeze the output otherwise; the output must keep its shape
      // here, so a rank-(r-1) label is expanded instead, which gives the same values.
      return tf.expandDims(y, tf.constant(-1));
    }
    if (yr == pr + 1 && ys.get(yr - 1) == 1) {
      return tf.squeeze(y, Squeeze.axis(-1L));
    }
    return y;
  }

  /** Keras' convert_binary_labels_to_hinge: if every label is 0 or 1, map them to -1 and 1. */
  private static Operand<TFloat32> hingeLabels(Ops tf, Operand<TFloat32> y) {
    Operand<TBool> isBinary = tf.all(tf.math.logicalOr(tf.math.equal(y, tf.constant(0f)),
        tf.math.equal(y, tf.constant(1f))), allAxes(tf, y));
    Operand<TFloat32> b = tf.dtypes.cast(isBinary, TFloat32.class);
    Operand<TFloat32> one = tf.constant(1f);
    return tf.math.add(tf.math.mul(b, tf.math.sub(tf.math.mul(tf.constant(2f), y), one)),
        tf.math.mul(tf.math.sub(one, b), y));
  }

  /** Keras' ops.normalize (order 2): {@code x·rsqrt(max(Σx², ε²))} over the last axis. */
  private static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> sq = tf.sum(tf.math.square(x), tf.constant(-1), Sum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(sq, tf.constant(EPSILON * EPSILON))));
  }

  /** softplus(z) = max(z, 0) + log1p(exp(-|z|)), with registered gradients for every op. */
  static Operand<TFloat32> softplus(Ops tf, Operand<TFloat32> z) {
    return tf.math.add(tf.math.maximum(z, tf.constant(0f)),
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(z)))));
  }

  /** clip through Maximum/Minimum, which have gradients (ClipByValue has none in TF's C++ registry). */
  static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> x, float lo, float hi) {
    return tf.math.minimum(tf.math.maximum(x, tf.constant(lo)), tf.constant(hi));
  }

  static Operand<TFloat32> meanLast(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(-1));
  }

  static Operand<TFloat32> sumLast(Ops tf, Operand<TFloat32> x) {
    return tf.sum(x, tf.constant(-1));
  }

  /** Averages every axis after the first, leaving shape (batch). */
  static Operand<TFloat32> meanToBatch(Ops tf, Operand<TFloat32> x) {
    Shape s = x.shape();
    if (s.isUnknown()) {
      throw new IllegalArgumentException("loss: the rank of the per-sample values must be known");
    }
    int r = s.numDimensions();
    if (r == 0) {
      return tf.reshape(x, tf.constant(new int[] {1}));
    }
    if (r == 1) {
      return x;
    }
    int[] axes = new int[r - 1];
    for (int i = 1; i < r; i++) {
      axes[i - 1] = i;
    }
    return tf.math.mean(x, tf.constant(axes), Mean.keepDims(false));
  }

  static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Operand<?> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }

  static int rankOf(Operand<TFloat32> p, String owner) {
    Shape s = p.shape();
    if (s.isUnknown() || s.numDimensions() < 1) {
      throw new IllegalArgumentException(owner + ": the output must have a known rank >= 1, got " + s);
    }
    return s.numDimensions();
  }

  static void checkSameShape(Operand<TFloat32> y, Operand<TFloat32> p, String owner) {
    Shape ys = y.shape();
    Shape ps = p.shape();
    if (ys.isUnknown() || ps.isUnknown()) {
      return;
    }
    boolean ok = ys.numDimensions() == ps.numDimensions();
    for (int i = 0; ok && i < ys.numDimensions(); i++) {
      long a = ys.get(i);
      long b = ps.get(i);
      ok = a < 0 || b < 0 || a == b;
    }
    if (!ok) {
      throw new IllegalArgumentException(owner + ": labels and output must have the same shape, got labels " + ys
          + " and output " + ps);
    }
  }
}
