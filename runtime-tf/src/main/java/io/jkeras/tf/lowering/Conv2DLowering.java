package io.jkeras.tf.lowering;

import io.jkeras.layers.Conv2D;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * {@code Conv2D} in NHWC: {@code conv2D} (strides, padding, dilations) + {@code biasAdd} + activation. A
 * grouped convolution is split into {@code groups} convolutions whose results are concatenated, which every
 * TF device and the gradient registry support.
 */
public final class Conv2DLowering implements LayerLowering<Conv2D> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Conv2D layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "kernel"));
    int[] s = layer.strides();
    int[] d = layer.dilationRate();
    List<Long> strides = List.of(1L, (long) s[0], (long) s[1], 1L);
    Conv2d.Options dil = Conv2d.dilations(List.of(1L, (long) d[0], (long) d[1], 1L));
    String padding = Lowerings.padding(layer.padding());
    Operand<TFloat32> y;
    int groups = layer.groups();
    if (groups == 1) {
      y = tf.nn.conv2d(x, kernel, strides, padding, dil);
    } else {
      var xs = tf.split(tf.constant(3), x, (long) groups);
      var ks = tf.split(tf.constant(3), kernel, (long) groups);
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        parts.add(tf.nn.conv2d(xs.output().get(g), ks.output().get(g), strides, padding, dil));
      }
      y = tf.concat(parts, tf.constant(3));
    }
    if (layer.useBias()) {
      y = tf.nn.biasAdd(y, ctx.variable(Lowerings.weight(layer, "bias")));
    }
    return List.of(Lowerings.activated(ctx, layer.activation(), y));
  }
}
