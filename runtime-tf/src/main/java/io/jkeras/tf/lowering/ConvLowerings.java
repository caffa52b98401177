package io.jkeras.tf.lowering;

import io.jkeras.layers.Padding;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What the convolution lowerings share. Dilation goes through space-to-batch (as TF's {@code atrous_conv2d}),
 * never through a conv op's {@code dilations} attribute: the C++ gradients ignore that attribute (see {@link
 * Conv2DLowering}) and TF's CPU kernels of Conv3D and Conv2DBackpropInput do not support it.
 */
final class ConvLowerings {
  private ConvLowerings() {}

  /** An undilated convolution of {@code x} with TF padding {@code "VALID"} or {@code "SAME"}. */
  @FunctionalInterface
  interface PlainConv {
    Operand<TFloat32> apply(Operand<TFloat32> x, String tfPadding);
  }

  /**
   * {@code conv} with {@code dilation} over the spatial axes {@code 1..rank} of {@code x} (channels last): for
   * dilation 1 the op itself, otherwise space-to-batch, a valid convolution, batch-to-space. Strides must be 1
   * when dilated (the frontend checks it, as Keras does).
   */
  static Operand<TFloat32> dilated(Ops tf, Operand<TFloat32> x, int[] kernel, int[] dilation, Padding padding,
      String where, PlainConv conv) {
    int rank = kernel.length;
    boolean any = false;
    for (int d : dilation) {
      any |= d > 1;
    }
    if (!any) {
      return conv.apply(x, padding == Padding.SAME ? "SAME" : "VALID");
    }
    Shape in = x.shape();
    int[][] paddings = new int[rank][2];
    int[][] crops = new int[rank][2];
    for (int i = 0; i < rank; i++) {
      long size = in.get(1 + i);
      if (size == Shape.UNKNOWN_SIZE) {
        throw new UnsupportedOperationException(where + ": a dilated convolution needs known spatial input"
            + " dimensions, got " + Shapes.format(in));
      }
      int start = 0;
      int end = 0;
      if (padding == Padding.SAME) {
        int total = (kernel[i] - 1) * dilation[i];
        start = total / 2;
        end = total - start;
      }
      long full = size + start + end;
      int extra = (int) ((dilation[i] - full % dilation[i]) % dilation[i]);
      paddings[i] = new int[] {start, end + extra};
      crops[i] = new int[] {0, extra};
    }
    var block = tf.constant(dilation);
    Operand<TFloat32> spaced = tf.spaceToBatchNd(x, block, tf.constant(paddings));
    return tf.batchToSpaceNd(conv.apply(spaced, "VALID"), block, tf.constant(crops));
  }

  /**
   * A grouped convolution: {@code x} (channels last) and {@code kernel} (filters last) split into {@code groups}
   * parts, convolved pairwise, concatenated; {@code groups == 1} is one convolution.
   */
  static Operand<TFloat32> grouped(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int groups,
      java.util.function.BiFunction<Operand<TFloat32>, Operand<TFloat32>, Operand<TFloat32>> conv) {
    if (groups == 1) {
      return conv.apply(x, kernel);
    }
    int xAxis = x.shape().numDimensions() - 1;
    int kAxis = kernel.shape().numDimensions() - 1;
    var xs = tf.split(tf.constant(xAxis), x, (long) groups);
    var ks = tf.split(tf.constant(kAxis), kernel, (long) groups);
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      parts.add(conv.apply(xs.output().get(g), ks.output().get(g)));
    }
    return tf.concat(parts, tf.constant(xAxis));
  }

  /** Strides as TF's NHWC/NDHWC attribute: {@code [1, s..., 1]}. */
  static List<Long> strides(int... s) {
    List<Long> out = new ArrayList<>();
    out.add(1L);
    for (int v : s) {
      out.add((long) v);
    }
    out.add(1L);
    return out;
  }

  /** Adds the bias (if any), the activation and the activity penalty. */
  static List<Lowered> finish(LoweringContext ctx, io.jkeras.layers.Layer layer, boolean useBias,
      String activation, java.util.Optional<io.jkeras.regularizers.Regularizer> activity, Operand<TFloat32> y) {
    if (useBias) {
      y = ctx.tf().nn.biasAdd(y, ctx.variable(Lowerings.weight(layer, "bias")));
    }
    Lowered out = Lowerings.activated(ctx, activation, y);
    Lowerings.activityPenalty(ctx, layer, activity, out.floatValue());
    return List.of(out);
  }

  static String where(io.jkeras.layers.Layer layer) {
    return "Layer '" + layer.name() + "' (" + layer.className() + ")";
  }
}
