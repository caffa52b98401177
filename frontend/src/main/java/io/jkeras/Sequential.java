package io.jkeras;

import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plain stack of layers, each applied to the output of the one before (Keras' {@code Sequential}). It is a
 * thin builder over the functional graph: once the input shape is known, it builds the same graph a {@link
 * Model} would. The input shape comes from an {@link Input} added first, from {@code inputShape(...)} on the
 * first layer (Keras warns about that form and so does jkeras), or later from {@link #build(int...)}.
 *
 * <pre>{@code
 * var model = new Sequential(List.of(
 *     new Conv2D(32, 3, 3).activation("relu").inputShape(28, 28, 1),
 *     new MaxPooling2D(2, 2),
 *     new Flatten(),
 *     new Dense(10).activation("softmax")));
 * model.summary();
 * }</pre>
 */
public class Sequential extends Model {
  private static final System.Logger LOG = System.getLogger(Sequential.class.getName());

  private final List<Layer> stack = new ArrayList<>();
  private InputLayer inputLayer;
  private final List<Node> ownNodes = new ArrayList<>();
  private boolean dirty;

  /** An empty stack; add layers with {@link #add(Layer)}. */
  public Sequential() {}

  /** A stack of the given layers, in order. */
  public Sequential(List<? extends Layer> layers) {
    for (Layer l : layers) {
      add(l);
    }
  }

  /** A stack of the given layers, in order. */
  public static Sequential of(Layer... layers) {
    return new Sequential(List.of(layers));
  }

  /** Sets the model's name; {@code sequential}, {@code sequential_1}, ... otherwise. */
  @Override
  public Sequential name(String name) {
    setName(name);
    return this;
  }

  /** Starts the stack with an input made by {@link Input#of(int...)}. */
  public Sequential add(SymbolicTensor input) {
    Objects.requireNonNull(input, "input");
    if (!(input.layer() instanceof InputLayer il)) {
      throw new IllegalArgumentException(
          "Sequential '" + name() + "': only an Input tensor can be added, got " + input);
    }
    if (inputLayer != null || !stack.isEmpty()) {
      throw new IllegalArgumentException(
          "Sequential '" + name() + "': an Input can only be added first, before any layer");
    }
    inputLayer = il;
    dirty = true;
    return this;
  }

  /** Adds a layer on top of the stack. */
  public Sequential add(Layer layer) {
    Objects.requireNonNull(layer, () -> "Sequential '" + name() + "': layer is null");
    if (layer instanceof InputLayer il) {
      return add(il.output());
    }
    if (stack.contains(layer)) {
      throw new IllegalArgumentException(
          "Sequential '" + name() + "': layer '" + layer.name() + "' is already in the stack");
    }
    if (stack.isEmpty() && inputLayer == null && layer.batchInputShape().isPresent()) {
      LOG.log(System.Logger.Level.WARNING,
          "Do not pass an `input_shape` argument to a layer. When using Sequential models, prefer using an"
              + " `Input.of(shape)` object as the first layer in the model instead.");
      inputLayer = new InputLayer(layer.batchInputShape().get(), layer.dtype(), null);
    }
    stack.add(layer);
    dirty = true;
    if (inputLayer != null) {
      // Keras builds eagerly when the shape is known, so shape errors surface at add().
      try {
        rebuild();
      } catch (RuntimeException e) {
        stack.remove(stack.size() - 1);
        throw e;
      }
    }
    return this;
  }

  /** Removes the last layer (Keras' {@code pop()}). */
  public Layer pop() {
    if (stack.isEmpty()) {
      throw new IllegalStateException("Sequential '" + name() + "' has no layers to pop");
    }
    Layer removed = stack.remove(stack.size() - 1);
    dirty = true;
    return removed;
  }

  /** Builds the graph for inputs of this shape (without batch dimension), as Keras' {@code build()}. */
  public Sequential build(int... inputShape) {
    if (inputLayer != null) {
      throw new IllegalStateException(
          "Sequential '" + name() + "' already has input shape " + Shapes.format(inputLayer.batchShape()));
    }
    inputLayer = new InputLayer(Shapes.withBatch(inputShape), DType.FLOAT32, null);
    rebuild();
    return this;
  }

  @Override
  public String className() {
    return "Sequential";
  }

  @Override
  protected String defaultNamePrefix() {
    return "sequential";
  }

  /**
   * A Sequential without input shape builds itself on its first call, from the shape of the tensor it is
   * applied to (as Keras' {@code Sequential.build}).
   */
  @Override
  public List<org.tensorflow.ndarray.Shape> computeOutputShapes(List<org.tensorflow.ndarray.Shape> inputShapes) {
    if (inputLayer == null && inputShapes.size() == 1 && !stack.isEmpty()) {
      inputLayer = new InputLayer(inputShapes.get(0), dtype(), null);
      try {
        rebuild();
      } catch (RuntimeException e) {
        inputLayer = null;
        throw e;
      }
    }
    return super.computeOutputShapes(inputShapes);
  }

  /** The layers of the stack, without the input layer (as Keras lists them). */
  @Override
  public List<Layer> layers() {
    return List.copyOf(stack);
  }

  /** The input layer, if the input shape is known. */
  public java.util.Optional<InputLayer> inputLayer() {
    return java.util.Optional.ofNullable(inputLayer);
  }

  @Override
  public io.jkeras.models.FunctionalGraph graph() {
    if (dirty || !super.hasGraph()) {
      if (inputLayer == null) {
        return super.graph(); // throws: not built
      }
      rebuild();
    }
    return super.graph();
  }

  @Override
  public boolean hasGraph() {
    if (inputLayer == null) {
      return false;
    }
    if (dirty) {
      rebuild();
    }
    return super.hasGraph();
  }

  private void rebuild() {
    if (stack.isEmpty()) {
      return;
    }
    // Drop the nodes of the previous build so that the layers are not seen as shared.
    for (int i = ownNodes.size() - 1; i >= 0; i--) {
      Node n = ownNodes.get(i);
      n.layer().discardNode(n);
    }
    ownNodes.clear();
    SymbolicTensor x = inputLayer.output();
    try {
      for (Layer layer : stack) {
        x = layer.apply(x);
        ownNodes.add(x.node());
      }
      setGraph(List.of(inputLayer.output()), List.of(x), null, null);
    } catch (RuntimeException e) {
      for (int i = ownNodes.size() - 1; i >= 0; i--) {
        ownNodes.get(i).layer().discardNode(ownNodes.get(i));
      }
      ownNodes.clear();
      dirty = true;
      throw e;
    }
    dirty = false;
  }

}
