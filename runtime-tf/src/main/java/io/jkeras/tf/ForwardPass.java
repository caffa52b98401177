package io.jkeras.tf;

import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.tf.lowering.LayerLowering;
import io.jkeras.tf.lowering.LayerLowerings;
import io.jkeras.tf.lowering.Lowered;
import io.jkeras.tf.lowering.LoweringContext;
import io.jkeras.tf.lowering.OpFusions;
import io.jkeras.tf.lowering.OpLowerings;
import io.jkeras.ops.OpTrace;
import io.jkeras.ops.Operation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.PlaceholderWithDefault;

/**
 * One forward pass of a model through its layer graph, node by node in execution order ({@code
 * nodesInExecutionOrder}); a model used as a layer is lowered by walking its own graph on the caller's
 * tensors. The training and inference passes are two instances sharing the variables.
 */
final class ForwardPass implements LoweringContext {
  private final Ops passScope;
  private final boolean training;
  private final TfVariables variables;
  private final long graphSeed;
  private final boolean fuseForGradients;
  private long seedCounter;
  private final List<Op> updates = new ArrayList<>();
  private final List<Operand<TFloat32>> losses = new ArrayList<>();
  private Ops current;
  private Node currentNode;
  private PlaceholderWithDefault<TInt64> step;
  /**
   * The pass whose step placeholder, weight reads and row lookups this one shares (the replicas of one training
   * step, MirroredTowers), or {@code null}.
   */
  private ForwardPass owner;
  private final Map<Variable, Operand<TFloat32>> reads = new IdentityHashMap<>();
  private final Map<Variable, List<RowLookup>> lookups = new IdentityHashMap<>();
  private final Map<Variable, Op> lastUpdate = new IdentityHashMap<>();

  /** One {@link #lookupRows} of this pass: the ids and the rows they gave. */
  record RowLookup(Operand<? extends TNumber> ids, Operand<TFloat32> rows) {}

  ForwardPass(Ops passScope, boolean training, TfVariables variables, long graphSeed) {
    this(passScope, training, variables, graphSeed, false);
  }

  /** @param fuseForGradients see {@link LoweringContext#fuseForGradients()} */
  ForwardPass(Ops passScope, boolean training, TfVariables variables, long graphSeed, boolean fuseForGradients) {
    this.fuseForGradients = fuseForGradients;
    this.passScope = passScope;
    this.training = training;
    this.variables = variables;
    this.graphSeed = graphSeed;
    this.current = passScope;
  }

  /** Lowers {@code model} on {@code inputs} (one per model input) and returns one tensor per model output. */
  List<Lowered> run(Model model, List<Lowered> inputs) {
    return lowerModel(model, inputs, passScope);
  }

