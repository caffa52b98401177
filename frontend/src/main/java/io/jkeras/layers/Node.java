package io.jkeras.layers;

import com.google.common.collect.ImmutableList;
import io.jkeras.SymbolicTensor;
import java.util.List;

/**
 * One call of a layer on symbolic tensors: the layer, the tensors it was called on and the tensors it made.
 * A layer applied twice (a shared layer) has two nodes and one set of weights.
 */
public final class Node {
  private final Layer layer;
  private final ImmutableList<SymbolicTensor> inputs;
  private ImmutableList<SymbolicTensor> outputs = ImmutableList.of();

  Node(Layer layer, List<SymbolicTensor> inputs) {
    this.layer = layer;
    this.inputs = ImmutableList.copyOf(inputs);
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
