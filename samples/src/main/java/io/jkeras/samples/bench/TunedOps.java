package io.jkeras.samples.bench;

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
 * The two op choices by which jkeras' lowering differs from a plain hand-written graph, written by hand for
 * {@link RawTfCnn.GraphOps#TUNED}: TF's {@code MaxPool} with attributes instead of TF Java's {@code MaxPoolV2},
 * and {@code _FusedConv2D} (conv + bias + Relu) with a gradient that reads the Relu's output. jkeras' own versions
 * live in its runtime's lowering package; this copy keeps the baseline independent of jkeras. The gradient
 * registry is per process and per op type: whichever of the two registers first serves both (same maths).
 */
final class TunedOps {
  private TunedOps() {}

  /** Registers the gradient unless one is registered already (by jkeras' runtime in this JVM: the same ops). */
  static synchronized void registerGradient() {
    TensorFlow.registerCustomGradient("_FusedConv2D", TunedOps::gradient);
  }

  static Operand<TFloat32> maxPool2x2(Ops tf, Operand<TFloat32> x) {
    OperationBuilder b = tf.scope().opBuilder("MaxPool", "MaxPool");
    b.addInput(x.asOutput());
    b.setAttr("T", DataType.DT_FLOAT);
    b.setAttr("ksize", new long[] {1, 2, 2, 1});
    b.setAttr("strides", new long[] {1, 2, 2, 1});
    b.setAttr("padding", "VALID");
    return output(b);
  }

  static Operand<TFloat32> convBiasRelu(Ops tf, Operand<TFloat32> x, Operand<TFloat32> k, Operand<TFloat32> bias) {
    OperationBuilder b = tf.scope().opBuilder("_FusedConv2D", "FusedConv2D");
    b.addInput(x.asOutput());
    b.addInput(k.asOutput());
    b.addInputList(new Output<?>[] {bias.asOutput()});
    b.addInputList(new Output<?>[0]);
    b.setAttr("T", DataType.DT_FLOAT);
    b.setAttr("TArgs", new DataType[] {DataType.DT_FLOAT});
    b.setAttr("num_args", 1L);
    b.setAttr("strides", new long[] {1, 1, 1, 1});
    b.setAttr("padding", "VALID");
    b.setAttr("fused_ops", new String[] {"BiasAdd", "Relu"});
    return output(b);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> output(OperationBuilder b) {
    return (Output<TFloat32>) (Output<?>) b.build().output(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads) {
    Operand<TFloat32> x = (Operand<TFloat32>) op.input(0);
    Operand<TFloat32> k = (Operand<TFloat32>) op.input(1);
    Operand<TFloat32> y = (Operand<TFloat32>) (Operand<?>) op.output(0);
    Operand<TFloat32> dz = tf.nn.reluGrad((Operand<TFloat32>) grads.get(0), y);
    String padding = op.attributes().getAttrString("padding");
    List<Long> strides = Arrays.stream(op.attributes().getAttrIntList("strides")).boxed().toList();
    return List.of(tf.nn.conv2dBackpropInput(tf.shape(x), k, dz, strides, padding),
        tf.nn.conv2dBackpropFilter(x, tf.shape(k), dz, strides, padding), tf.nn.biasAddGrad(dz));
  }
}
