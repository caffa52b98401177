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
        outs = lowerLayer(layer, nodeInputs, layerScope);
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

  private List<Lowered> lowerLayer(Layer layer, List<Lowered> inputs, Ops layerScope) {
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
    if (layer instanceof Model inner) {
      return lowerModel(inner, inputs, layerScope);
    }
    if (layer instanceof InputLayer) {
      return inputs;
    }
    throw new UnsupportedOperationException("Layer '" + layer.name() + "' (" + layer.className()
        + ") has no TensorFlow lowering; register one with LayerLowerings.register("
        + layer.getClass().getSimpleName() + ".class, ...)");
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
      }
    }
    return false;
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
    return reads.computeIfAbsent(weight, w -> current.withName(w.name().replace('/', '_')).identity(variables.of(w)));
  }

  @Override
  public Operand<TFloat32> lookupRows(Variable table, Operand<? extends TNumber> ids) {
    Ops tf = current;
    Operand<TFloat32> rows = tf.gather(variable(table), ids, tf.constant(0));
    lookups.computeIfAbsent(table, t -> new ArrayList<>()).add(new RowLookup(ids, rows));
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

  @Override
  public Operand<TInt64> step() {
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
