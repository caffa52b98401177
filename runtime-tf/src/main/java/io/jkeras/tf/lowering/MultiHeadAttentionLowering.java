package io.jkeras.tf.lowering;

import io.jkeras.layers.MultiHeadAttention;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * {@code MultiHeadAttention} as Keras 3 computes it with explicit scores: the inputs are flattened to (B, T,
 * dim) (Keras' default attention axes attend over all middle axes together), projected per head with {@code
 * matMul} + bias into (B, N, T, H), {@code q / sqrt(key_dim)} times {@code k^T} gives (B, N, T, S), the mask
 * adds {@code (1 - mask) * -1e9} (Keras' Softmax), softmax over S, dropout in training, times {@code v}, and
 * the heads are projected by {@code attention_output} back to (B, T..., out).
 */
final class MultiHeadAttentionLowering implements LayerLowering<MultiHeadAttention> {
  /** Keras' {@code _large_negative_number} for float32. */
  static final float LARGE_NEGATIVE = -1e9f;

  @Override
  public boolean differsInTraining(MultiHeadAttention layer) {
    return layer.dropout() > 0;
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, MultiHeadAttention layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    MultiHeadAttention.CallLayout call = layer.layout(inputs.size(), ctx.callArguments());
    Operand<TFloat32> query = inputs.get(call.query()).floatValue();
    Operand<TFloat32> value = inputs.get(call.value()).floatValue();
    Operand<TFloat32> key = inputs.get(call.key()).floatValue();
    int n = layer.numHeads();
    int h = layer.keyDim();
    int hv = layer.valueDim();

    Operand<TFloat32> q = project(ctx, layer, "query", query, h);     // (B, N, T, H)
    Operand<TFloat32> k = project(ctx, layer, "key", key, h);         // (B, N, S, H)
    Operand<TFloat32> v = project(ctx, layer, "value", value, hv);    // (B, N, S, Hv)

    q = tf.math.mul(q, tf.constant((float) (1.0 / Math.sqrt(h))));
    Operand<TFloat32> scores = BatchMatMul.create(tf.scope(), q, k, TFloat32.class, BatchMatMul.adjY(true));

    Operand<TFloat32> mask = null;
    if (call.hasAttentionMask()) {
      // Any dtype: nonzero (true) attends. (B, T, S) -> (B, 1, T, S), broadcast over the heads.
      Operand<?> m = inputs.get(call.attentionMask()).value();
      Operand<TFloat32> mf = tf.dtypes.cast(tf.math.notEqual(tf.dtypes.cast(m, TFloat32.class), tf.constant(0f)),
          TFloat32.class);
      mask = tf.expandDims(mf, tf.constant(1));
    }
    if (call.useCausalMask()) {
      Operand<TFloat32> causal = causalMask(tf, query, value);
      mask = mask == null ? causal : tf.math.mul(mask, causal);
    }
    if (mask != null) {
      scores = tf.math.add(scores, tf.math.mul(tf.math.sub(tf.constant(1f), mask), tf.constant(LARGE_NEGATIVE)));
    }
    Operand<TFloat32> probs = tf.nn.softmax(scores);
    Operand<TFloat32> used = probs;
    if (ctx.training() && layer.dropout() > 0) {
      long opSeed = layer.seed().orElse(ctx.graphSeed() * 1_000_003L + ctx.nextSeed());
      Operand<TInt64> seed = tf.stack(List.of(tf.constant(opSeed), ctx.step()));
      Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(probs), seed, TFloat32.class);
      Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) layer.dropout())),
          TFloat32.class);
      used = tf.math.mul(probs, tf.math.mul(keep, tf.constant((float) (1.0 / (1.0 - layer.dropout())))));
    }
    Operand<TFloat32> context = BatchMatMul.create(tf.scope(), used, v, TFloat32.class);                         // (B, N, T, Hv)
    context = tf.linalg.transpose(context, tf.constant(new int[] {0, 2, 1, 3}));     // (B, T, N, Hv)

    // attention_output: (B*T, N*Hv) x (N*Hv, out) + bias, reshaped to (B, T..., output_shape).
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "attention_output/kernel"));
    Shape kshape = kernel.shape();
    long outSize = 1;
    int[] outDims = new int[kshape.numDimensions() - 2];
    for (int i = 2; i < kshape.numDimensions(); i++) {
      outSize *= kshape.get(i);
      outDims[i - 2] = (int) kshape.get(i);
    }
    Operand<TFloat32> flat = tf.reshape(context, tf.constant(new long[] {-1, (long) n * hv}));
    Operand<TFloat32> y = tf.linalg.matMul(flat, tf.reshape(kernel, tf.constant(new long[] {(long) n * hv, outSize})));
    if (layer.useBias()) {
      y = tf.nn.biasAdd(y, tf.reshape(ctx.variable(Lowerings.weight(layer, "attention_output/bias")),
          tf.constant(new long[] {outSize})));
    }
    Operand<TInt32> lead = tf.stridedSlice(tf.shape(query), Indices.sliceTo(-1));
    y = tf.reshape(y, tf.concat(List.of(lead, tf.constant(outDims)), tf.constant(0)));
    Lowerings.activityPenalty(ctx, layer, layer.activityRegularizer(), y);

    List<Lowered> out = new ArrayList<>();
    out.add(Lowered.of(y));
    if (call.returnAttentionScores()) {
      // (B, N, T, S) -> (B, N, T..., S...) for inputs of higher rank.
      Operand<TInt32> qs = tf.shape(query);
      Operand<TInt32> vs = tf.shape(value);
      Operand<TInt32> shape = tf.concat(List.of(tf.stridedSlice(qs, Indices.range(0, 1)), tf.constant(new int[] {n}),
          tf.stridedSlice(qs, Indices.slice(1, -1)), tf.stridedSlice(vs, Indices.slice(1, -1))), tf.constant(0));
      out.add(Lowered.of(tf.reshape(probs, shape)));
    }
    return out;
  }

  /** (B, T..., d) -> (B, N, T, size): the projection {@code name} of {@code x}, heads before positions. */
  private static Operand<TFloat32> project(LoweringContext ctx, MultiHeadAttention layer, String name,
      Operand<TFloat32> x, int size) {
    Ops tf = ctx.tf();
    int rank = x.shape().numDimensions();
    long d = x.shape().get(rank - 1);
    int n = layer.numHeads();
    Operand<TFloat32> kernel = tf.reshape(ctx.variable(Lowerings.weight(layer, name + "/kernel")),
        tf.constant(new long[] {d, (long) n * size}));
    Operand<TFloat32> y = tf.linalg.matMul(tf.reshape(x, tf.constant(new long[] {-1, d})), kernel);
    if (layer.useBias()) {
      y = tf.nn.biasAdd(y, tf.reshape(ctx.variable(Lowerings.weight(layer, name + "/bias")),
          tf.constant(new long[] {(long) n * size})));
    }
    Lowerings.activityPenalty(ctx, layer, layer.activityRegularizer(),
        tf.reshape(y, tf.concat(List.of(tf.stridedSlice(tf.shape(x), Indices.sliceTo(-1)),
            tf.constant(new int[] {n, size})), tf.constant(0))));
    Operand<TInt32> batch = tf.stridedSlice(tf.shape(x), Indices.range(0, 1));
    Operand<TFloat32> heads = tf.reshape(y, tf.concat(List.of(batch, tf.constant(new int[] {-1, n, size})),
        tf.constant(0)));                                                          // (B, T, N, size)
    return tf.linalg.transpose(heads, tf.constant(new int[] {0, 2, 1, 3}));
  }

  /** Keras' {@code _compute_causal_mask}: (1, 1, T, S) with 1 where the key position j &lt;= query position i. */
  private static Operand<TFloat32> causalMask(Ops tf, Operand<TFloat32> query, Operand<TFloat32> value) {
    Operand<TInt32> t = tf.stridedSlice(tf.shape(query), Indices.at(1));
    Operand<TInt32> s = tf.stridedSlice(tf.shape(value), Indices.at(1));
    Operand<TInt32> rows = tf.expandDims(tf.range(tf.constant(0), t, tf.constant(1)), tf.constant(1));
    Operand<TInt32> cols = tf.expandDims(tf.range(tf.constant(0), s, tf.constant(1)), tf.constant(0));
    Operand<TFloat32> m = tf.dtypes.cast(tf.math.greaterEqual(rows, cols), TFloat32.class);   // (T, S)
    return tf.reshape(m, tf.concat(List.of(tf.constant(new int[] {1, 1}), tf.shape(m)), tf.constant(0)));
  }
}
