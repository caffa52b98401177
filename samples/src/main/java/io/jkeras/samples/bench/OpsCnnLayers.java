package io.jkeras.samples.bench;

import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.BaseLayer;
import io.jkeras.ops.Ops;
import org.tensorflow.ndarray.Shape;

/**
 * The seed CNN's Conv2D and Dense written as layers of one's own in ops (issue 13's speed proof): the bench
 * trains them side by side with the built-in layers, from the same weights, to measure what writing a layer in
 * ops costs.
 */
final class OpsCnnLayers {
  private OpsCnnLayers() {}

  /** {@code relu(conv2d(x, kernel, valid) + bias)}, strides 1, as {@code Conv2D(filters, k, k, relu)}. */
  static final class OpsConv2D extends BaseLayer<OpsConv2D> {
    private final int filters;
    private final int size;
    private Variable kernel;
    private Variable bias;

    OpsConv2D(int filters, int size) {
      this.filters = filters;
      this.size = size;
    }

    @Override
    protected void build(Shape in) {
      kernel = addWeight("kernel", Shape.of(size, size, in.get(3), filters), "glorot_uniform", true);
      bias = addWeight("bias", Shape.of(filters), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.relu(Ops.add(Ops.conv(x, kernel), bias));
    }
  }

  /** {@code x @ kernel + bias}, then relu when asked, as {@code Dense(units)}. */
  static final class OpsDense extends BaseLayer<OpsDense> {
    private final int units;
    private final boolean relu;
    private Variable kernel;
    private Variable bias;

    OpsDense(int units, boolean relu) {
      this.units = units;
      this.relu = relu;
    }

    @Override
    protected void build(Shape in) {
      kernel = addWeight("kernel", Shape.of(in.get(in.numDimensions() - 1), units), "glorot_uniform", true);
      bias = addWeight("bias", Shape.of(units), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      SymbolicTensor y = Ops.add(Ops.matmul(x, kernel), bias);
      return relu ? Ops.relu(y) : y;
    }
  }
}
