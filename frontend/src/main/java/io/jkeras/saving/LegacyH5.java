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
