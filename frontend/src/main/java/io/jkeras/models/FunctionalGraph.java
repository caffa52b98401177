package io.jkeras.models;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The layer graph between a model's inputs and outputs: its nodes grouped by depth and its layers in Keras'
 * order. A port of {@code keras.src.ops.function.map_graph}, so that {@code model.layers()}, the summary and the
 * JSON config list layers exactly as Keras does: by depth from the inputs, and within one depth in the order a
 * depth-first walk from the outputs first meets them.
 */
public final class FunctionalGraph {
  private final ImmutableList<SymbolicTensor> inputs;
  private final ImmutableList<SymbolicTensor> outputs;
  private final ImmutableList<Layer> layers;
  private final ImmutableMap<Integer, ImmutableList<Node>> nodesByDepth;
  private final Set<Node> nodes;

  private FunctionalGraph(
      List<SymbolicTensor> inputs,
      List<SymbolicTensor> outputs,
      List<Layer> layers,
      Map<Integer, ImmutableList<Node>> nodesByDepth,
      Set<Node> nodes) {
    this.inputs = ImmutableList.copyOf(inputs);
    this.outputs = ImmutableList.copyOf(outputs);
    this.layers = ImmutableList.copyOf(layers);
    this.nodesByDepth = ImmutableMap.copyOf(nodesByDepth);
    this.nodes = nodes;
  }

  public List<SymbolicTensor> inputs() {
    return inputs;
  }

  public List<SymbolicTensor> outputs() {
    return outputs;
  }

  /** Layers in Keras' order, input layers included. */
  public List<Layer> layers() {
    return layers;
  }

  /** Nodes by depth; depth 0 holds the output nodes, the highest depth the input nodes. */
  public Map<Integer, ImmutableList<Node>> nodesByDepth() {
    return nodesByDepth;
  }

  /** Whether a node belongs to this graph (a shared layer may have nodes elsewhere). */
  public boolean contains(Node node) {
    return nodes.contains(node);
  }

  /** Nodes in an order where every node comes after the nodes it depends on. */
  public List<Node> nodesInExecutionOrder() {
    List<Node> out = new ArrayList<>();
    List<Integer> depths = new ArrayList<>(nodesByDepth.keySet());
    depths.sort(Comparator.reverseOrder());
    for (int d : depths) {
      out.addAll(nodesByDepth.get(d));
    }
    return out;
  }

