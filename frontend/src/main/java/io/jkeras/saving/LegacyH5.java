package io.jkeras.saving;

import io.jkeras.Model;
import io.jkeras.Variable;
import io.jkeras.layers.Layer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' legacy HDF5 format ({@code model.save("model.h5")} in Keras 2 and Keras 3's {@code legacy_h5_format}):
 * root attributes {@code model_config} and {@code training_config} (JSON), a group {@code model_weights} whose
 * attribute {@code layer_names} lists the layers and, per layer, a group whose attribute {@code weight_names}
 * lists its datasets ({@code dense/kernel:0} in Keras 2, {@code dense/kernel} in Keras 3), and {@code
 * optimizer_weights}. Weights-only files ({@code save_weights("w.h5")} in Keras 2) have the layer groups at the
 * root. As Keras' {@code load_weights_from_hdf5_group}, layers are matched by position among the layers that have
 * weights, weights by position in the legacy order (trainable, then non-trainable).
 */
final class LegacyH5 {
  private LegacyH5() {}

  /** Whether {@code root} is laid out in the legacy format (rather than Keras 3's {@code layers/...}). */
  static boolean isLegacy(Hdf5.Group root) {
    return root.attributes.containsKey("layer_names") || root.attributes.containsKey("layer_names0")
        || root.getGroup("model_weights") != null;
  }

  /** The group holding the layer groups: {@code model_weights} in model files, the root in weights files. */
  static Hdf5.Group weightsGroup(Hdf5.Group root) {
    Hdf5.Group g = root.getGroup("model_weights");
    return g != null ? g : root;
  }

