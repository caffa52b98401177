package io.jkeras.tf.lowering;

import io.jkeras.layers.BaseConv;
import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Padding;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;

/**
 * {@code Conv1D} and {@code Conv3D}: grouped, dilated (space-to-batch) convolution + bias + activation.
 *
 * <p>Conv1D runs as a Conv2D over {@code (batch, 1, steps, channels)}, as TF's own {@code conv1d} does; {@code
 * padding="causal"} pads {@code dilation_rate * (kernel_size - 1)} zeros on the left first (Keras' {@code
 * Conv1D.call}). Conv3D uses TF's {@code Conv3D}, whose gradient TF's C++ registry lacks: this class registers
 * one (the {@code Conv3DBackpropInputV2} / {@code Conv3DBackpropFilterV2} pair TF's Python gradient uses).
 */
public final class BaseConvLowering implements LayerLowering<BaseConv<?>> {
  static {
    registerConv3dGradient();
  }

  /** Makes sure the gradients registered by this class are (its class initializer registers them once). */
  static void registerGradients() {
    // nothing more: calling this runs the static initializer above
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, BaseConv<?> layer, List<Lowered> inputs) {
    if (layer instanceof Conv2DTranspose) {
      throw new IllegalStateException("Conv2DTranspose is lowered by Conv2DTransposeLowering");
    }
    Ops tf = ctx.tf();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "kernel"));
    int rank = layer.rank();
    int[] k = layer.kernelSize();
    int[] d = layer.dilationRate();
    int[] s = layer.strides();
    Padding padding = layer.padding();
    if (padding == Padding.CAUSAL) {
      x = tf.pad(x, tf.constant(new int[][] {{0, 0}, {d[0] * (k[0] - 1), 0}, {0, 0}}), tf.constant(0f));
      padding = Padding.VALID;
    }
    Padding p = padding;
    String where = ConvLowerings.where(layer);
    Operand<TFloat32> y = ConvLowerings.grouped(tf, x, kernel, layer.groups(),
        (xg, kg) -> ConvLowerings.dilated(tf, xg, k, d, p, where, (xs, pad) -> plain(tf, rank, xs, kg, s, pad)));
    return ConvLowerings.finish(ctx, layer, layer.useBias(), layer.activation(), layer.activityRegularizer(), y);
  }

  private static Operand<TFloat32> plain(Ops tf, int rank, Operand<TFloat32> x, Operand<TFloat32> k, int[] s,
      String padding) {
    if (rank == 1) {
      Operand<TFloat32> x4 = tf.expandDims(x, tf.constant(1));
      Operand<TFloat32> k4 = tf.expandDims(k, tf.constant(0));
      Operand<TFloat32> y = tf.nn.conv2d(x4, k4, ConvLowerings.strides(1, s[0]), padding);
      return tf.squeeze(y, Squeeze.axis(List.of(1L)));
    }
    if (rank == 3) {
      return tf.nn.conv3d(x, k, ConvLowerings.strides(s), padding);
    }
    throw new IllegalArgumentException("no convolution of rank " + rank);
  }

  /** Conv3D's gradient, as TF's Python {@code _Conv3DGrad}; kept if TF ever brings its own. */
  @SuppressWarnings("unchecked")
  private static void registerConv3dGradient() {
    TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op, grads) -> {
      Operand<TFloat32> x = (Operand<TFloat32>) op.input;
      Operand<TFloat32> k = (Operand<TFloat32>) op.filter;
      Operand<TFloat32> dy = (Operand<TFloat32>) grads.get(0);
      List<Long> strides = longs(op.strides);
      List<Long> dilations = longs(op.dilations);
      Operand<TFloat32> dx = tf.nn.conv3dBackpropInput(tf.shape(x), k, dy, strides, op.padding,
          Conv3dBackpropInput.dilations(dilations));
      Operand<TFloat32> dk = tf.nn.conv3dBackpropFilter(x, tf.shape(k), dy, strides, op.padding,
          Conv3dBackpropFilter.dilations(dilations));
      return List.of(dx, dk);
    });
  }

  private static List<Long> longs(long[] values) {
    List<Long> out = new java.util.ArrayList<>();
    for (long v : values) {
      out.add(v);
    }
    return out;
  }
}
