package io.jkeras.tf.lowering;

import io.jkeras.layers.BaseDepthwiseConv2D;
import io.jkeras.layers.SeparableConv2D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code DepthwiseConv2D} and {@code SeparableConv2D}, as Keras' TensorFlow backend ({@code
 * tf.nn.depthwise_conv2d}, {@code tf.nn.separable_conv2d}): TF's {@code DepthwiseConv2dNative} (dilated through
 * space-to-batch, see {@link ConvLowerings}), for SeparableConv2D followed by a 1x1 {@code Conv2D} with the
 * pointwise kernel; then bias and activation.
 */
final class DepthwiseConvLowering implements LayerLowering<BaseDepthwiseConv2D<?>> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, BaseDepthwiseConv2D<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    boolean separable = layer instanceof SeparableConv2D;
    Operand<TFloat32> depthwise = ctx.variable(Lowerings.weight(layer, separable ? "depthwise_kernel" : "kernel"));
    int[] s = layer.strides();
    Operand<TFloat32> y = ConvLowerings.dilated(tf, x, layer.kernelSize(), layer.dilationRate(), layer.padding(),
        ConvLowerings.where(layer),
        (xs, pad) -> tf.nn.depthwiseConv2dNative(xs, depthwise, ConvLowerings.strides(s[0], s[1]), pad));
    if (separable) {
      Operand<TFloat32> pointwise = ctx.variable(Lowerings.weight(layer, "pointwise_kernel"));
      y = tf.nn.conv2d(y, pointwise, ConvLowerings.strides(1, 1), "VALID");
    }
    return ConvLowerings.finish(ctx, layer, layer.useBias(), layer.activation(), layer.activityRegularizer(), y);
  }
}
