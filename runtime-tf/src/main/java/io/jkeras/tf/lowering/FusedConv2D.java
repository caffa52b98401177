package io.jkeras.tf.lowering;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Conv2D + BiasAdd + Relu as one TensorFlow op ({@code _FusedConv2D}) for the training pass, with its gradient
 * registered here.
 *
 * <p>Why: TensorFlow's grappler remapper fuses these three ops into {@code _FusedConv2D} (run by oneDNN with the
 * bias and Relu as post-ops) only when nothing else reads the intermediate values. In a training graph built
 * through the C API something does: the C++ gradient registry's {@code ReluGrad} reads the Relu's <em>input</em>
 * (Python's gradient reads its output), so Relu stays a separate op, an extra pass over the largest activations
 * of a CNN. Building the fused op directly and differentiating it with the Relu's output — {@code ReluGrad(dy,
 * y)}, then TF's own {@code BiasAddGrad}, {@code Conv2DBackpropInput} and {@code Conv2DBackpropFilter}, exactly
 * the ops the unfused gradient uses — gives the same values with one op less per layer, as in Python TF. The op
 * and its kernels (Eigen, oneDNN, cuDNN) are TensorFlow's. The inference pass and exported SavedModels keep the
 * plain ops, which the remapper fuses by itself where no gradient reads them.
 */
final class FusedConv2D {
  private static final String OP = "_FusedConv2D";
  private static final boolean GRADIENT = registerGradient();

  private FusedConv2D() {}

  /** Whether the gradient could be registered (not on Windows, nor if TensorFlow ever registers its own). */
  static boolean available() {
    return GRADIENT;
  }

  /** {@code relu(conv2d(x, kernel) + bias)} in NHWC, without dilation. */
  static Operand<TFloat32> convBiasRelu(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel,
      Operand<TFloat32> bias, List<Long> strides, String padding) {
    OperationBuilder b = tf.scope().opBuilder(OP, "FusedConv2D");
    b.addInput(x.asOutput());
    b.addInput(kernel.asOutput());
    b.addInputList(new Output<?>[] {bias.asOutput()});
    b.addInputList(new Output<?>[0]);
    b.setAttr("T", DataType.DT_FLOAT);
    b.setAttr("TArgs", new DataType[] {DataType.DT_FLOAT});
    b.setAttr("num_args", 1L);
    b.setAttr("strides", strides.stream().mapToLong(Long::longValue).toArray());
    b.setAttr("padding", padding);
    b.setAttr("fused_ops", new String[] {"BiasAdd", "Relu"});
    @SuppressWarnings("unchecked")
    Output<TFloat32> y = (Output<TFloat32>) (Output<?>) b.build().output(0);
    return y;
  }

  private static boolean registerGradient() {
    try {
      return TensorFlow.registerCustomGradient(OP, FusedConv2D::gradient);
    } catch (RuntimeException | LinkageError e) {
      return false; // unsupported platform: Conv2D lowers to the three plain ops
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    String[] fused = op.attributes().getAttrStringList("fused_ops");
    if (!Arrays.equals(fused, new String[] {"BiasAdd", "Relu"})) {
      throw new IllegalStateException("no gradient for " + OP + " with fused_ops " + Arrays.toString(fused));
    }
    Operand<TFloat32> x = (Operand<TFloat32>) op.input(0);
    Operand<TFloat32> kernel = (Operand<TFloat32>) op.input(1);
    Operand<TFloat32> y = (Operand<TFloat32>) (Operand<?>) op.output(0);
    List<Long> strides = Arrays.stream(op.attributes().getAttrIntList("strides")).boxed().toList();
    String padding = op.attributes().getAttrString("padding");
    Operand<TFloat32> dz = tf.nn.reluGrad((Operand<TFloat32>) grads.get(0), y);
    Operand<TFloat32> dx = tf.nn.conv2dBackpropInput(tf.shape(x), kernel, dz, strides, padding);
    Operand<TFloat32> dk = tf.nn.conv2dBackpropFilter(x, tf.shape(kernel), dz, strides, padding);
    return List.of(dx, dk, tf.nn.biasAddGrad(dz));
  }
}