  /**
   * Maps the graph; throws {@link IllegalArgumentException} for a graph Keras rejects: an output not computable
   * from the inputs, an input that no output uses, inputs that are not {@code Input} tensors, duplicate names.
   */
  public static FunctionalGraph of(
      String modelName, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
    String where = "Model '" + modelName + "': ";
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException(where + "needs at least one input");
    }
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException(where + "needs at least one output");
    }
    Set<SymbolicTensor> inputSet = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Set<String> inputNames = new HashSet<>();
    for (SymbolicTensor in : inputs) {
      if (in == null) {
        throw new IllegalArgumentException(where + "an input is null");
      }
      if (!in.node().isInput()) {
        throw new IllegalArgumentException(
            where + "inputs must be tensors made by Input.of(...), but " + in + " comes from layer '"
                + in.layer().name() + "'");
      }
      if (!inputSet.add(in)) {
        throw new IllegalArgumentException(where + "input '" + in.layer().name() + "' is given twice");
      }
      if (!inputNames.add(in.layer().name())) {
        throw new IllegalArgumentException(
            where + "two inputs are named '" + in.layer().name() + "'; input names must be unique");
      }
    }
    for (SymbolicTensor out : outputs) {
      if (out == null) {
        throw new IllegalArgumentException(where + "an output is null");
      }
    }

    // _build_map: depth-first from each output.
    List<Node> nodesInDecreasingDepth = new ArrayList<>();
    Map<Layer, Integer> layerIndices = new IdentityHashMap<>();
    Set<Node> finished = new HashSet<>();
    Set<Node> inProgress = new HashSet<>();
    for (SymbolicTensor out : outputs) {
      buildMapHelper(inputSet, out, finished, inProgress, nodesInDecreasingDepth, layerIndices);
    }

    Map<Node, Integer> nodeDepths = new LinkedHashMap<>();
    Map<Layer, Integer> layerDepths = new LinkedHashMap<>();
    for (int i = nodesInDecreasingDepth.size() - 1; i >= 0; i--) {
      Node node = nodesInDecreasingDepth.get(i);
      int depth = nodeDepths.computeIfAbsent(node, n -> 0);
      int previous = layerDepths.getOrDefault(node.layer(), 0);
      depth = Math.max(depth, previous);
      layerDepths.put(node.layer(), depth);
      nodeDepths.put(node, depth);
      if (!node.isInput() && !isGraphInput(node, inputSet)) {
        for (Node parent : node.parentNodes()) {
          int prev = nodeDepths.getOrDefault(parent, 0);
          nodeDepths.put(parent, Math.max(depth + 1, prev));
        }
      }
    }

    Map<Integer, List<Node>> nodesByDepth = new TreeMap<>();
    for (Map.Entry<Node, Integer> e : nodeDepths.entrySet()) {
      nodesByDepth.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
    }
    Map<Integer, List<Layer>> layersByDepth = new TreeMap<>(Comparator.reverseOrder());
    for (Map.Entry<Layer, Integer> e : layerDepths.entrySet()) {
      layersByDepth.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
    }
    List<Layer> layers = new ArrayList<>();
    for (List<Layer> atDepth : layersByDepth.values()) {
      atDepth.sort(Comparator.comparingInt(layerIndices::get));
      layers.addAll(atDepth);
    }

    // Every tensor a node needs must be computable from the inputs.
    Set<SymbolicTensor> computable = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    computable.addAll(inputs);
    List<Integer> depthKeys = new ArrayList<>(nodesByDepth.keySet());
    depthKeys.sort(Comparator.reverseOrder());
    List<String> reached = new ArrayList<>();
    for (int d : depthKeys) {
      for (Node node : nodesByDepth.get(d)) {
        if (node.isInput() && !inputSet.contains(node.outputs().get(0))) {
          throw new IllegalArgumentException(
              where + "graph disconnected: output depends on input '" + node.layer().name() + "' "
                  + describeShape(node.outputs().get(0))
                  + ", which is not among the model's inputs " + names(inputs));
        }
        for (SymbolicTensor x : node.inputs()) {
          if (!computable.contains(x)) {
            throw new IllegalArgumentException(
                where + "graph disconnected: cannot compute " + x + " needed by layer '"
                    + node.layer().name() + "' from the inputs " + names(inputs)
                    + "; layers reached without issue: " + reached);
          }
        }
        reached.add(node.layer().name());
        computable.addAll(node.outputs());
      }
    }

    // Checked after disconnection, so that an output computed from another input is reported as such.
    // Keras lets unused inputs through (they may feed losses); the model language has no such use, so an
    // unused input is a mistake worth naming.
    for (SymbolicTensor in : inputs) {
      if (!layerDepths.containsKey(in.layer())) {
        throw new IllegalArgumentException(
            where + "input '" + in.layer().name() + "' " + describeShape(in)
                + " is not used to compute any output");
      }
    }

    Map<String, Layer> byName = new HashMap<>();
    for (Layer layer : layers) {
      Layer other = byName.put(layer.name(), layer);
      if (other != null) {
        throw new IllegalArgumentException(
            where + "the name '" + layer.name() + "' is used by two layers (" + other.className() + " and "
                + layer.className() + "); layer names must be unique within a model");
      }
    }

    Map<Integer, ImmutableList<Node>> frozen = new LinkedHashMap<>();
    nodesByDepth.forEach((k, v) -> frozen.put(k, ImmutableList.copyOf(v)));
    return new FunctionalGraph(inputs, outputs, layers, frozen, new LinkedHashSet<>(nodeDepths.keySet()));
  }

  private static boolean isGraphInput(Node node, Set<SymbolicTensor> inputSet) {
    for (SymbolicTensor t : node.outputs()) {
      if (inputSet.contains(t)) {
        return true;
      }
    }
    return false;
  }

  private static void buildMapHelper(
      Set<SymbolicTensor> inputs,
      SymbolicTensor tensor,
      Set<Node> finished,
      Set<Node> inProgress,
      List<Node> nodesInDecreasingDepth,
      Map<Layer, Integer> layerIndices) {
    Node node = tensor.node();
    if (finished.contains(node)) {
      return;
    }
    if (inProgress.contains(node)) {
      throw new IllegalArgumentException(
          "Tensor " + tensor + " from layer '" + node.layer().name() + "' is part of a cycle");
    }
    layerIndices.putIfAbsent(node.layer(), layerIndices.size());
    inProgress.add(node);
    if (!node.isInput() && !inputs.contains(tensor)) {
      for (SymbolicTensor in : node.inputs()) {
        buildMapHelper(inputs, in, finished, inProgress, nodesInDecreasingDepth, layerIndices);
      }
    }
    finished.add(node);
    inProgress.remove(node);
    nodesInDecreasingDepth.add(node);
  }

  private static String describeShape(SymbolicTensor t) {
    return io.jkeras.util.Shapes.format(t.shape());
  }

  private static List<String> names(List<SymbolicTensor> tensors) {
    List<String> out = new ArrayList<>();
    for (SymbolicTensor t : tensors) {
      out.add(t.layer().name());
    }
    return out;
  }
}
