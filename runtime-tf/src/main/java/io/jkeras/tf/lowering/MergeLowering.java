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
import org.tensorflow.types.TBool;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The element-wise merges {@code Multiply}, {@code Subtract}, {@code Average}, {@code Maximum}, {@code Minimum}.
 * As in Keras' {@code Merge.call}, inputs of lower rank are first expanded at axis 1 until all ranks match, then
 * TF broadcasts the sizes of 1. Masks follow Keras 3 (see {@code Merge}).
 */
final class MergeLowering implements LayerLowering<Merge<?>> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Merge<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    List<Operand<TFloat32>> xs = alignRanks(tf, inputs);
    boolean anyMask = inputs.stream().anyMatch(l -> l.mask() != null);
    if (anyMask && (layer instanceof Maximum || layer instanceof Minimum)) {
      return List.of(maxMinWithMasks(tf, layer instanceof Maximum, xs, inputs));
    }
    if (anyMask && layer instanceof Multiply) {
      return List.of(multiplyWithMasks(tf, xs, inputs));
    }
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
    return List.of(Lowered.of(y).withMask(orOfMasks(tf, inputs)));
  }

  /** Keras' {@code Merge.compute_mask}: the OR of the inputs' masks if every input has one, else {@code null}. */
  static Operand<TBool> orOfMasks(Ops tf, List<Lowered> inputs) {
    Operand<TBool> out = null;
    for (Lowered l : inputs) {
      if (l.mask() == null) {
        return null;
      }
      out = out == null ? l.mask() : tf.math.logicalOr(out, l.mask());
    }
    return out;
  }

  /** {@code where(m, a, b)} as {@code a·m + b·(1 - m)} (no Select gradient needed; exact for finite values). */
  private static Operand<TFloat32> blend(Ops tf, Operand<TFloat32> m, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.add(tf.math.mul(a, m), tf.math.mul(b, tf.math.sub(tf.constant(1f), m)));
  }

  /** The mask as float32 with a trailing features axis, broadcasting over the input's features. */
  private static Operand<TFloat32> widened(Ops tf, Operand<TBool> mask) {
    return tf.expandDims(tf.stopGradient(tf.dtypes.cast(mask, TFloat32.class)), tf.constant(-1));
  }

  /**
   * Keras' {@code _apply_merge_op_and_or_mask}: a masked position of one input takes the other's value before
   * the max/min; the output mask is the OR of the masks while every input so far had one.
   */
  private static Lowered maxMinWithMasks(Ops tf, boolean max, List<Operand<TFloat32>> xs, List<Lowered> inputs) {
    Operand<TFloat32> output = xs.get(0);
    Operand<TFloat32> outputMask = inputs.get(0).mask() == null ? null : widened(tf, inputs.get(0).mask());
    boolean allMasked = outputMask != null;
    for (int i = 1; i < xs.size(); i++) {
      Operand<TFloat32> x = xs.get(i);
      Operand<TFloat32> mask = inputs.get(i).mask() == null ? null : widened(tf, inputs.get(i).mask());
      if (mask != null) {
        x = blend(tf, mask, x, output);
      }
      if (outputMask != null) {
        output = blend(tf, outputMask, output, x);
      }
      if (mask != null && outputMask != null) {
        outputMask = tf.math.maximum(outputMask, mask);
      } else {
        outputMask = null;
        allMasked = false;
      }
      output = max ? tf.math.maximum(output, x) : tf.math.minimum(output, x);
    }
    return Lowered.of(output).withMask(allMasked ? orOfMasks(tf, inputs) : null);
  }

  /** Keras' {@code Multiply}: masked positions count as 1; with every input masked, all-masked positions are 0. */
  private static Lowered multiplyWithMasks(Ops tf, List<Operand<TFloat32>> xs, List<Lowered> inputs) {
    Operand<TFloat32> output = null;
    Operand<TFloat32> outputMask = null;
    Operand<TBool> or = orOfMasks(tf, inputs);
    for (int i = 0; i < xs.size(); i++) {
      Operand<TFloat32> x = xs.get(i);
      if (inputs.get(i).mask() != null) {
        Operand<TFloat32> mask = widened(tf, inputs.get(i).mask());
        x = blend(tf, mask, x, tf.constant(1f));
        if (or != null) {
          outputMask = outputMask == null ? mask : tf.math.maximum(outputMask, mask);
        }
      }
      output = output == null ? x : tf.math.mul(output, x);
    }
    if (or != null) {
      output = tf.math.mul(output, outputMask);
    }
    return Lowered.of(output).withMask(or);
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