  /**
   * The weights of {@code model} in a legacy weights group, by path; every weight checked before returning.
   *
   * @throws SavingException naming the layers (the model's and the file's) and weights that do not fit
   */
  static Map<String, float[]> read(Model model, Hdf5.Group group, Path path, String what) throws SavingException {
    List<String> fileLayers = new ArrayList<>();
    for (String name : group.stringsAttribute("layer_names")) {
      Hdf5.Group g = group.getGroup(name);
      if (g == null) {
        throw new SavingException(path, what + ": layer_names lists '" + name + "' but the file has no group"
            + " for it");
      }
      if (!g.stringsAttribute("weight_names").isEmpty()) {
        fileLayers.add(name);
      }
    }
    List<Layer> layers = new ArrayList<>();
    for (Layer l : model.layers()) {
      if (!KerasLayout.legacyWeights(l).isEmpty()) {
        layers.add(l);
      }
    }
    if (fileLayers.size() != layers.size()) {
      List<String> names = new ArrayList<>();
      layers.forEach(l -> names.add(l.name()));
      throw new SavingException(path, what + ": the file holds weights for " + fileLayers.size() + " layer(s) "
          + fileLayers + " but model '" + model.name() + "' has " + layers.size() + " layer(s) with weights "
          + names + " (legacy .h5 files are matched by layer position)");
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (int k = 0; k < layers.size(); k++) {
      Layer layer = layers.get(k);
      String fileName = fileLayers.get(k);
      Hdf5.Group g = group.getGroup(fileName);
      List<String> weightNames = g.stringsAttribute("weight_names");
      List<Variable> vars = KerasLayout.legacyWeights(layer);
      String layerDesc = "layer #" + k + " '" + layer.name() + "' (" + layer.className() + "; '" + fileName
          + "' in the file)";
      if (weightNames.size() != vars.size()) {
        throw new SavingException(path, what + ": " + layerDesc + " has " + vars.size() + " weight(s) but the"
            + " file holds " + weightNames.size() + " for it: " + weightNames);
      }
      for (int i = 0; i < vars.size(); i++) {
        if (!(g.get(weightNames.get(i)) instanceof Npz.Array a)) {
          throw new SavingException(path, what + ": " + layerDesc + ": the file has no dataset '"
              + weightNames.get(i) + "' that weight_names lists");
        }
        out.put(vars.get(i).path(), KerasWeights.checked(vars.get(i), a, layerDesc, path, what));
      }
    }
    return out;
  }

  /** The optimizer variables of a legacy model file in {@code weight_names} order, or {@code null}. */
  static List<Npz.Array> optimizerValues(Hdf5.Group root) {
    Hdf5.Group g = root.getGroup("optimizer_weights");
    if (g == null) {
      return null;
    }
    List<Npz.Array> out = new ArrayList<>();
    for (String name : g.stringsAttribute("weight_names")) {
      if (!(g.get(name) instanceof Npz.Array a)) {
        return null;
      }
      out.add(a);
    }
    return out.isEmpty() ? null : out;
  }

  // ---------------------------------------------------------------- Keras 2 model configs

  /**
   * A Keras 2 {@code model_config} in Keras 3's form, as Keras 3's legacy loader reads it ({@code
   * saving_utils.model_from_config}, {@code functional.deserialize_node}): {@code batch_input_shape} becomes an
   * InputLayer's {@code batch_shape} (a Sequential's first layer gets an InputLayer before it), a one-element
   * {@code axis} list becomes its element, and list-style inbound nodes ({@code [[["dense_1", 0, 0, {}]]]})
   * become {@code {"args": [...], "kwargs": {...}}}. Keras 3 configs pass through unchanged.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> keras3Config(Map<String, Object> entry) {
    Map<String, Object> out = new LinkedHashMap<>(entry);
    String cn = String.valueOf(entry.get("class_name"));
    if (!(entry.get("config") instanceof Map<?, ?> c)) {
      return out;
    }
    Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) c);
    out.put("config", config);
    if (cn.equals("Sequential") || cn.equals("Functional") || cn.equals("Model")) {
      List<Object> layers = new ArrayList<>();
      boolean first = true;
      for (Object o : config.get("layers") instanceof List<?> l ? l : List.of()) {
        if (!(o instanceof Map<?, ?> m)) {
          layers.add(o);
          continue;
        }
        Map<String, Object> layer = keras3Config((Map<String, Object>) m);
        Map<String, Object> lc = layer.get("config") instanceof Map<?, ?> x ? (Map<String, Object>) x : Map.of();
        if (cn.equals("Sequential") && first && lc.get("batch_input_shape") instanceof List<?> shape
            && !"InputLayer".equals(layer.get("class_name"))) {
          Map<String, Object> inputConfig = new LinkedHashMap<>();
          inputConfig.put("batch_shape", shape);
          inputConfig.put("dtype", lc.get("dtype") instanceof String d ? d : "float32");
          inputConfig.put("name", lc.get("name") + "_input");
          layers.add(Map.of("class_name", "InputLayer", "config", inputConfig));
        }
        lc.remove("batch_input_shape");
        if (layer.get("inbound_nodes") instanceof List<?> nodes) {
          List<Object> converted = new ArrayList<>();
          nodes.forEach(n -> converted.add(n instanceof List<?> legacy ? node(legacy) : n));
          layer.put("inbound_nodes", converted);
        }
        layers.add(layer);
        first = false;
      }
      config.put("layers", layers);
      return out;
    }
    if (cn.equals("InputLayer") && config.containsKey("batch_input_shape")) {
      config.put("batch_shape", config.remove("batch_input_shape"));
    } // another layer's batch_input_shape is the enclosing Sequential's business
    if (config.get("axis") instanceof List<?> axis && axis.size() == 1) {
      config.put("axis", axis.get(0));
    }
    for (String wrapped : List.of("layer", "backward_layer")) {
      if (config.get(wrapped) instanceof Map<?, ?> inner) {
        config.put(wrapped, keras3Config((Map<String, Object>) inner));
      }
    }
    return out;
  }

  /** A Keras 2 inbound node: a list of {@code [layer, node_index, tensor_index, kwargs]}, one per input. */
  private static Map<String, Object> node(List<?> legacy) {
    List<Object> tensors = new ArrayList<>();
    Object kwargs = Map.of();
    for (Object input : legacy) {
      List<?> ref = (List<?>) input;
      tensors.add(tensor(ref));
      if (ref.size() > 3 && ref.get(3) instanceof Map<?, ?> kw) {
        kwargs = tensors(kw);
      }
    }
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("args", List.of(tensors.size() == 1 ? tensors.get(0) : tensors));
    node.put("kwargs", kwargs);
    return node;
  }

  private static Map<String, Object> tensor(List<?> ref) {
    return Map.of("class_name", "__keras_tensor__", "config", Map.of("keras_history", List.of(ref.get(0),
        ref.get(1), ref.get(2))));
  }

  /** Keyword arguments with Keras 2 tensor references ({@code ["value_input", 0, 0]}) as Keras 3 tensors. */
  private static Object tensors(Object o) {
    if (o instanceof List<?> l && l.size() >= 3 && l.get(0) instanceof String && l.get(1) instanceof Number
        && l.get(2) instanceof Number) {
      return tensor(l);
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), tensors(v)));
      return out;
    }
    return o;
  }

  /**
   * {@code training_config} turned into Keras 3's {@code compile_config}: the optimizer is under {@code
   * optimizer_config} there.
   */
  static Map<String, Object> compileConfig(Map<String, Object> trainingConfig) {
    Map<String, Object> c = new LinkedHashMap<>(trainingConfig);
    if (c.containsKey("optimizer_config")) {
      c.put("optimizer", c.remove("optimizer_config"));
    }
    return c;
  }
}
