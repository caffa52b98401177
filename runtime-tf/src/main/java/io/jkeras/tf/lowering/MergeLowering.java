package io.jkeras.tf.lowering;

import io.jkeras.layers.Average;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Merge;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Subtract;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The element-wise merges {@code Multiply}, {@code Subtract}, {@code Average}, {@code Maximum}, {@code Minimum}.
 * As in Keras' {@code Merge.call}, inputs of lower rank are first expanded at axis 1 until all ranks match, then
 * TF broadcasts the sizes of 1.
 */
public final class MergeLowering implements LayerLowering<Merge<?>> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Merge<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    List<Operand<TFloat32>> xs = alignRanks(tf, inputs);
    Operand<TFloat32> y = xs.get(0);
    for (int i = 1; i < xs.size(); i++) {
      Operand<TFloat32> x = xs.get(i);
      if (layer instanceof Multiply) {
        y = tf.math.mul(y, x);
      } else if (layer instanceof Subtract) {
        y = tf.math.sub(y, x);
      } else if (layer instanceof Average) {
        y = tf.math.add(y, x);
      } else if (layer instanceof Maximum) {
        y = tf.math.maximum(y, x);
      } else if (layer instanceof Minimum) {
        y = tf.math.minimum(y, x);
      } else {
        throw new IllegalStateException("MergeLowering cannot lower " + layer.className());
      }
    }
    if (layer instanceof Average) {
      y = tf.math.div(y, tf.constant((float) xs.size()));
    }
    return List.of(Lowered.of(y));
  }

  /**
   * The inputs as float32, those of lower rank expanded at axis 1 until every rank is the largest (Keras'
   * {@code _reshape_required} path), so that (batch, 64) merges with (batch, 4, 64) as (batch, 1, 64).
   */
  static List<Operand<TFloat32>> alignRanks(Ops tf, List<Lowered> inputs) {
    int maxRank = 0;
    for (Lowered l : inputs) {
      maxRank = Math.max(maxRank, l.value().shape().numDimensions());
    }
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Lowered l : inputs) {
      Operand<TFloat32> x = l.floatValue();
      for (int r = x.shape().numDimensions(); r < maxRank; r++) {
        x = tf.expandDims(x, tf.constant(1));
      }
      out.add(x);
    }
    return out;
  }
}
