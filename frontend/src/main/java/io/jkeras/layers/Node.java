package io.jkeras.layers;

import com.google.common.collect.ImmutableList;
import io.jkeras.SymbolicTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of a layer on symbolic tensors: the layer, the tensors it was called on and the tensors it made.
 * A layer applied twice (a shared layer) has two nodes and one set of weights.
 */
public final class Node {
  private final Layer layer;
  private final ImmutableList<SymbolicTensor> inputs;
  private ImmutableList<SymbolicTensor> outputs = ImmutableList.of();
  // Keyword call arguments (Keras' node kwargs) of a call made with Layer.applyCall; null for plain calls.
  private final Map<String, Object> callArguments;
  private final int positionalCount;

  Node(Layer layer, List<SymbolicTensor> inputs) {
    this.layer = layer;
    this.inputs = ImmutableList.copyOf(inputs);
    this.callArguments = null;
    this.positionalCount = inputs.size();
  }

  Node(Layer layer, List<SymbolicTensor> inputs, int positionalCount, Map<String, Object> callArguments) {
    this.layer = layer;
    this.inputs = ImmutableList.copyOf(inputs);
    this.positionalCount = positionalCount;
    this.callArguments = Collections.unmodifiableMap(new LinkedHashMap<>(callArguments));
  }

  /**
   * Whether the layer was called with separate positional arguments and keyword arguments ({@link
   * Layer#applyCall}), as Keras' {@code mha(query, value, use_causal_mask=True)}; plain calls take one tensor or
   * one list.
   */
  public boolean hasCallArguments() {
    return callArguments != null;
  }

  /**
   * The keyword call arguments in call order: {@link SymbolicTensor}s (which are also among {@link #inputs()},
   * after the positional ones) or plain values ({@code Boolean}, numbers, strings); empty for plain calls.
   */
  public Map<String, Object> callArguments() {
    return callArguments == null ? Map.of() : callArguments;
  }

  /** How many of {@link #inputs()} were positional arguments; the rest are keyword tensors. */
  public int positionalInputCount() {
    return positionalCount;
  }

  void setOutputs(List<SymbolicTensor> outputs) {
    this.outputs = ImmutableList.copyOf(outputs);
  }

  public Layer layer() {
    return layer;
  }

  /** The tensors this node consumed; empty for an {@link InputLayer}'s node. */
  public List<SymbolicTensor> inputs() {
    return inputs;
  }

  public List<SymbolicTensor> outputs() {
    return outputs;
  }

  /** Whether this is the node of an {@link InputLayer}. */
  public boolean isInput() {
    return inputs.isEmpty();
  }

  /** Position of this node among its layer's inbound nodes. */
  public int nodeIndex() {
    return layer.inboundNodes().indexOf(this);
  }

  /** The nodes that produced this node's inputs. */
  public List<Node> parentNodes() {
    return inputs.stream().map(SymbolicTensor::node).collect(ImmutableList.toImmutableList());
  }

  @Override
  public String toString() {
    return "Node(" + layer.name() + ")";
  }
}
