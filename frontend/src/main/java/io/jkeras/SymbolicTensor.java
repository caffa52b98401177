package io.jkeras;

import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.util.Shapes;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * A tensor of the model graph: it carries a shape (batch dimension unknown), a dtype and the {@link Node}
 * that produced it, but no values. Keras calls it {@code KerasTensor}.
 *
 * <pre>{@code
 * SymbolicTensor x = Input.of(28, 28, 1);
 * SymbolicTensor y = new Conv2D(32, 3, 3).apply(x);
 * y.shape();   // (None, 26, 26, 32)
 * }</pre>
 */
public final class SymbolicTensor implements io.jkeras.ops.TensorLike {
  private final Shape shape;
  private final DType dtype;
  private final Node node;
  private final int index;
  private final Shape maskShape;

  /**
   * Made by layers while they record a node; users get tensors from {@link Input} and {@link
   * Layer#apply}.
   */
  public SymbolicTensor(Shape shape, DType dtype, Node node, int index) {
    this(shape, dtype, node, index, null);
  }

  /**
   * A tensor that carries a mask (Keras' {@code _keras_mask}): a boolean tensor of shape {@code maskShape},
   * usually {@code (batch, timesteps)}, {@code false} at the steps later layers should skip.
   *
   * @param maskShape the mask's shape, or {@code null} for a tensor without a mask
   */
  public SymbolicTensor(Shape shape, DType dtype, Node node, int index, Shape maskShape) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.node = Objects.requireNonNull(node, "node");
    this.index = index;
    this.maskShape = maskShape;
  }

  /**
   * The shape of the mask this tensor carries (Keras' {@code _keras_mask}), if any. A mask is made by {@code
   * Embedding(mask_zero=True)} or {@code Masking}, passed on by layers that support masking and consumed by
   * recurrent layers, which skip the masked steps. The runtime computes its values.
   *
   * <pre>{@code
   * var x = new Embedding(100, 8).maskZero(true).apply(Input.of(10));
   * x.maskShape();   // Optional[(None, 10)]
   * }</pre>
   */
  public java.util.Optional<Shape> maskShape() {
    return java.util.Optional.ofNullable(maskShape);
  }

  /** Whether this tensor carries a mask. */
  public boolean hasMask() {
    return maskShape != null;
  }

  /** The shape, with {@link Shape#UNKNOWN_SIZE} for the batch dimension. */
  @Override
  public Shape shape() {
    return shape;
  }

  /** Number of dimensions, the batch dimension included. */
  public int rank() {
    return shape.numDimensions();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  /** This tensor itself (for {@link io.jkeras.ops.Ops}, which take tensors and variables alike). */
  @Override
  public SymbolicTensor symbolic() {
    return this;
  }

  /** The node that produced this tensor. */
  public Node node() {
    return node;
  }

  /** The layer that produced this tensor. */
  public Layer layer() {
    return node.layer();
  }

  /** Position of this tensor among the outputs of its node. */
  public int tensorIndex() {
    return index;
  }

  /** Position of the producing node among its layer's inbound nodes (Keras' {@code node_index}). */
  public int nodeIndex() {
    return node.nodeIndex();
  }

  @Override
  public String toString() {
    return "<SymbolicTensor shape="
        + Shapes.format(shape)
        + ", dtype="
        + dtype.kerasName()
        + ", from="
        + node.layer().name()
        + "["
        + nodeIndex()
        + "]["
        + index
        + "]>";
  }
}
