package io.jkeras.tf.lowering;

import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.Pooling1D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TFloat32;

/**
 * {@code MaxPooling1D} and {@code AveragePooling1D}: TF's 2D {@code MaxPool} / {@code AvgPool} over {@code
 * (batch, 1, steps, features)}, as TF's own {@code max_pool1d} (average pooling with {@code "same"} padding
 * divides by the number of real steps in the window, as Keras on TensorFlow).
 */
final class Pooling1DLowering implements LayerLowering<Pooling1D<?>> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Pooling1D<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = tf.expandDims(inputs.get(0).floatValue(), tf.constant(1));
    String padding = Lowerings.padding(layer.padding());
    List<Long> window = List.of(1L, 1L, (long) layer.poolSize(), 1L);
    List<Long> strides = List.of(1L, 1L, (long) layer.strides(), 1L);
    Operand<TFloat32> y = layer instanceof MaxPooling1D
        ? MaxPoolOp.maxPool(tf, ctx.training(), x, window, strides, padding)
        : tf.nn.avgPool(x, window, strides, padding);
    return List.of(Lowered.of(tf.squeeze(y, Squeeze.axis(List.of(1L)))));
  }

  /** Max pooling uses another op in the training pass (see {@link MaxPoolOp}). */
  @Override
  public boolean differsInTraining(Pooling1D<?> layer) {
    return layer instanceof MaxPooling1D;
  }
}
