package io.jkeras.tf.lowering;

import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Padding;
import io.jkeras.util.Shapes;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
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
final class Conv2DTransposeLowering implements LayerLowering<Conv2DTranspose> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Conv2DTranspose layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "kernel"));
    Shape in = x.shape();
    String where = ConvLowerings.where(layer);
    int[] d = layer.dilationRate();
    Operand<TFloat32> y;
    if (d[0] == 1 && d[1] == 1) {
      y = tf.nn.conv2dBackpropInput(outputSize(tf, layer, x), kernel,
          x, ConvLowerings.strides(layer.strides()), layer.padding() == Padding.SAME ? "SAME" : "VALID");
    } else {
      if (in.get(1) == Shape.UNKNOWN_SIZE || in.get(2) == Shape.UNKNOWN_SIZE) {
        throw new UnsupportedOperationException(
            where + ": a dilated transposed convolution needs known rows and cols, got " + Shapes.format(in));
      }
      Shape out = layer.computeOutputShape(in);
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

  /**
   * The output size {@code (batch, rows, cols, filters)} as a tensor, so that unknown input sizes work: Keras'
   * formula is {@code in * stride + c} per axis with {@code c} fixed by kernel, padding and output_padding
   * ({@link io.jkeras.layers.ConvShapes#transposeOutputLength} at {@code in = 0}).
   */
  private static Operand<TInt32> outputSize(Ops tf, Conv2DTranspose layer, Operand<TFloat32> x) {
    int[] k = layer.kernelSize();
    int[] s = layer.strides();
    int[] p = layer.outputPadding();
    int[] c = new int[2];
    for (int i = 0; i < 2; i++) {
      c[i] = (int) io.jkeras.layers.ConvShapes.transposeOutputLength(0, k[i], layer.padding(), s[i], 1,
          p == null ? -1 : p[i]);
    }
    Operand<TInt32> shape = tf.shape(x);
    Operand<TInt32> batch = tf.stridedSlice(shape, Indices.slice(0, 1));
    Shape in = x.shape();
    // Known sizes as constants, so that TF's shape inference keeps the static output shape later layers read.
    Operand<TInt32> spatial = in.get(1) != Shape.UNKNOWN_SIZE && in.get(2) != Shape.UNKNOWN_SIZE
        ? tf.constant(new int[] {(int) in.get(1) * s[0] + c[0], (int) in.get(2) * s[1] + c[1]})
        : tf.math.add(tf.math.mul(tf.stridedSlice(shape, Indices.slice(1, 3)), tf.constant(s)), tf.constant(c));
    return tf.concat(List.of(batch, spatial, tf.constant(new int[] {layer.filters()})), tf.constant(0));
  }
}
