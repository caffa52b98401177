package io.jkeras.tf;

import io.jkeras.backend.Batch;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunMetadata;

/**
 * What TensorFlow actually ran for one training step: the partition graphs of a traced step (after grappler, the
 * bfloat16 rewrite and XLA clustering), for tests that must show a switch engaged rather than trust the config.
 */
final class StepTrace {
  final Map<String, Integer> opCounts = new TreeMap<>();
  /** Nodes with a bfloat16 type attribute (T, DstT, ...): ops that compute or cast in bfloat16. */
  int bfloat16Nodes;

  private final List<GraphDef> graphs;

  private StepTrace(RunMetadata metadata) {
    if (metadata == null || metadata.getPartitionGraphsCount() == 0) {
      throw new AssertionError("the traced step returned no partition graphs");
    }
    graphs = metadata.getPartitionGraphsList();
    for (GraphDef g : graphs) {
      for (NodeDef n : g.getNodeList()) {
        opCounts.merge(n.getOp(), 1, Integer::sum);
        for (AttrValue a : n.getAttrMap().values()) {
          if (a.getType() == DataType.DT_BFLOAT16) {
            bfloat16Nodes++;
            break;
          }
        }
      }
    }
  }

  /** Runs one training step on {@code batch} with tracing on and returns what ran. */
  static StepTrace ofTrainStep(TfModelRuntime rt, Batch batch) {
    rt.traceSteps(true);
    try {
      rt.trainStep(batch);
      return new StepTrace(rt.lastRunMetadata());
    } finally {
      rt.traceSteps(false);
    }
  }

  /**
   * Pairs of ops of the step that touch the same ref variable, at least one writing it, with neither waiting for
   * the other (no path of data or control edges between them): their order, and so the result, is up to the
   * scheduler when several inter-op threads run the step. Empty means no run can differ through scheduling.
   */
  List<String> races() {
    List<String> out = new ArrayList<>();
    for (GraphDef g : graphs) {
      out.addAll(races(g));
    }
    return out;
  }

  /** {@link #races()} of one graph (also used on hand-built graphs). */
  static List<String> races(GraphDef g) {
    Map<String, NodeDef> byName = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (NodeDef n : g.getNodeList()) {
      byName.put(n.getName(), n);
      names.add(n.getName());
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    BitSet[] ancestors = new BitSet[names.size()];
    // Accesses per variable: node name and whether it writes.
    Map<String, List<Map.Entry<String, Boolean>>> accesses = new TreeMap<>();
    for (NodeDef n : g.getNodeList()) {
      if (n.getOp().startsWith("Variable")) {
        continue;
      }
      boolean writer = isWriter(n.getOp());
      for (String in : n.getInputList()) {
        if (in.startsWith("^")) {
          continue;
        }
        String v = variableOf(in, byName);
        if (v != null) {
          accesses.computeIfAbsent(v, k -> new ArrayList<>()).add(Map.entry(n.getName(), writer));
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<Map.Entry<String, Boolean>>> e : accesses.entrySet()) {
      List<Map.Entry<String, Boolean>> a = e.getValue();
      for (int i = 0; i < a.size(); i++) {
        for (int j = i + 1; j < a.size(); j++) {
          if (!a.get(i).getValue() && !a.get(j).getValue() || a.get(i).getKey().equals(a.get(j).getKey())) {
            continue;
          }
          int x = index.get(a.get(i).getKey());
          int y = index.get(a.get(j).getKey());
          if (!ancestors(x, g, names, index, ancestors).get(y) && !ancestors(y, g, names, index, ancestors).get(x)) {
            out.add(e.getKey() + ": " + a.get(i).getKey() + " / " + a.get(j).getKey());
          }
        }
      }
    }
    return out;
  }

  private static boolean isWriter(String op) {
    return op.startsWith("Assign") || op.startsWith("Apply") || op.startsWith("Scatter")
        || op.startsWith("ResourceApply") || op.startsWith("ResourceScatter");
  }

  /** The ref variable an input reads or writes: the variable itself or a writer's ref output; else null. */
  private static String variableOf(String input, Map<String, NodeDef> byName) {
    String[] parts = input.split(":");
    NodeDef n = byName.get(parts[0]);
    if (n == null || (parts.length > 1 && !parts[1].equals("0"))) {
      return null;
    }
    if (n.getOp().startsWith("Variable")) {
      return n.getName();
    }
    if (isWriter(n.getOp()) && n.getInputCount() > 0) {
      return variableOf(n.getInput(0), byName);
    }
    return null;
  }

  private static BitSet ancestors(int i, GraphDef g, List<String> names, Map<String, Integer> index,
      BitSet[] memo) {
    if (memo[i] != null) {
      return memo[i];
    }
    BitSet b = new BitSet();
    memo[i] = b; // graphs are acyclic; this also stops a malformed cycle
    for (String in : g.getNode(i).getInputList()) {
      String name = (in.startsWith("^") ? in.substring(1) : in).split(":")[0];
      Integer j = index.get(name);
      if (j != null) {
        b.set(j);
        b.or(ancestors(j, g, names, index, memo));
      }
    }
    return b;
  }

  int count(String op) {
    return opCounts.getOrDefault(op, 0);
  }

  @Override
  public String toString() {
    return "bfloat16 nodes " + bfloat16Nodes + ", ops " + opCounts;
  }
}
