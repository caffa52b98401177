package io.jkeras.tf.lowering;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Op choices for layers written in ops, where the choice decides speed (the same ones the built-in Conv2D and
 * Dense lowerings make), applied while the op table lowers a call:
 *
 * <ul>
 *   <li>{@code add(x, b)} with {@code b} a vector over {@code x}'s last axis becomes {@code BiasAdd}: its
 *       gradient is one {@code BiasAddGrad} instead of a broadcast add's reduce-and-reshape, and grappler fuses
 *       it into the matmul or convolution before it;
 *   <li>in the training pass (when the runtime allows fused ops, see {@code LoweringContext.fuseForGradients})
 *       {@code relu(BiasAdd(Conv2D(x, k), b))} becomes TF's {@code _FusedConv2D} with jkeras' gradient, as {@code
 *       Conv2DLowering} builds it ({@link FusedConv2D} says why).
 * </ul>
 *
 * Both give the same values as the plain ops; {@code OpsLayerTest} and the bench's {@code jkeras-ops} system
 * check them.
 */
public final class OpFusions {
  private OpFusions() {}

  /** The fused form of this op call, or {@code null} to lower it through the table. */
  @SuppressWarnings("unchecked")
  public static Operand<?> tryFuse(OpLowerings.Call c) {
    String name = c.op().opName();
    if (name.equals("add") && c.in().size() == 2) {
      Operand<?> a = c.in().get(0);
      Operand<?> b = c.in().get(1);
      if (isBias(b, a)) {
        return c.tf().nn.biasAdd((Operand<TFloat32>) a, (Operand<TFloat32>) b);
      }
      if (isBias(a, b)) {
        return c.tf().nn.biasAdd((Operand<TFloat32>) b, (Operand<TFloat32>) a);
      }
      return null;
    }
    if (name.equals("relu") && c.ctx() != null && c.ctx().training() && c.ctx().fuseForGradients()
        && FusedConv2D.available()) {
      return fusedConv(c.tf(), c.in().get(0));
    }
    return null;
  }

  /** Whether {@code b} is a float32 vector over the last axis of the float32 tensor {@code x} (rank ≥ 2). */
  private static boolean isBias(Operand<?> b, Operand<?> x) {
    if (b.type() != TFloat32.class || x.type() != TFloat32.class) {
      return false;
    }
    int rx = x.shape().numDimensions();
    if (b.shape().numDimensions() != 1 || rx < 2 || rx > 5) {
      return false;
    }
    long last = x.shape().get(rx - 1);
    return last > 0 && last == b.shape().get(0);
  }

  @SuppressWarnings("unchecked")
  private static Operand<?> fusedConv(Ops tf, Operand<?> pre) {
    if (!(pre.op() instanceof GraphOperation biasAdd) || !biasAdd.type().equals("BiasAdd")) {
      return null;
    }
    Operand<?> conv = biasAdd.input(0);
    if (!(conv.op() instanceof GraphOperation c) || !c.type().equals("Conv2D") || pre.type() != TFloat32.class) {
      return null;
    }
    long[] dilations = c.attributes().getAttrIntList("dilations");
    if (Arrays.stream(dilations).anyMatch(d -> d != 1)
        || !"NHWC".equals(c.attributes().getAttrString("data_format"))) {
      return null;
    }
    List<Long> strides = Arrays.stream(c.attributes().getAttrIntList("strides")).boxed().toList();
    return FusedConv2D.convBiasRelu(tf, (Operand<TFloat32>) c.input(0), (Operand<TFloat32>) c.input(1),
        (Operand<TFloat32>) biasAdd.input(1), strides, c.attributes().getAttrString("padding"));
  }
}
