package io.jkeras.tf;

import io.jkeras.DType;
import io.jkeras.layers.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The TF variables of a model: one ref {@code Variable<TFloat32>} per model weight, in {@code
 * model.weights()} order, named by the Keras path ({@code conv2d/kernel}) through sub-scopes, each with a
 * placeholder and an assign op through which initial values and {@code setWeights} are fed (no large graph
 * constants).
 */
final class TfVariables {
  /** Seed of the initial weights when {@link io.jkeras.backend.RuntimeOptions} gives none. */
  static final long DEFAULT_SEED = 1337L;

  final List<io.jkeras.Variable> weights;
  final List<Variable<TFloat32>> variables = new ArrayList<>();
  final List<Placeholder<TFloat32>> values = new ArrayList<>();
  final List<Assign<TFloat32>> assigns = new ArrayList<>();
  private final Map<io.jkeras.Variable, Integer> index = new IdentityHashMap<>();
  private final Map<String, Integer> byPath = new LinkedHashMap<>();

  TfVariables(Ops root, List<io.jkeras.Variable> modelWeights) {
    List<io.jkeras.Variable> distinct = new ArrayList<>();
    java.util.Set<io.jkeras.Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (io.jkeras.Variable w : modelWeights) {
      if (seen.add(w)) {
        distinct.add(w);
      }
    }
    this.weights = List.copyOf(distinct);
    Map<Layer, Ops> layerScopes = new IdentityHashMap<>();
    Map<Layer, Ops> initScopes = new IdentityHashMap<>();
    Map<Layer, Map<String, Ops>> subScopes = new IdentityHashMap<>();
    Map<Layer, Map<String, Ops>> initSubScopes = new IdentityHashMap<>();
    Ops initRoot = root.withSubScope("jkeras_assign");
    for (io.jkeras.Variable w : weights) {
      // Integer bookkeeping weights (Normalization's count) are held as float32 too: no maths reads them.
      if (w.dtype() != DType.FLOAT32 && !(w.trainable() == false && isInteger(w.dtype()))) {
        throw new IllegalArgumentException(
            "Weight '" + w.path() + "' has dtype " + w.dtype().kerasName()
                + "; the TensorFlow runtime supports float32 weights only");
      }
      Ops scope = layerScopes.computeIfAbsent(w.layer(), l -> root.withSubScope(l.name()));
      Ops initScope = initScopes.computeIfAbsent(w.layer(), l -> initRoot.withSubScope(l.name()));
      // A weight of a sublayer ("query/kernel", Keras' MultiHeadAttention) gets one sub-scope per '/'. TF makes
      // a sub-scope name unique at each withSubScope call ("query", then "query_1"), so each sub-scope is made
      // once and reused: query/kernel and query/bias, as Keras names them (and the optimizer slots after them).
      String[] parts = w.name().split("/");
      String leaf = parts[parts.length - 1];
      String prefix = "";
      for (int i = 0; i < parts.length - 1; i++) {
        prefix += parts[i] + "/";
        Ops parent = scope;
        Ops parentInit = initScope;
        String part = parts[i];
        scope = subScopes.computeIfAbsent(w.layer(), l -> new java.util.HashMap<>())
            .computeIfAbsent(prefix, k -> parent.withSubScope(part));
        initScope = initSubScopes.computeIfAbsent(w.layer(), l -> new java.util.HashMap<>())
            .computeIfAbsent(prefix, k -> parentInit.withSubScope(part));
      }
      Variable<TFloat32> v = scope.withInitScope().withName(leaf).variable(w.shape(), TFloat32.class);
      Placeholder<TFloat32> value =
          initScope.withName(leaf).placeholder(TFloat32.class, Placeholder.shape(w.shape()));
      Assign<TFloat32> assign = initScope.withName(leaf + "_assign").assign(v, value);
      index.put(w, variables.size());
      if (byPath.putIfAbsent(w.path(), variables.size()) != null) {
        throw new IllegalArgumentException(
            "Two weights of the model have the path '" + w.path() + "': give the layers distinct names");
      }
      variables.add(v);
      values.add(value);
      assigns.add(assign);
    }
  }

  private static boolean isInteger(DType t) {
    return t == DType.INT32 || t == DType.INT64;
  }

  int size() {
    return variables.size();
  }

  Variable<TFloat32> of(io.jkeras.Variable weight) {
    Integer i = index.get(weight);
    if (i == null) {
      throw new IllegalStateException("Weight '" + weight.path() + "' is not a weight of the lowered model");
    }
    return variables.get(i);
  }

  /** Position of the weight with this path, or -1. */
  int indexOf(String path) {
    return byPath.getOrDefault(path, -1);
  }

  List<String> paths() {
    return Collections.unmodifiableList(new ArrayList<>(byPath.keySet()));
  }

  /**
   * Initial values of every weight from its initializer: each weight draws from its own stream split off one
   * seeded generator, in weight order, so the same seed always gives the same weights.
   */
  List<float[]> initialValues(long seed) {
    SplittableRandom parent = new SplittableRandom(seed);
    List<float[]> out = new ArrayList<>();
    for (io.jkeras.Variable w : weights) {
      float[] v = w.initializer().generate(w.shape(), parent.split());
      if (v.length != w.size()) {
        throw new IllegalStateException("Initializer " + w.initializer().className() + " gave " + v.length
            + " values for weight '" + w.path() + "' of size " + w.size());
      }
      out.add(v);
    }
    return out;
  }
}
