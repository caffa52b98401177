package io.jkeras.tf.lowering;

import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Padding;
import io.jkeras.util.Shapes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code Conv2DTranspose}: as Keras' TensorFlow backend, TF's {@code Conv2DBackpropInput} (what {@code
 * tf.nn.conv_transpose} runs) with the output size of Keras' formula, then bias and activation.
 *
 * <p>A dilated transposed convolution (strides 1, as Keras requires) is written as the equivalent forward
 * convolution instead: the input padded by {@code k_eff - 1 - pad_before} on the left (and what makes the
 * output size right on the right), the kernel flipped in space with its two channel axes swapped, and a dilated
 * valid convolution (space-to-batch); TF's CPU {@code Conv2DBackpropInput} does not support dilations.
 */
public final class Conv2DTransposeLowering implements LayerLowering<Conv2DTranspose> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Conv2DTranspose layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "kernel"));
    Shape in = x.shape();
    Shape out = layer.computeOutputShape(in);
    String where = ConvLowerings.where(layer);
    if (in.get(1) == Shape.UNKNOWN_SIZE || in.get(2) == Shape.UNKNOWN_SIZE) {
      throw new UnsupportedOperationException(
          where + ": needs known rows and cols in its input, got " + Shapes.format(in));
    }
    int[] d = layer.dilationRate();
    Operand<TFloat32> y;
    if (d[0] == 1 && d[1] == 1) {
      Operand<TInt32> batch = tf.reshape(
          tf.stridedSlice(tf.shape(x), org.tensorflow.ndarray.index.Indices.at(0)), tf.constant(new int[] {1}));
      Operand<TInt32> size = tf.concat(List.of(batch,
          tf.constant(new int[] {(int) out.get(1), (int) out.get(2), (int) out.get(3)})), tf.constant(0));
      int[] s = layer.strides();
      y = tf.nn.conv2dBackpropInput(size, kernel, x, ConvLowerings.strides(s[0], s[1]),
          layer.padding() == Padding.SAME ? "SAME" : "VALID");
    } else {
      int[] k = layer.kernelSize();
      int[][] pads = new int[4][2];
      for (int i = 0; i < 2; i++) {
        long n = in.get(1 + i);
        long o = out.get(1 + i);
        long kEff = (long) (k[i] - 1) * d[i] + 1;
        long before = layer.padding() == Padding.SAME ? Math.max((n - 1) + kEff - o, 0) / 2 : 0;
        long left = kEff - 1 - before;
        long right = o + kEff - 1 - left - n;
        if (left < 0 || right < 0) {
          throw new UnsupportedOperationException(where + ": this combination of kernel_size, dilation_rate,"
              + " padding and output_padding is not supported, input " + Shapes.format(in));
        }
        pads[1 + i] = new int[] {(int) left, (int) right};
      }
      Operand<TFloat32> flipped = tf.linalg.transpose(tf.reverse(kernel, tf.constant(new int[] {0, 1})),
          tf.constant(new int[] {0, 1, 3, 2}));
      Operand<TFloat32> padded = tf.pad(x, tf.constant(pads), tf.constant(0f));
      y = ConvLowerings.dilated(tf, padded, k, d, Padding.VALID, where,
          (xs, pad) -> tf.nn.conv2d(xs, flipped, ConvLowerings.strides(1, 1), pad));
    }
    return ConvLowerings.finish(ctx, layer, layer.useBias(), layer.activation(), layer.activityRegularizer(), y);
  }
}
