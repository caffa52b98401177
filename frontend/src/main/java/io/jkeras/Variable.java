package io.jkeras;

import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.layers.Layer;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * A weight of a layer as the model language sees it: name, shape, dtype, initializer, optional regularizer and
 * constraint, and whether training updates it. The values live in the runtime.
 */
public final class Variable implements io.jkeras.ops.TensorLike {
  private final Layer layer;
  private final String name;
  private final Shape shape;
  private final DType dtype;
  private final Initializer initializer;
  private final Regularizer regularizer;
  private final Constraint constraint;
  private final boolean trainable;

  public Variable(
      Layer layer,
      String name,
      Shape shape,
      DType dtype,
      Initializer initializer,
      Regularizer regularizer,
      Constraint constraint,
      boolean trainable) {
    this.layer = Objects.requireNonNull(layer, "layer");
    this.name = Objects.requireNonNull(name, "name");
    this.shape = Objects.requireNonNull(shape, "shape");
    if (shape.hasUnknownDimension()) {
      throw new IllegalArgumentException(
          "Weight '" + name + "' of layer '" + layer.name() + "' needs a fully known shape, got "
              + Shapes.format(shape));
    }
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.initializer = Objects.requireNonNull(initializer, "initializer");
    this.regularizer = regularizer;
    this.constraint = constraint;
    this.trainable = trainable;
  }

  public Layer layer() {
    return layer;
  }

  /** Short name within the layer: {@code kernel}, {@code bias}, {@code moving_mean}, ... */
  public String name() {
    return name;
  }

  /** Keras' variable path: {@code conv2d/kernel}. */
  public String path() {
    return layer.name() + "/" + name;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  public Initializer initializer() {
    return initializer;
  }

  public Optional<Regularizer> regularizer() {
    return Optional.ofNullable(regularizer);
  }

  public Optional<Constraint> constraint() {
    return Optional.ofNullable(constraint);
  }

  /** Whether the optimizer updates it; false for BatchNormalization's moving statistics. */
  public boolean trainable() {
    return trainable && layer.trainable();
  }

  /** Inside its layer's {@code call}: this weight as a tensor of the traced ops (a read of the variable). */
  @Override
  public SymbolicTensor symbolic() {
    return io.jkeras.ops.OpTrace.readOf(this);
  }

  /**
   * Inside its layer's {@code call}: sets the weight to {@code value} with every training step (Keras' {@code
   * variable.assign}), as BatchNormalization's moving statistics.
   *
   * <pre>{@code
   * if (training) movingMean.assign(Ops.add(Ops.multiply(movingMean, 0.99), Ops.multiply(mean, 0.01)));
   * }</pre>
   */
  public void assign(io.jkeras.ops.TensorLike value) {
    io.jkeras.ops.OpTrace.assign(this, value);
  }

  /** Number of scalars it holds. */
  public long size() {
    return shape.size();
  }

  @Override
  public String toString() {
    return "<Variable path=" + path() + ", shape=" + Shapes.format(shape) + ">";
  }
}
