package io.jkeras.layers;

import com.google.common.collect.ImmutableList;
import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.ops.OpTrace;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.saving.KerasSerializable;
import io.jkeras.util.Naming;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * The base of every layer. A layer is applied to symbolic tensors: {@link #apply(SymbolicTensor)} checks the
 * input shape, builds the weights the first time, infers the output shape and records a {@link Node}. Nothing
 * is computed; the runtime lowers the recorded graph later.
 *
 * <p>Layers are configured fluently before their first use (see {@link BaseLayer}); once applied, their
 * configuration is frozen, as the weights already depend on it.
 *
 * <p>To write a layer: extend {@link BaseLayer}, override {@link #computeOutputShape(Shape)} (or {@link
 * #computeOutputShapes(List)} for several inputs/outputs), create weights in {@link #build(Shape)} with {@link
 * #addWeight}, and add the layer's arguments to {@link #getConfig()}.
 *
 * <pre>{@code
 * var x = Input.of(784);
 * var y = new Dense(10).activation("softmax").apply(x);   // (None, 10)
 * }</pre>
 */
public abstract class Layer implements KerasSerializable {
  private String name;
  private boolean trainable = true;
  private DType dtype = DType.FLOAT32;
  private Shape batchInputShape;
  private List<Shape> buildInputShapes;
  /** Own weights as Keras keeps them: those created trainable, then the others, each in creation order. */
  private final List<Variable> weights = new ArrayList<>();
  private int createdTrainable;
  private final List<Node> inboundNodes = new ArrayList<>();
  /** Layers applied inside this layer's {@link #call}, in first-use order (Keras tracks them as attributes). */
  private final List<Layer> sublayers = new ArrayList<>();
  /** Outputs of the last traced call, for the default {@link #computeMask} of layers written in ops. */
  private int tracedOutputCount = 1;
  /** Whether a subclass overrides one of the {@code call} methods; computed once. */
  private Boolean opsCall;
  /** Whether {@link #name} is the automatic one taken at construction (given back if a name is set at once). */
  private boolean autoNamed;

  /**
   * Takes Keras' automatic name at construction, as Keras does ({@code Dense()} is {@code dense}, the next one
   * {@code dense_1}, whatever order they are used in). {@link #defaultNamePrefix()} is called here, so overrides
   * must return a constant.
   */
  protected Layer() {
    this.name = Naming.uniqueName(defaultNamePrefix());
    this.autoNamed = true;
  }

  /**
   * For operations recorded inside a layer's {@link #call}: a fixed name that takes no automatic name, so
   * tracing a layer's ops (once at apply, once per forward pass) does not use up names.
   */
  protected Layer(String fixedName) {
    this.name = Objects.requireNonNull(fixedName, "fixedName");
    this.autoNamed = false;
  }

  // ---------------------------------------------------------------- identity and configuration

  /** The layer's name; given by the user or Keras' automatic name taken at construction ({@code conv2d_1}). */
  public String name() {
    if (name == null) {
      name = Naming.uniqueName(defaultNamePrefix());
    }
    return name;
  }

  /** The name for error messages before one is needed: the given name, else the class name. */
  protected final String nameForMessages() {
    return name != null ? name : className();
  }

  /** The prefix of automatic names: the snake_case class name, as in Keras. */
  protected String defaultNamePrefix() {
    return Naming.toSnakeCase(className());
  }

  /** Keras' class name ({@code "Conv2D"}); the Java simple class name by default. */
  @Override
  public String className() {
    return getClass().getSimpleName();
  }

  /** Whether the optimizer updates this layer's weights. */
  public boolean trainable() {
    return trainable;
  }

  /** The layer's compute dtype ({@code float32} by default). */
  public DType dtype() {
    return dtype;
  }

  /**
   * The input shape given with {@code inputShape(...)}, batch dimension included; used by {@link
   * io.jkeras.Sequential} when this is its first layer.
   */
  public Optional<Shape> batchInputShape() {
    return Optional.ofNullable(batchInputShape);
  }

  /** Whether {@link #build} has run, that is, whether the weights exist. */
  public boolean isBuilt() {
    return buildInputShapes != null;
  }

  /** The input shapes the layer was built for, empty before the first apply. */
  public List<Shape> buildInputShapes() {
    return buildInputShapes == null ? List.of() : buildInputShapes;
  }

  protected void setName(String name) {
    checkConfigurable("name");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "Layer name must be non-empty and contain no '/', got '" + name + "'");
    }
    if (autoNamed) {
      // Keras' Dense(3, name="out") takes no automatic name; new Dense(3).name("out") gives its back when no
      // later layer of the kind took one, so that the next Dense() is still "dense".
      Naming.release(defaultNamePrefix(), this.name);
      autoNamed = false;
    }
    this.name = name;
  }

  protected void setTrainable(boolean trainable) {
    // Keras allows freezing a built layer (fine-tuning), so this is not frozen after apply.
    this.trainable = trainable;
    for (Layer sub : sublayers) {
      sub.setTrainable(trainable);   // as Keras: freezing a layer freezes the layers it holds
    }
  }

  protected void setDtype(DType dtype) {
    checkConfigurable("dtype");
    this.dtype = Objects.requireNonNull(dtype, "dtype");
  }

  protected void setBatchInputShape(Shape shape) {
    checkConfigurable("input_shape");
    this.batchInputShape = shape;
  }

  /**
   * Throws if the layer was already applied: its weights and recorded nodes depend on its configuration.
   */
  protected final void checkConfigurable(String argument) {
    if (!inboundNodes.isEmpty() || buildInputShapes != null) {
      throw new IllegalStateException(
          "Layer '" + name() + "' (" + className() + "): cannot change '" + argument
              + "' after the layer has been applied");
    }
  }

  // ---------------------------------------------------------------- weights

  /**
   * All weights, in Keras 3's {@code layer.weights} order: the layer's own trainable weights, then its own
   * non-trainable ones (each in creation order, whatever {@link #trainable()} is now), then the weights of its
   * sub-layers in order ({@link io.jkeras.Model}: layer by layer). A model Dense → BatchNormalization → Dense gives
   * {@code dense/kernel, dense/bias, batch_normalization/gamma, beta, moving_mean, moving_variance,
   * dense_1/kernel, dense_1/bias}; freezing a layer does not reorder them.
   *
   * <pre>{@code
   * for (Variable v : model.weights()) System.out.println(v.path() + " " + v.shape());
   * }</pre>
   */
  public List<Variable> weights() {
    java.util.Set<Variable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<Variable> out = new ArrayList<>();
    for (Variable v : ownWeights()) {
      if (seen.add(v)) {
        out.add(v);
      }
    }
    for (Layer sub : sublayers) {
      for (Variable v : sub.weights()) {
        if (seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** Weights the optimizer updates, in {@link #weights()} order (Keras' {@code trainable_weights}). */
  public List<Variable> trainableWeights() {
    return weights().stream().filter(Variable::trainable).collect(ImmutableList.toImmutableList());
  }

  /**
   * Weights training does not update through gradients (moving statistics, frozen layers), in {@link
   * #weights()} order (Keras' {@code non_trainable_weights}).
   */
  public List<Variable> nonTrainableWeights() {
    return weights().stream().filter(v -> !v.trainable()).collect(ImmutableList.toImmutableList());
  }

  /**
   * The weights this layer created itself, those created trainable first (Keras' {@code _trainable_variables +
   * _non_trainable_variables}); wrappers and models override this with their sub-layers' weights, in order.
   */
  protected List<Variable> ownWeights() {
    return weights;
  }

  /** Number of scalars in all weights. */
  public long countParams() {
    long n = 0;
    for (Variable v : weights()) {
      n += v.size();
    }
    return n;
  }

  /** Creates a weight; call it from {@link #build}. */
  protected final Variable addWeight(
      String weightName,
      Shape shape,
      Initializer initializer,
      Regularizer regularizer,
      Constraint constraint,
      boolean isTrainable) {
    Variable v =
        new Variable(this, weightName, shape, dtype, initializer, regularizer, constraint, isTrainable);
    if (isTrainable) {
      weights.add(createdTrainable++, v);
    } else {
      weights.add(v);
    }
    return v;
  }

  /**
   * Creates a weight with an initializer given by Keras name ({@code "zeros"}, {@code "glorot_uniform"},
   * {@code "random_normal"}, ...), as Keras' {@code add_weight(shape, initializer, trainable, name)}; call it
   * from {@link #build}.
   *
   * <pre>{@code
   * kernel = addWeight("kernel", Shape.of(inputDim, units), "glorot_uniform", true);
   * }</pre>
   */
  protected final Variable addWeight(String weightName, Shape shape, String initializer, boolean isTrainable) {
    return addWeight(weightName, shape, io.jkeras.initializers.Initializers.get(initializer), null, null,
        isTrainable);
  }

  /**
   * Creates a weight of another dtype than the layer's (Normalization's int64 {@code count}, as Keras has it);
   * call it from {@link #build}.
   */
  protected final Variable addWeight(
      String weightName, Shape shape, DType weightDtype, Initializer initializer, boolean isTrainable) {
    Variable v = new Variable(this, weightName, shape, weightDtype, initializer, null, null, isTrainable);
    weights.add(v);
    return v;
  }

  // ---------------------------------------------------------------- graph

  /** The nodes made by applying this layer, in call order. */
  public List<Node> inboundNodes() {
    return java.util.Collections.unmodifiableList(inboundNodes);
  }

  /** Applies the layer to one tensor; the layer must have one output. */
  public final SymbolicTensor apply(SymbolicTensor input) {
    Objects.requireNonNull(input, () -> "Layer '" + name() + "': input tensor is null");
    return single(applyAll(List.of(input)));
  }

  /** Applies the layer to several tensors ({@link Concatenate}, {@link Add}); one output. */
  public final SymbolicTensor apply(List<SymbolicTensor> inputs) {
    return single(applyAll(inputs));
  }

  /** Applies the layer to two or more tensors: {@code new Add().apply(a, b)}. */
  public final SymbolicTensor apply(SymbolicTensor first, SymbolicTensor second, SymbolicTensor... more) {
    List<SymbolicTensor> all = new ArrayList<>();
    all.add(first);
    all.add(second);
    all.addAll(List.of(more));
    return apply(all);
  }

  /** Applies the layer and returns all of its outputs (a model with several outputs used as a layer). */
  public final List<SymbolicTensor> applyAll(List<SymbolicTensor> inputs) {
    // A layer with keyword call arguments records even a plain call as Keras' layer(*args).
    return record(inputs, inputs == null ? 0 : inputs.size(), acceptsCallArguments() ? new LinkedHashMap<>() : null);
  }

  /**
   * Applies the layer as Keras' {@code layer(*args, **kwargs)}: positional tensors and keyword arguments, each
   * a {@link SymbolicTensor} or a plain value ({@code Boolean}, number, string). The keyword tensors become
   * inputs of the node after the positional ones; the node keeps the keyword arguments, which the layer's shape
   * rule ({@link #computeOutputShapes(List, Map)}) and its lowering read. Only layers whose {@link
   * #acceptsCallArguments()} is true take keyword arguments ({@link MultiHeadAttention}).
   *
   * <pre>{@code
   * List<SymbolicTensor> out = mha.applyCall(List.of(query, value), Map.of("use_causal_mask", true));
   * }</pre>
   */
  public final List<SymbolicTensor> applyCall(List<SymbolicTensor> positional, Map<String, ?> kwargs) {
    Objects.requireNonNull(positional, "positional");
    Objects.requireNonNull(kwargs, "kwargs");
    if (!acceptsCallArguments()) {
      throw error("takes its inputs as one tensor or one list; keyword call arguments are not supported, got "
          + kwargs.keySet());
    }
    List<SymbolicTensor> all = new ArrayList<>(positional);
    Map<String, Object> args = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : kwargs.entrySet()) {
      Object v = e.getValue();
      if (v == null) {
        continue;   // as Keras: a keyword left at None is not recorded
      }
      if (v instanceof SymbolicTensor t) {
        all.add(t);
      }
      args.put(e.getKey(), v);
    }
    return record(all, positional.size(), args);
  }

  /** Whether {@link #applyCall} may pass keyword arguments to this layer; {@code false} by default. */
  public boolean acceptsCallArguments() {
    return false;
  }

  private List<SymbolicTensor> record(List<SymbolicTensor> inputs, int positional, Map<String, Object> args) {
    Objects.requireNonNull(inputs, "inputs");
    if (inputs.isEmpty() && !acceptsNoInputs()) {
      throw error("needs at least one input tensor");
    }
    List<Shape> shapes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      SymbolicTensor t = inputs.get(i);
      if (t == null) {
        throw error("input " + i + " is null");
      }
      shapes.add(t.shape());
      dtypes.add(t.dtype());
    }
    Map<String, Object> callArgs = args == null ? Map.of() : args;
    OpTrace.Frame tracing = OpTrace.current();
    if (tracing != null && !(this instanceof io.jkeras.ops.Operation)) {
      if (tracing.owner() != null) {
        tracing.owner().trackSublayer(this);
      }
    }
    List<Shape> outShapes;
    List<DType> outDtypes;
    if (usesOpsCall()) {
      List<SymbolicTensor> traced = traceCall(inputs, shapes);
      outShapes = new ArrayList<>();
      outDtypes = new ArrayList<>();
      tracedOutputCount = traced.size();
      for (SymbolicTensor t : traced) {
        outShapes.add(t.shape());
        outDtypes.add(t.dtype());
      }
    } else {
      if (!isBuilt()) {
        // Validate before building so that a bad input never leaves half-made weights behind.
        computeOutputShapes(shapes, callArgs);
        build(shapes, callArgs);
        buildInputShapes = ImmutableList.copyOf(shapes);
      }
      outShapes = computeOutputShapes(shapes, callArgs);
      outDtypes = computeOutputDtypes(dtypes, outShapes.size());
    }
    List<Optional<Shape>> outMasks = outputMasks(inputs, shapes, outShapes.size());
    Node node = args == null ? new Node(this, inputs) : new Node(this, inputs, positional, args);
    List<SymbolicTensor> outputs = new ArrayList<>();
    for (int i = 0; i < outShapes.size(); i++) {
      outputs.add(new SymbolicTensor(outShapes.get(i), outDtypes.get(i), node, i, outMasks.get(i).orElse(null)));
    }
    node.setOutputs(outputs);
    if (tracing == null) {
      // Inside another layer's call the node belongs to that call's trace, not to the model graph.
      inboundNodes.add(node);
    }
    return ImmutableList.copyOf(outputs);
  }

  /**
   * Builds the layer if needed and runs its {@link #call} on stand-ins for {@code inputs} to learn the output
   * shapes and dtypes (Keras' {@code compute_output_spec}); a failure leaves the layer unbuilt.
   */
  private List<SymbolicTensor> traceCall(List<SymbolicTensor> inputs, List<Shape> shapes) {
    boolean builtHere = false;
    int weightsBefore = weights.size();
    int trainableBefore = createdTrainable;
    int sublayersBefore = sublayers.size();
    try {
      if (!isBuilt()) {
        build(shapes, Map.of());
        buildInputShapes = ImmutableList.copyOf(shapes);
        builtHere = true;
      }
      return OpTrace.trace(this, inputs, false).outputs();
    } catch (RuntimeException e) {
      if (builtHere) {
        // Nothing half-made stays behind: the weights built for this failed call go.
        weights.subList(weightsBefore, weights.size()).clear();
        createdTrainable = trainableBefore;
        sublayers.subList(sublayersBefore, sublayers.size()).clear();
        buildInputShapes = null;
      }
      throw e;
    }
  }

  /** Whether a node of this layer may have no input tensor (operations such as {@code arange} inside a call). */
  protected boolean acceptsNoInputs() {
    return false;
  }

  /**
   * Whether this layer is written in ops: a subclass overrides one of the {@code call} methods. Such a layer
   * needs no shape rule and no runtime lowering: its output shapes come from tracing {@code call}, and the
   * runtime lowers the ops it recorded.
   */
  public final boolean usesOpsCall() {
    if (opsCall == null) {
      opsCall = overridesCall(getClass());
    }
    return opsCall;
  }

  private static boolean overridesCall(Class<?> c) {
    for (; c != null && c != Layer.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
        if (m.isBridge() || m.isSynthetic()) {
          continue;
        }
        Class<?>[] p = m.getParameterTypes();
        boolean first = p.length >= 1 && (p[0] == SymbolicTensor.class || p[0] == List.class);
        boolean rest = p.length == 1 || (p.length == 2 && p[1] == boolean.class);
        if ((m.getName().equals("call") || m.getName().equals("callAll")) && first && rest) {
          return true;
        }
      }
    }
    return false;
  }

  /** Records {@code sub} as a layer this one holds (first use inside {@link #call}); its weights become ours. */
  final void trackSublayer(Layer sub) {
    if (sub != this && !sublayers.contains(sub)) {
      sublayers.add(sub);
    }
  }

  /** The layers applied inside this layer's {@link #call}, in first-use order. */
  public final List<Layer> sublayers() {
    return java.util.Collections.unmodifiableList(sublayers);
  }

  // ---------------------------------------------------------------- call, written in ops

  /**
   * The layer's computation on symbolic tensors, written with {@link io.jkeras.ops.Ops} (Keras' {@code
   * call(inputs, training)}). The runtime calls this once per forward pass (with {@code training} true in the
   * training pass) and lowers the ops it records; {@link #apply} calls it once with {@code training = false} to
   * learn the output shapes. By default it calls {@link #call(SymbolicTensor, boolean)} for one input and
   * {@link #call(List, boolean)} for several.
   *
   * <pre>{@code
   * @Override
   * public List<SymbolicTensor> callAll(List<SymbolicTensor> inputs, boolean training) {
   *   var mean = Ops.mean(inputs.get(0), -1, true);
   *   return List.of(Ops.subtract(inputs.get(0), mean), mean);   // two outputs
   * }
   * }</pre>
   */
  public List<SymbolicTensor> callAll(List<SymbolicTensor> inputs, boolean training) {
    // singletonList, not List.of: a call that returns null reaches OpTrace's clear error, not an NPE
    return java.util.Collections.singletonList(inputs.size() == 1 ? call(inputs.get(0), training)
        : call(inputs, training));
  }

  /** One input, one output, with the training flag; by default calls {@link #call(SymbolicTensor)}. */
  public SymbolicTensor call(SymbolicTensor inputs, boolean training) {
    return call(inputs);
  }

  /**
   * One input, one output: the usual method to override.
   *
   * <pre>{@code
   * @Override
   * public SymbolicTensor call(SymbolicTensor x) {
   *   return Ops.add(Ops.matmul(x, kernel), bias);
   * }
   * }</pre>
   */
  public SymbolicTensor call(SymbolicTensor inputs) {
    throw new UnsupportedOperationException("Layer '" + name() + "' (" + className() + ") does not override "
        + "call(SymbolicTensor) for one input");
  }

  /** Several inputs, one output, with the training flag; by default calls {@link #call(List)}. */
  public SymbolicTensor call(List<SymbolicTensor> inputs, boolean training) {
    return call(inputs);
  }

  /** Several inputs, one output. */
  public SymbolicTensor call(List<SymbolicTensor> inputs) {
    throw new UnsupportedOperationException("Layer '" + name() + "' (" + className() + ") does not override "
        + "call(List<SymbolicTensor>) for " + inputs.size() + " inputs");
  }

  /**
   * Inside {@link #call}: the mask that {@code input} carries (Keras' {@code mask} argument of {@code call}), a
   * boolean tensor usually of shape {@code (batch, steps)}, {@code true} at the steps to use; empty when the
   * input has none. Layers that pass masks on say so with {@link #supportsMasking()}.
   *
   * <pre>{@code
   * var m = Ops.cast(maskOf(x).orElseThrow(), DType.FLOAT32);           // (batch, steps)
   * return Ops.divide(Ops.sum(Ops.multiply(x, Ops.expandDims(m, -1)), 1), Ops.sum(m, false, 1));
   * }</pre>
   */
  protected final Optional<SymbolicTensor> maskOf(SymbolicTensor input) {
    if (OpTrace.current() == null) {
      throw error("maskOf can only be called inside the layer's call(...)");
    }
    if (!input.hasMask()) {
      return Optional.empty();
    }
    Shape maskShape = input.maskShape().orElseThrow();
    return Optional.of(io.jkeras.ops.Operation.apply("keras_mask", Map.of(),
        (sh, d, a) -> List.of(new io.jkeras.ops.Operation.Spec(maskShape, DType.BOOL)), input).get(0));
  }

  /**
   * Adds a loss term computed in {@link #call} (Keras' {@code add_loss}): activity penalties, a VAE's KL
   * divergence. {@code loss} is reduced to a scalar by summing it and is added to the model's total loss in
   * training (and in {@code evaluate}), as Keras does.
   *
   * <pre>{@code
   * addLoss(Ops.multiply(Ops.sum(Ops.square(x)), 1e-3));
   * }</pre>
   */
  protected final void addLoss(io.jkeras.ops.TensorLike loss) {
    OpTrace.Frame frame = OpTrace.current();
    if (frame == null || frame.owner() != this) {
      throw error("addLoss can only be called inside the layer's own call(...)");
    }
    frame.addLoss(loss.symbolic());
  }


  // Keras' Layer.__call__ step "set the mask on the outputs": layers that support masking compute the output
  // masks; any other layer drops an incoming mask with a warning, as Keras 3 does.
  private List<Optional<Shape>> outputMasks(List<SymbolicTensor> inputs, List<Shape> shapes, int outputCount) {
    List<Optional<Shape>> inMasks = new ArrayList<>();
    boolean any = false;
    for (SymbolicTensor t : inputs) {
      inMasks.add(t.maskShape());
      any |= t.hasMask();
    }
    List<Optional<Shape>> out;
    if (supportsMasking()) {
      out = computeMask(shapes, inMasks);
      if (out.size() != outputCount) {
        throw new IllegalStateException("Layer '" + name() + "' (" + className() + "): computeMask gave "
            + out.size() + " masks for " + outputCount + " outputs");
      }
    } else {
      if (any) {
        MASK_LOG.log(System.Logger.Level.WARNING, "Layer ''{0}'' (of type {1}) was passed an input with a mask"
            + " attached to it. However, this layer does not support masking and will therefore destroy the mask"
            + " information. Downstream layers will not see the mask.", name(), className());
      }
      out = new ArrayList<>();
      for (int i = 0; i < outputCount; i++) {
        out.add(Optional.empty());
      }
    }
    return out;
  }

  private static final System.Logger MASK_LOG = System.getLogger(Layer.class.getName());

  /**
   * Builds the weights for {@code shapes} without recording a node: wrappers ({@link Bidirectional}, {@link
   * TimeDistributed}) build the layers they hold this way.
   */
  final void buildWithoutNode(List<Shape> shapes) {
    name();
    if (!isBuilt()) {
      computeOutputShapes(shapes);
      build(shapes);
      buildInputShapes = ImmutableList.copyOf(shapes);
    }
  }

  /** For {@link InputLayer}: a node with no inputs and one given output. */
  final SymbolicTensor addInputNode(Shape shape, DType outDtype) {
    name();
    Node node = new Node(this, List.of());
    SymbolicTensor out = new SymbolicTensor(shape, outDtype, node, 0);
    node.setOutputs(List.of(out));
    inboundNodes.add(node);
    buildInputShapes = List.of(shape);
    return out;
  }

  /**
   * Forgets the most recent node if it is {@code node}: used by {@link io.jkeras.Sequential} when it throws away
   * the graph of an earlier build, so that its layers are not taken for shared ones.
   */
  public final void discardNode(Node node) {
    if (!inboundNodes.isEmpty() && inboundNodes.get(inboundNodes.size() - 1) == node) {
      inboundNodes.remove(inboundNodes.size() - 1);
    }
  }

  private SymbolicTensor single(List<SymbolicTensor> outs) {
    if (outs.size() != 1) {
      throw error("has " + outs.size() + " outputs; use applyAll(...) to get all of them");
    }
    return outs.get(0);
  }

  // ---------------------------------------------------------------- what layers implement

  /**
   * Output shapes for the given input shapes; throws {@link IllegalArgumentException} (via {@link #error})
   * for inputs the layer cannot take. By default the layer takes exactly one input.
   */
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    if (inputShapes.size() != 1) {
      throw error("expects 1 input, got " + inputShapes.size() + ": " + formatShapes(inputShapes));
    }
    return List.of(computeOutputShape(inputShapes.get(0)));
  }

  /**
   * Output shapes for a call with keyword arguments ({@link #applyCall}); {@code inputShapes} holds the
   * positional inputs' shapes, then the keyword tensors'. By default the arguments must be empty.
   */
  public List<Shape> computeOutputShapes(List<Shape> inputShapes, Map<String, Object> callArguments) {
    return computeOutputShapes(inputShapes);
  }

  /** Creates the weights for a call with keyword arguments; by default calls {@link #build(List)}. */
  protected void build(List<Shape> inputShapes, Map<String, Object> callArguments) {
    build(inputShapes);
  }

  /** Output shape for one input; layers with one input and one output override this. */
  public Shape computeOutputShape(Shape inputShape) {
    throw new UnsupportedOperationException(className() + " must override computeOutputShape(s)");
  }

  /** Creates the weights for the given input shapes; by default calls {@link #build(Shape)}. */
  protected void build(List<Shape> inputShapes) {
    if (inputShapes.size() == 1) {
      build(inputShapes.get(0));
    }
  }

  /** Creates the weights for one input shape; layers without weights leave it empty. */
  protected void build(Shape inputShape) {}

  /**
   * Whether the layer passes on (or computes) masks, Keras' {@code supports_masking}; {@code false} by default.
   * A layer that does not support masking drops an incoming mask (with a warning, as Keras 3).
   */
  public boolean supportsMasking() {
    return false;
  }

  /**
   * The masks of the outputs, by shape (Keras' {@code compute_mask(inputs, previous_mask)}), asked only when
   * {@link #supportsMasking()}: by default every output carries the first input's mask unchanged. The runtime
   * then passes the mask's value on, unless the layer's lowering sets a new one.
   *
   * @param inputShapes the input shapes
   * @param inputMasks the shape of each input's mask, empty for an input without one
   * @return one entry per output: the shape of its mask, or empty for none
   */
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    // a layer written in ops has no shape rule: the count comes from the call just traced
    int outputs = usesOpsCall() ? tracedOutputCount : computeOutputShapes(inputShapes).size();
    List<Optional<Shape>> out = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      out.add(inputMasks.isEmpty() ? Optional.empty() : inputMasks.get(0));
    }
    return out;
  }

  /** Output dtypes; by default every output has the layer's compute dtype. */
  protected List<DType> computeOutputDtypes(List<DType> inputDtypes, int outputCount) {
    List<DType> out = new ArrayList<>();
    for (int i = 0; i < outputCount; i++) {
      out.add(dtype);
    }
    return out;
  }

  /**
   * Keras' layer config: {@code name}, {@code trainable}, {@code dtype} and, in subclasses, the layer's
   * arguments in snake_case.
   */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", name());
    config.put("trainable", trainable);
    config.put("dtype", dtype.toPolicyConfig());   // Keras 3 writes a DTypePolicy, not a bare name
    if (batchInputShape != null) {
      config.put("batch_shape", Shapes.toNullableList(batchInputShape));
    }
    return config;
  }

  /** Applies the common keys of {@link #getConfig()} when a layer is rebuilt from its config. */
  protected void applyBaseConfig(Map<String, ?> config) {
    Object n = config.get("name");
    if (n != null) {
      setName((String) n);
    }
    Object t = config.get("trainable");
    if (t != null) {
      setTrainable((Boolean) t);
    }
    Object d = config.get("dtype");
    if (d != null) {
      setDtype(DType.fromConfigValue(d));
    }
    Object bs = config.get("batch_shape");
    if (bs instanceof List<?> l) {
      setBatchInputShape(Shapes.fromNullableList(l));
    }
  }

  // ---------------------------------------------------------------- errors

  /**
   * An {@link IllegalArgumentException} whose message names this layer: {@code Layer 'conv2d' (Conv2D):
   * ...}.
   */
  protected final IllegalArgumentException error(String message) {
    return new IllegalArgumentException("Layer '" + name() + "' (" + className() + "): " + message);
  }

  /** Formats shapes for error messages: {@code [(None, 3), (None, 4)]}. */
  protected static String formatShapes(List<Shape> shapes) {
    List<String> parts = new ArrayList<>();
    for (Shape s : shapes) {
      parts.add(Shapes.format(s));
    }
    return parts.toString();
  }

  @Override
  public String toString() {
    return "<" + className() + " name=" + name() + ", built=" + isBuilt() + ">";
  }
}
