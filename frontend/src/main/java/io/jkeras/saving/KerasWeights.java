package io.jkeras.saving;

import io.jkeras.DType;
import io.jkeras.Model;
import io.jkeras.Variable;
import io.jkeras.layers.Layer;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras 3's weights file ({@code model.weights.h5} inside a {@code .keras} archive, or a {@code .weights.h5}
 * file): the HDF5 tree {@link KerasLayout} describes, built from jkeras' weights and optimizer state and read back
 * into them. Reading checks every weight (presence, count, shape) before returning anything.
 */
final class KerasWeights {
  private static final System.Logger LOG = System.getLogger(KerasWeights.class.getName());
  static final String OPTIMIZER_VARS = "optimizer/vars";

  private KerasWeights() {}

  // ---------------------------------------------------------------- writing

  /**
   * The HDF5 tree of {@code model}'s weights and, when {@code state} is given, of its optimizer's variables.
   *
   * @param weights every weight by path ({@code dense/kernel})
   * @param state the optimizer state, or {@code null} for weights only
   * @param optimizer the compiled optimizer (needed with {@code state})
   */
  static Hdf5.Group tree(Model model, Map<String, float[]> weights, ModelArchive.TrainingState state,
      Optimizer optimizer, String what, Path path) throws SavingException {
    Hdf5.Group root = new Hdf5.Group();
    for (KerasLayout.Entry e : KerasLayout.entries(model)) {
      if (e.variables().isEmpty()) {
        continue; // Keras writes an empty group here; Hdf5 leaves empty groups out (a jhdf writer bug)
      }
      Hdf5.Group vars = root.group(e.path() + "/vars");
      vars.attributes.put("name", e.name());
      List<Variable> list = e.variables();
      for (int i = 0; i < list.size(); i++) {
        Variable v = list.get(i);
        float[] values = weights.get(v.path());
        if (values == null || values.length != v.size()) {
          throw new SavingException(path, what + ": the runtime gave " + (values == null ? "no values"
              : values.length + " values") + " for weight '" + v.path() + "' of size " + v.size());
        }
        vars.put(Integer.toString(i), array(v, values));
      }
    }
    if (state != null) {
      optimizerVars(root, model, state, optimizer);
    }
    return root;
  }

  private static Npz.Array array(Variable v, float[] values) {
    long[] shape = v.shape().asArray();
    if (v.dtype() == DType.INT64 || v.dtype() == DType.INT32) {
      long[] l = new long[values.length]; // Keras keeps Normalization's count as an int64
      for (int i = 0; i < l.length; i++) {
        l[i] = Math.round(values[i]);
      }
      return new Npz.Array(shape, null, l);
    }
    return Npz.Array.ofFloats(values, shape);
  }