  private List<Lowered> lowerModel(Model model, List<Lowered> inputs, Ops scope) {
    List<SymbolicTensor> modelInputs = model.inputs();
    if (modelInputs.size() != inputs.size()) {
      throw new IllegalArgumentException("Model '" + model.name() + "' expects " + modelInputs.size()
          + " inputs, got " + inputs.size());
    }
    Map<SymbolicTensor, Lowered> values = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      values.put(modelInputs.get(i), inputs.get(i));
    }
    for (Node node : model.graph().nodesInExecutionOrder()) {
      if (node.isInput()) {
        if (!values.containsKey(node.outputs().get(0))) {
          throw new IllegalStateException("Model '" + model.name() + "': input node " + node + " is not fed");
        }
        continue;
      }
      List<Lowered> nodeInputs = new ArrayList<>();
      for (SymbolicTensor t : node.inputs()) {
        Lowered v = values.get(t);
        if (v == null) {
          throw new IllegalStateException("Model '" + model.name() + "': tensor " + t
              + " is used before it is computed");
        }
        nodeInputs.add(v);
      }
      Layer layer = node.layer();
      Ops layerScope = scope.withSubScope(layer.name());
      Node savedNode = currentNode;
      currentNode = node;
      List<Lowered> outs;
      try {
        outs = lowerLayer(layer, nodeInputs, node.inputs(), layerScope);
      } finally {
        currentNode = savedNode;
      }
      if (outs.size() != node.outputs().size()) {
        throw new IllegalStateException("Lowering of layer '" + layer.name() + "' gave " + outs.size()
            + " tensors for " + node.outputs().size() + " outputs");
      }
      for (int i = 0; i < outs.size(); i++) {
        values.put(node.outputs().get(i), withFrontendMask(layer, node.outputs().get(i), outs.get(i), nodeInputs));
      }
    }
    List<Lowered> out = new ArrayList<>();
    for (SymbolicTensor t : model.outputs()) {
      out.add(values.get(t));
    }
    return out;
  }

  /**
   * Makes the lowered output's mask agree with the frontend's ({@code Layer.computeMask}): a mask the lowering
   * did not set is the first input's, passed on; a tensor the frontend gives no mask loses any.
   */
  private static Lowered withFrontendMask(Layer layer, SymbolicTensor t, Lowered out, List<Lowered> inputs) {
    if (!t.hasMask()) {
      return out.mask() == null ? out : out.withMask(null);
    }
    if (out.mask() != null) {
      return out;
    }
    Operand<TBool> passed = inputs.isEmpty() ? null : inputs.get(0).mask();
    if (passed == null) {
      throw new IllegalStateException("Layer '" + layer.name() + "' (" + layer.className() + "): its output "
          + "carries a mask but neither its lowering nor its first input provides one");
    }
    return out.withMask(passed);
  }

  private List<Lowered> lowerLayer(Layer layer, List<Lowered> inputs, List<SymbolicTensor> symbolicInputs,
      Ops layerScope) {
    var lowering = LayerLowerings.find(layer);
    if (lowering.isPresent()) {
      Ops saved = current;
      current = layerScope;
      try {
        return lowering.get().lower(this, layer, inputs);
      } finally {
        current = saved;
      }
    }
    if (layer instanceof Operation op) {
      return lowerOperation(op, inputs);
    }
    if (layer instanceof Model inner) {
      return lowerModel(inner, inputs, layerScope);
    }
    if (layer instanceof InputLayer) {
      return inputs;
    }
    if (layer.usesOpsCall()) {
      return lowerCall(layer, inputs, symbolicInputs, layerScope);
    }
    throw new UnsupportedOperationException("Layer '" + layer.name() + "' (" + layer.className()
        + ") has no TensorFlow lowering: override call(...) with io.jkeras.ops, or register a lowering with "
        + "LayerLowerings.register(" + layer.getClass().getSimpleName() + ".class, ...)");
  }

  /**
   * A layer written in ops: its {@code call} traced for this pass (training flag included) and the recorded ops
   * lowered one by one; the losses it added with {@code addLoss} join the model's.
   */
  private List<Lowered> lowerCall(Layer layer, List<Lowered> inputs, List<SymbolicTensor> symbolicInputs,
      Ops layerScope) {
    Ops saved = current;
    current = layerScope;
    try {
      OpTrace.Result trace = OpTrace.trace(layer, symbolicInputs, training);
      Map<SymbolicTensor, Lowered> values = new IdentityHashMap<>();
      for (int i = 0; i < inputs.size(); i++) {
        values.put(trace.inputs().get(i), inputs.get(i));
      }
      List<Lowered> outs = new ArrayList<>();
      for (SymbolicTensor t : trace.outputs()) {
        outs.add(lowerTensor(t, values, layer.name()));
      }
      for (SymbolicTensor loss : trace.losses()) {
        losses.add(OpLowerings.asFloat(current, lowerTensor(loss, values, layer.name()).value()));
      }
      if (training) {
        for (SymbolicTensor update : trace.updates()) {
          addUpdate((org.tensorflow.op.Op) lowerTensor(update, values, layer.name()).value());
        }
      }
      return outs;
    } finally {
      current = saved;
    }
  }

  /**
   * Lowers the value of {@code target}, a tensor of a trace, on {@code values} (the trace's inputs already
   * mapped): the nodes it depends on are lowered once each, in dependency order.
   */
  Lowered lowerTensor(SymbolicTensor target, Map<SymbolicTensor, Lowered> values, String owner) {
    java.util.Deque<Node> work = new java.util.ArrayDeque<>();
    if (!values.containsKey(target)) {
      work.push(target.node());
    }
    while (!work.isEmpty()) {
      Node n = work.peek();
      if (values.containsKey(n.outputs().get(0))) {
        work.pop();
        continue;
      }
      boolean ready = true;
      for (SymbolicTensor in : n.inputs()) {
        if (!values.containsKey(in)) {
          work.push(in.node());
          ready = false;
        }
      }
      if (!ready) {
        continue;
      }
      work.pop();
      Layer layer = n.layer();
      if (n.inputs().isEmpty() && !(layer instanceof Operation op && !op.opName().equals("trace_input"))) {
        throw new IllegalStateException("'" + owner + "': its call(...) uses " + n.outputs().get(0) + ", which "
            + "is not computed from the call's own inputs; pass every tensor the call needs as an input");
      }
      List<Lowered> nodeInputs = new ArrayList<>();
      for (SymbolicTensor in : n.inputs()) {
        nodeInputs.add(values.get(in));
      }
      List<Lowered> outs = layer instanceof Operation op ? lowerOperation(op, nodeInputs)
          : lowerLayer(layer, nodeInputs, n.inputs(), current.withSubScope(layer.name()));
      for (int i = 0; i < outs.size(); i++) {
        values.put(n.outputs().get(i), withFrontendMask(layer, n.outputs().get(i), outs.get(i), nodeInputs));
      }
    }
    return values.get(target);
  }

  /**
   * {@code StepContext.gradients}: TF's symbolic gradients of the loss (input 0) with respect to the weight
   * reads (the other inputs); zeros for a weight the loss does not reach (TF refuses those).
   */
  @SuppressWarnings("unchecked")
  private List<Lowered> gradients(List<Lowered> inputs) {
    Operand<?> loss = inputs.get(0).value();
    java.util.Set<org.tensorflow.GraphOperation> reach = new java.util.HashSet<>();
    java.util.Deque<org.tensorflow.GraphOperation> todo = new java.util.ArrayDeque<>();
    todo.push((org.tensorflow.GraphOperation) loss.op());
    while (!todo.isEmpty()) {
      org.tensorflow.GraphOperation o = todo.pop();
      if (reach.add(o)) {
        for (Operand<?> in : o.inputs()) {
          todo.push((org.tensorflow.GraphOperation) in.op());
        }
      }
    }
    List<Integer> reached = new ArrayList<>();
    for (int i = 1; i < inputs.size(); i++) {
      if (reach.contains((org.tensorflow.GraphOperation) inputs.get(i).value().op())) {
        reached.add(i);
      }
    }
    Lowered[] out = new Lowered[inputs.size() - 1];
    if (!reached.isEmpty()) {
      org.tensorflow.Output<?>[] xs = new org.tensorflow.Output<?>[reached.size()];
      for (int k = 0; k < xs.length; k++) {
        xs[k] = inputs.get(reached.get(k)).value().asOutput();
      }
      org.tensorflow.Graph g = (org.tensorflow.Graph) current.scope().env();
      org.tensorflow.Output<?>[] gs = g.addGradients(loss.asOutput(), xs);
      for (int k = 0; k < gs.length; k++) {
        int i = reached.get(k);
        out[i - 1] = Lowered.of(gs[k] != null ? gs[k] : current.zerosLike((Operand<TFloat32>) inputs.get(i).value()));
      }
    }
    for (int i = 1; i < inputs.size(); i++) {
      if (out[i - 1] == null) {
        out[i - 1] = Lowered.of(current.zerosLike((Operand<TFloat32>) inputs.get(i).value()));
      }
    }
    return List.of(out);
  }

  /**
   * {@code y} with the static shape the frontend computed, when TF's shape inference lost sizes the frontend
   * knows (a reshape to a shape computed at run time): later layers read static sizes (Dense its input's last).
   * A reshape to the same shape is free; at most one size may be unknown for it.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Operand<?> withKnownShape(Operand<?> y, Shape spec) {
    Shape got = y.shape();
    if (got.isUnknown() || got.numDimensions() != spec.numDimensions()) {
      return y;
    }
    long[] target = new long[spec.numDimensions()];
    int unknown = 0;
    boolean lost = false;
    for (int i = 0; i < target.length; i++) {
      long v = spec.get(i);
      target[i] = v == Shape.UNKNOWN_SIZE ? -1 : v;
      unknown += v == Shape.UNKNOWN_SIZE ? 1 : 0;
      lost |= v != Shape.UNKNOWN_SIZE && got.get(i) == Shape.UNKNOWN_SIZE;
    }
    return lost && unknown <= 1 ? current.reshape((Operand) y, current.constant(target)) : y;
  }

  /** One {@link Operation} through the op table; its Java-number operands become constants. */
  private List<Lowered> lowerOperation(Operation op, List<Lowered> inputs) {
    if (op.opName().equals("read_variable")) {
      return List.of(Lowered.of(variable((Variable) op.attributes().get("variable"))));
    }
    if (op.opName().equals("gradients")) {
      return gradients(inputs);
    }
    if (op.opName().equals("keras_mask")) {
      Operand<TBool> mask = inputs.get(0).mask();
      if (mask == null) {
        throw new IllegalStateException("ops: the mask of " + op.name() + "'s input was not computed");
      }
      return List.of(Lowered.of(mask));
    }
    if (op.opName().equals("assign_variable")) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) inputs.get(0).value();
      return List.of(Lowered.of(current.assign(refVariable((Variable) op.attributes().get("variable")), value)));
    }
    List<Operand<?>> args = new ArrayList<>();
    Class<? extends org.tensorflow.types.family.TType> constantType = null;
    for (Lowered l : inputs) {
      if (constantType == null && l.value().type() != TBool.class) {
        constantType = l.value().type();
      }
    }
    if (constantType == null) {
      constantType = OpLowerings.typeOf(op.specs().get(0).dtype());
    }
    int k = 0;
    for (Object operand : op.operands()) {
      if (operand == null) {
        args.add(inputs.get(k++).value());
      } else if (operand instanceof Boolean b) {
        args.add(current.constant(b));
      } else {
        args.add(OpLowerings.scalar(current, ((Number) operand).doubleValue(), constantType));
      }
    }
    List<Lowered> out = new ArrayList<>();
    OpLowerings.Call call = new OpLowerings.Call(current, op, args, this);
    Operand<?> fused = OpFusions.tryFuse(call);
    List<Operand<?>> results = fused != null ? List.of(fused) : OpLowerings.lower(call);
    for (int i = 0; i < results.size(); i++) {
      out.add(Lowered.of(withKnownShape(results.get(i), op.specs().get(i).shape())));
    }
    return out;
  }

  /** Whether any layer reachable from {@code model} computes differently in training. */
  static boolean differsInTraining(Model model) {
    for (Node node : model.graph().nodesInExecutionOrder()) {
      Layer layer = node.layer();
      var lowering = LayerLowerings.find(layer);
      if (lowering.isPresent()) {
        if (differs(lowering.get(), layer)) {
          return true;
        }
      } else if (layer instanceof Model inner && differsInTraining(inner)) {
        return true;
      } else if (layer.usesOpsCall() && callDiffersInTraining(layer)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a layer written in ops may compute differently in training: its class takes the training flag
   * ({@code call(x, training)}, {@code callAll}), or a layer it holds differs.
   */
  static boolean callDiffersInTraining(Layer layer) {
    for (Class<?> c = layer.getClass(); c != null && c != Layer.class; c = c.getSuperclass()) {
      for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
        Class<?>[] p = m.getParameterTypes();
        if ((m.getName().equals("call") || m.getName().equals("callAll")) && p.length == 2
            && p[1] == boolean.class) {
          return true;
        }
      }
    }
    if (mayFuseInTraining(layer)) {
      return true;
    }
    for (Layer sub : layer.sublayers()) {
      var lowering = LayerLowerings.find(sub);
      if (lowering.isPresent() ? differs(lowering.get(), sub)
          : sub instanceof Model inner ? differsInTraining(inner) : sub.usesOpsCall() && callDiffersInTraining(sub)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the call holds a convolution and a relu, which the training pass may lower as one fused op ({@code
   * OpFusions}): such a layer gets its own training pass, as the built-in Conv2D with relu does.
   */
  private static boolean mayFuseInTraining(Layer layer) {
    if (layer.inboundNodes().isEmpty()) {
      return false;
    }
    OpTrace.Result trace = OpTrace.trace(layer, layer.inboundNodes().get(0).inputs(), false);
    java.util.Set<String> ops = new java.util.HashSet<>();
    java.util.Deque<Node> todo = new java.util.ArrayDeque<>();
    java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    trace.outputs().forEach(t -> todo.push(t.node()));
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (seen.add(n)) {
        if (n.layer() instanceof Operation op) {
          ops.add(op.opName());
        }
        n.inputs().forEach(t -> todo.push(t.node()));
      }
    }
    return ops.contains("conv") && ops.contains("relu");
  }

  @SuppressWarnings("unchecked")
  private static boolean differs(LayerLowering<?> lowering, Layer layer) {
    return ((LayerLowering<Layer>) lowering).differsInTraining(layer);
  }

  List<Op> updates() {
    return updates;
  }

  List<Operand<TFloat32>> losses() {
    return losses;
  }

  // ---------------------------------------------------------------- LoweringContext

  @Override
  public Map<String, Object> callArguments() {
    return currentNode == null ? Map.of() : currentNode.callArguments();
  }

  @Override
  public Ops tf() {
    return current;
  }

  @Override
  public Operand<TFloat32> variable(Variable weight) {
    Op written = lastUpdate.get(weight);
    if (written != null) {
      // A weight this pass already updated (a shared BatchNormalization called again): read it after the update,
      // so that the next update builds on it, as Keras' calls assign one after the other.
      return current.withControlDependencies(List.of(written)).identity(variables.of(weight));
    }
    // A non-ref read (one per weight and pass): some C++ gradient functions (Square, Mul) crash on ref inputs.
    if (variables == null) {
      throw new IllegalStateException("Weight '" + weight.path() + "' is read by a function that has no model "
          + "weights (a loss or metric written in ops)");
    }
    if (owner != null) {
      return owner.variable(weight);
    }
    return reads.computeIfAbsent(weight, w -> current.withName(w.name().replace('/', '_')).identity(variables.of(w)));
  }

  @Override
  public Operand<TFloat32> lookupRows(Variable table, Operand<? extends TNumber> ids) {
    Ops tf = current;
    Operand<TFloat32> rows = tf.gather(variable(table), ids, tf.constant(0));
    lookups.computeIfAbsent(table, t -> new ArrayList<>()).add(new RowLookup(ids, rows));
    if (owner != null) {
      owner.lookups.computeIfAbsent(table, t -> new ArrayList<>()).add(new RowLookup(ids, rows));
    }
    return rows;
  }

  /** The row lookups of {@code weight} in this pass, in lowering order (empty if none). */
  List<RowLookup> lookups(Variable weight) {
    return lookups.getOrDefault(weight, List.of());
  }

  /** This pass' read of {@code weight} ({@link #variable}), or {@code null} if the pass never read it. */
  Operand<TFloat32> readOf(Variable weight) {
    return reads.get(weight);
  }

  @Override
  public org.tensorflow.op.core.Variable<TFloat32> refVariable(Variable weight) {
    return variables.of(weight);
  }

  @Override
  public boolean fuseForGradients() {
    return fuseForGradients;
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public long nextSeed() {
    // Distinct per random op and per pass, the same from run to run.
    return ++seedCounter * 2 + (training ? 1 : 0);
  }

  @Override
  public long graphSeed() {
    return graphSeed;
  }

  /**
   * Makes this pass use {@code owner}'s step placeholder and weight reads and record its row lookups there too:
   * the replicas then read each weight through one op, and the step sees every replica's lookups.
   */
  void shareWith(ForwardPass owner) {
    this.owner = owner;
  }

  @Override
  public Operand<TInt64> step() {
    if (owner != null) {
      return owner.step();
    }
    if (step == null) {
      step = passScope.withName("step").placeholderWithDefault(passScope.constant(0L), Shape.scalar());
    }
    return step;
  }

  /** The step placeholder if a layer asked for it (to be fed by training steps), else {@code null}. */
  PlaceholderWithDefault<TInt64> stepIfUsed() {
    return step;
  }

  @Override
  public void addUpdate(Op update) {
    if (training) {
      updates.add(update);
      // Remember which weight it writes (input 0 of an assign op), for later reads of that weight.
      var op = (org.tensorflow.GraphOperation) update.op();
      if (op.numInputs() > 0) {
        org.tensorflow.Operation target = op.input(0).op();
        for (Variable w : variables.weights) {
          if (variables.of(w).op().equals(target)) {
            lastUpdate.put(w, update);
          }
        }
      }
    }
  }

  @Override
  public void addLoss(Operand<TFloat32> penalty) {
    losses.add(penalty);
  }
}
