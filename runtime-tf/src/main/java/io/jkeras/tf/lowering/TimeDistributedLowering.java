package io.jkeras.tf.lowering;

import io.jkeras.layers.Layer;
import io.jkeras.layers.TimeDistributed;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code TimeDistributed}: the time axis is folded into the batch, {@code (batch, timesteps, ...) -> (batch *
 * timesteps, ...)}, the wrapped layer's own lowering runs once on that, and the result is unfolded. For every
 * layer that treats the samples of a batch independently this equals Keras' loop over the time steps, in one op
 * per layer instead of one per step. Static dimensions stay static so that the wrapped lowering sees them.
 */
final class TimeDistributedLowering implements LayerLowering<TimeDistributed> {
  @Override
  public boolean differsInTraining(TimeDistributed layer) {
    return inner(layer).differsInTraining(layer.layer());
  }

  @SuppressWarnings("unchecked")
  private static LayerLowering<Layer> inner(TimeDistributed layer) {
    return (LayerLowering<Layer>) LayerLowerings.find(layer.layer()).orElseThrow(() ->
        new UnsupportedOperationException("Layer '" + layer.name() + "' (TimeDistributed): the wrapped layer '"
            + layer.layer().name() + "' (" + layer.layer().className() + ") has no TensorFlow lowering"));
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, TimeDistributed layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<?> x = inputs.get(0).value();
    Shape in = x.shape();
    long[] folded = new long[in.numDimensions() - 1];
    folded[0] = -1;
    boolean staticTail = true;
    for (int i = 2; i < in.numDimensions(); i++) {
      folded[i - 1] = in.get(i);
      staticTail &= in.get(i) != Shape.UNKNOWN_SIZE;
    }
    Operand<TInt32> xShape = tf.shape(x);
    Operand<?> flat = staticTail ? tf.reshape(x, tf.constant(folded))
        : tf.reshape(x, tf.concat(List.of(tf.constant(new int[] {-1}), tf.stridedSlice(xShape, Indices.sliceFrom(2))),
            tf.constant(0)));
    List<Lowered> ys = inner(layer).lower(ctx, layer.layer(), List.of(Lowered.of(flat)));
    Operand<TFloat32> y = ys.get(0).floatValue();
    Shape out = y.shape();
    long steps = in.get(1);
    boolean staticOut = steps != Shape.UNKNOWN_SIZE;
    long[] unfolded = new long[out.numDimensions() + 1];
    unfolded[0] = -1;
    unfolded[1] = steps;
    for (int i = 1; i < out.numDimensions(); i++) {
      unfolded[i + 1] = out.get(i);
      staticOut &= out.get(i) != Shape.UNKNOWN_SIZE;
    }
    Operand<TFloat32> result = staticOut ? tf.reshape(y, tf.constant(unfolded))
        : tf.reshape(y, tf.concat(List.of(tf.stridedSlice(xShape, Indices.sliceTo(2)),
            tf.stridedSlice(tf.shape(y), Indices.sliceFrom(1))), tf.constant(0)));
    return List.of(Lowered.of(result));
  }
}