  private static void optimizerVars(Hdf5.Group root, Model model, ModelArchive.TrainingState state,
      Optimizer optimizer) {
    Hdf5.Group vars = root.group(OPTIMIZER_VARS);
    vars.attributes.put("name", optimizer.kerasName());
    int i = 0;
    vars.put(Integer.toString(i++), Npz.Array.scalar(state.iterations()));
    if (optimizer.schedule().isEmpty()) {
      double lr = state.learningRate() != null ? state.learningRate() : optimizer.learningRate();
      vars.put(Integer.toString(i++), Npz.Array.scalar((float) lr));
    }
    List<KerasLayout.Slot> slots;
    try {
      slots = KerasLayout.optimizerSlots(optimizer, trainableWeights(model));
    } catch (UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.WARNING, "Model ''{0}'': {1}; only the iteration count and learning rate of"
          + " the optimizer are saved", model.name(), e.getMessage());
      return;
    }
    for (KerasLayout.Slot s : slots) {
      float[] values = state.variables().get(s.runtimeName());
      long[] shape = s.weight() == null ? new long[0] : s.weight().shape().asArray();
      if (values == null || values.length != Npz.size(shape)) {
        // A weight the loss does not reach has no slot in jkeras' runtime; Keras keeps its initial value.
        values = new float[Math.toIntExact(Npz.size(shape))];
        Arrays.fill(values, initialValue(optimizer, s.kind()));
      }
      vars.put(Integer.toString(i++), Npz.Array.ofFloats(values, shape));
    }
  }

  /** The model's trainable weights; a Sequential lists them once its graph is made (Sequential.graph()). */
  private static List<Variable> trainableWeights(Model model) {
    model.graph();
    return model.trainableWeights();
  }

  private static float initialValue(Optimizer optimizer, String kind) {
    if (kind.equals("u_product")) {
      return 1f;
    }
    if (kind.equals("accumulator") && optimizer instanceof Adagrad a) {
      return (float) a.initialAccumulatorValue();
    }
    return 0f;
  }

  // ---------------------------------------------------------------- reading

  /**
   * The weights of {@code model} in a Keras 3 weights tree, by path; every weight checked.
   *
   * @throws SavingException naming the layer (and weight, with both shapes) that does not fit, or a group of
   *     the file the model has no layer for
   */
  static Map<String, float[]> read(Model model, Hdf5.Group root, Path path, String what) throws SavingException {
    if (!KerasLayout.weightGroups(model).isEmpty() && fileGroups(root).isEmpty()
        && root.getGroup("layers") == null) {
      throw new SavingException(path, what + ": neither a Keras nor a jkeras weights file (HDF5 without Keras'"
          + " layers/<layer>/vars groups or the legacy layer_names; its top level holds "
          + new ArrayList<>(root.children.keySet()) + ")");
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, List<Variable>> groups = KerasLayout.weightGroups(model);
    for (Map.Entry<String, List<Variable>> e : groups.entrySet()) {
      List<Variable> vars = e.getValue();
      Layer layer = vars.get(0).layer();
      String layerDesc = "layer '" + layer.name() + "' (" + layer.className() + ", saved under '" + e.getKey()
          + "')";
      Hdf5.Group g = root.getGroup(e.getKey() + "/vars");
      int held = g == null ? 0 : datasetCount(g);
      if (held == 0) {
        throw new SavingException(path, what + ": the file has no weights for " + layerDesc + ", which has "
            + vars.size() + " weight(s); the file holds weights for " + fileGroups(root));
      }
      if (held != vars.size()) {
        throw new SavingException(path, what + ": " + layerDesc + " has " + vars.size() + " weight(s) ("
            + names(vars) + ") but the file holds " + held + " for it");
      }
      for (int i = 0; i < vars.size(); i++) {
        Variable v = vars.get(i);
        Object o = g.children.get(Integer.toString(i));
        if (!(o instanceof Npz.Array a)) {
          throw new SavingException(path, what + ": " + layerDesc + ": the file has no dataset '" + e.getKey()
              + "/vars/" + i + "' for weight '" + v.name() + "'");
        }
        out.put(v.path(), checked(v, a, layerDesc, path, what));
      }
    }
    Set<String> known = new LinkedHashSet<>();
    groups.keySet().forEach(k -> known.add(k + "/vars"));
    for (String g : fileGroups(root)) {
      if (!known.contains(g)) {
        throw new SavingException(path, what + ": the file holds weights under '" + g + "', which model '"
            + model.name() + "' has no layer for; its layers with weights are saved under "
            + groups.keySet());
      }
    }
    return out;
  }

  /** The values of {@code a} for weight {@code v}, after checking the shape; ints become floats. */
  static float[] checked(Variable v, Npz.Array a, String layerDesc, Path path, String what)
      throws SavingException {
    long[] want = v.shape().asArray();
    if (!Arrays.equals(want, a.shape())) {
      throw new SavingException(path, what + ": " + layerDesc + ", weight '" + v.name() + "' has shape "
          + Npz.pythonTuple(want) + " in the model but " + a.shapeString() + " in the file");
    }
    if (a.isFloat()) {
      return a.floats();
    }
    float[] f = new float[a.longs().length];
    for (int i = 0; i < f.length; i++) {
      f[i] = a.longs()[i];
    }
    return f;
  }

  private static int datasetCount(Hdf5.Group g) {
    int n = 0;
    for (Object o : g.children.values()) {
      if (o instanceof Npz.Array) {
        n++;
      }
    }
    return n;
  }

  /** The {@code .../vars} groups of the file that hold datasets, optimizer's excluded. */
  static List<String> fileGroups(Hdf5.Group root) {
    List<String> out = new ArrayList<>();
    collect(root, "", out);
    out.remove(OPTIMIZER_VARS);
    return out;
  }

  private static void collect(Hdf5.Group g, String prefix, List<String> out) {
    if (prefix.endsWith("vars") && datasetCount(g) > 0) {
      out.add(prefix);
    }
    for (Map.Entry<String, Object> e : g.children.entrySet()) {
      if (e.getValue() instanceof Hdf5.Group child) {
        collect(child, prefix.isEmpty() ? e.getKey() : prefix + "/" + e.getKey(), out);
      }
    }
  }

  private static String names(List<Variable> vars) {
    List<String> n = new ArrayList<>();
    vars.forEach(v -> n.add(v.name()));
    return String.join(", ", n);
  }

  /**
   * The optimizer state in {@code optimizer/vars} for {@code optimizer} on {@code model}, or {@code null} when
   * the file has none. A file whose optimizer variables do not match this optimizer's layout is skipped with a
   * warning, as Keras does ("Skipping variable loading for optimizer").
   */
  static ModelArchive.TrainingState readState(Model model, Optimizer optimizer, Hdf5.Group root, Path path,
      String what) throws SavingException {
    Hdf5.Group g = root.getGroup(OPTIMIZER_VARS);
    if (g == null || datasetCount(g) == 0) {
      return null;
    }
    List<Npz.Array> values = new ArrayList<>();
    for (int i = 0; g.children.get(Integer.toString(i)) instanceof Npz.Array a; i++) {
      values.add(a);
    }
    return state(model, optimizer, values, path, what);
  }

  /** The optimizer state in Keras' variable order ({@code optimizer.variables}); shared with legacy files. */
  static ModelArchive.TrainingState state(Model model, Optimizer optimizer, List<Npz.Array> values, Path path,
      String what) throws SavingException {
    boolean hasRate = optimizer.schedule().isEmpty();
    int head = hasRate ? 2 : 1;
    Npz.Array it = values.get(0);
    if (it.isFloat() || it.longs().length != 1) {
      throw new SavingException(path, what + ": the optimizer's first variable (iteration) must be one integer,"
          + " got " + (it.isFloat() ? "floats" : "integers") + " of shape " + it.shapeString());
    }
    Double lr = null;
    if (hasRate && values.size() >= 2) {
      Npz.Array a = values.get(1);
      lr = a.isFloat() ? (double) a.floats()[0] : (double) a.longs()[0];
    }
    Map<String, float[]> vars = new LinkedHashMap<>();
    if (values.size() > head) {
      List<KerasLayout.Slot> slots;
      try {
        slots = KerasLayout.optimizerSlots(optimizer, trainableWeights(model));
      } catch (UnsupportedOperationException e) {
        LOG.log(System.Logger.Level.WARNING, "{0}: {1}; the optimizer starts fresh", what, e.getMessage());
        return null;
      }
      if (values.size() != head + slots.size()) {
        LOG.log(System.Logger.Level.WARNING, "{0}: skipping the optimizer''s variables: {1} has {2} variables"
            + " for this model, the file {3}; the optimizer starts fresh", what, optimizer.className(),
            head + slots.size(), values.size());
        return null;
      }
      for (int i = 0; i < slots.size(); i++) {
        KerasLayout.Slot s = slots.get(i);
        Npz.Array a = values.get(head + i);
        long[] want = s.weight() == null ? new long[0] : s.weight().shape().asArray();
        if (!a.isFloat() || !Arrays.equals(want, a.shape())) {
          throw new SavingException(path, what + ": optimizer variable " + (head + i) + " ("
              + s.runtimeName() + ") has shape " + Npz.pythonTuple(want) + " in the model but "
              + a.shapeString() + " in the file");
        }
        vars.put(s.runtimeName(), a.floats());
      }
    }
    return new ModelArchive.TrainingState(it.longs()[0], lr, vars);
  }
}
