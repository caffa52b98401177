package io.jkeras.tf.lowering;

import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Padding;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code Conv2D} in NHWC: {@code conv2D} (strides, padding) + {@code biasAdd} + activation.
 *
 * <p>Two TF limits shape this code. A grouped convolution is split into {@code groups} convolutions whose
 * results are concatenated, which every device and the gradient registry support. A dilated convolution is
 * computed as TF's {@code atrous_conv2d} does (space-to-batch, plain convolution, batch-to-space), because
 * the C++ gradient of {@code Conv2D} ignores the {@code dilations} attribute and builds back-propagation ops
 * of the wrong shape.
 *
 * <p>In the training pass ({@link LoweringContext#fuseForGradients()}), a plain Conv2D with bias and Relu lowers
 * to one fused op ({@link FusedConv2D} says why).
 */
public final class Conv2DLowering implements LayerLowering<Conv2D> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Conv2D layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "kernel"));
    int groups = layer.groups();
    if (ctx.training() && ctx.fuseForGradients() && FusedConv2D.available() && fusable(layer)) {
      int[] s = layer.strides();
      Operand<TFloat32> y = FusedConv2D.convBiasRelu(tf, x, kernel, ctx.variable(Lowerings.weight(layer, "bias")),
          List.of(1L, (long) s[0], (long) s[1], 1L), Lowerings.padding(layer.padding()));
      Lowered out = new Lowered(y, "relu", null);
      Lowerings.activityPenalty(ctx, layer, layer.activityRegularizer(), y);
      return List.of(out);
    }
    Operand<TFloat32> y;
    if (groups == 1) {
      y = convolve(tf, layer, x, kernel);
    } else {
      var xs = tf.split(tf.constant(3), x, (long) groups);
      var ks = tf.split(tf.constant(3), kernel, (long) groups);
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        parts.add(convolve(tf, layer, xs.output().get(g), ks.output().get(g)));
      }
      y = tf.concat(parts, tf.constant(3));
    }
    if (layer.useBias()) {
      y = tf.nn.biasAdd(y, ctx.variable(Lowerings.weight(layer, "bias")));
    }
    Lowered out = Lowerings.activated(ctx, layer.activation(), y);
    Lowerings.activityPenalty(ctx, layer, layer.activityRegularizer(), out.floatValue());
    return List.of(out);
  }

  /** Conv2D + bias + Relu, plain (no groups, no dilation): one fused op in the training pass. */
  @Override
  public boolean differsInTraining(Conv2D layer) {
    return fusable(layer);
  }

  private static boolean fusable(Conv2D layer) {
    int[] d = layer.dilationRate();
    return layer.groups() == 1 && d[0] == 1 && d[1] == 1 && layer.useBias() && layer.activation().equals("relu");
  }

  private static Operand<TFloat32> convolve(Ops tf, Conv2D layer, Operand<TFloat32> x, Operand<TFloat32> k) {
    int[] s = layer.strides();
    int[] d = layer.dilationRate();
    if (d[0] == 1 && d[1] == 1) {
      return tf.nn.conv2d(x, k, List.of(1L, (long) s[0], (long) s[1], 1L), Lowerings.padding(layer.padding()));
    }
    if (s[0] != 1 || s[1] != 1) {
      throw new UnsupportedOperationException("Layer '" + layer.name() + "' (Conv2D): strides > 1 together with"
          + " dilation_rate > 1 is not supported (as in Keras' TensorFlow backend)");
    }
    Shape in = x.shape();
    int[] kernel = layer.kernelSize();
    int[][] paddings = new int[2][2];
    int[][] crops = new int[2][2];
    for (int i = 0; i < 2; i++) {
      long size = in.get(1 + i);
      if (size == Shape.UNKNOWN_SIZE) {
        throw new UnsupportedOperationException("Layer '" + layer.name() + "' (Conv2D): a dilated convolution"
            + " needs known spatial input dimensions, got " + io.jkeras.util.Shapes.format(in));
      }
      int start = 0;
      int end = 0;
      if (layer.padding() == Padding.SAME) {
        int total = (kernel[i] - 1) * d[i];
        start = total / 2;
        end = total - start;
      }
      long full = size + start + end;
      int extra = (int) ((d[i] - full % d[i]) % d[i]);
      paddings[i] = new int[] {start, end + extra};
      crops[i] = new int[] {0, extra};
    }
    var block = tf.constant(new int[] {d[0], d[1]});
    Operand<TFloat32> spaced = tf.spaceToBatchNd(x, block, tf.constant(paddings));
    Operand<TFloat32> conv = tf.nn.conv2d(spaced, k, List.of(1L, 1L, 1L, 1L), "VALID");
    return tf.batchToSpaceNd(conv, block, tf.constant(crops));
  }
}
