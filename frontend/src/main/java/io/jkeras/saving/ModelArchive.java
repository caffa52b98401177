package io.jkeras.saving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.Compile;
import io.jkeras.Model;
import io.jkeras.Variable;
import io.jkeras.backend.CompileConfig;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import io.jkeras.util.Naming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The model file of {@code model.save(path)} / {@code Model.load(path)} and the weights file of {@code
 * saveWeights} / {@code loadWeights}, in Keras 3's own formats, so that Python Keras and jkeras read each
 * other's files.
 *
 * <p>A model file is Keras 3's {@code .keras} archive, a zip holding
 *
 * <ul>
 *   <li>{@code metadata.json}: {@code keras_version}, {@code date_saved}, and jkeras' {@code jkeras_format} (2)
 *       and runtime seed ({@code jkeras_seed}, Dropout masks depend on it) when jkeras wrote it;
 *   <li>{@code config.json}: the model as Keras 3's {@code serialize_keras_object} writes it ({@link
 *       ModelSerializer#serialize}) plus {@code compile_config} when the model is compiled;
 *   <li>{@code model.weights.h5}: HDF5, laid out as Keras' {@code saving_lib} does ({@link KerasLayout}):
 *       {@code layers/dense/vars/0}, {@code layers/lstm/cell/vars/1}, ..., and the optimizer's variables
 *       ({@code optimizer/vars/0} = iteration, {@code 1} = learning rate, then the slots in Keras' order).
 * </ul>
 *
 * <p>{@link #load} also reads Keras' legacy {@code .h5} model files ({@link LegacyH5}) and the archives of
 * earlier jkeras versions (weights in {@code model.weights.npz}; a warning says to re-save them). A weights
 * file is Keras 3's {@code .weights.h5} (the same tree as {@code model.weights.h5}, without the optimizer); a
 * name ending in {@code .npz} keeps NumPy's format. {@link #loadWeights} reads all of these and legacy {@code
 * .h5} weights. HDF5 is read and written by jhdf, in pure Java ({@link Hdf5}; docs/SAVING.md).
 *
 * <p>Everything is read and checked (config, every weight's shape, the optimizer's variables) before a model is
 * returned or a weight is set. Every file is written through {@link AtomicFileWriter}. Every failure is a
 * {@link SavingException} naming the path and the problem.
 */
public final class ModelArchive {
  /** The {@code jkeras_format} written by this version; files with a higher number are refused. */
  public static final int FORMAT = 2;
  /** The Keras version whose file format jkeras writes (its {@code metadata.json} {@code keras_version}). */
  public static final String KERAS_VERSION = "3.15.1";

  static final String METADATA = "metadata.json";
  static final String CONFIG = "config.json";
  static final String WEIGHTS_H5 = "model.weights.h5";
  /** The weights entry of jkeras format 1 archives (NumPy {@code .npz}). */
  static final String WEIGHTS = "model.weights.npz";
  private static final String OPTIMIZER = "optimizer/";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final System.Logger LOG = System.getLogger(ModelArchive.class.getName());

  private ModelArchive() {}

  /**
   * The optimizer's state between steps.
   *
   * @param iterations optimizer steps taken
   * @param learningRate the current learning rate, or {@code null} when it comes from a schedule (recomputed
   *     from {@code iterations})
   * @param variables the slot variables (moments, accumulators) by name, e.g. {@code
   *     adam/dense_kernel_momentum}
   */
  public record TrainingState(long iterations, Double learningRate, Map<String, float[]> variables) {
    public TrainingState {
      variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
  }

  /**
   * A model file's content.
   *
   * @param model the rebuilt model (not compiled)
   * @param compile the compile arguments, or {@code null} when the model was saved uncompiled
   * @param weights weights by path ({@code dense/kernel}), checked against the model
   * @param state the optimizer state, or {@code null} when the model was saved uncompiled
   * @param seed the runtime seed, or {@code null}
   */
  public record Loaded(Model model, Compile compile, Map<String, float[]> weights, TrainingState state,
      Long seed) {}

  // ---------------------------------------------------------------- model files

  /**
   * Writes a model file: Keras 3's {@code .keras} archive.
   *
   * @param weights every weight by path ({@code dense/kernel})
   * @param state the optimizer state, or {@code null} for an uncompiled model
   * @param seed the runtime seed, or {@code null}
   */
  public static void save(Model model, Map<String, float[]> weights, TrainingState state, Long seed, Path path)
      throws SavingException {
    String what = "Cannot save model '" + model.name() + "' to " + path;
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("keras_version", KERAS_VERSION);
    metadata.put("date_saved", DATE_SAVED.format(LocalDateTime.now()));
    metadata.put("jkeras_format", FORMAT);
    if (seed != null) {
      metadata.put("jkeras_seed", seed);
    }
    Map<String, Object> config = new LinkedHashMap<>(ModelSerializer.serialize(model));
    Optimizer optimizer = null;
    if (model.isCompiled()) {
      config.put("compile_config", compileConfig(model.compileConfig()));
      optimizer = model.compileConfig().optimizer();
    }
    Hdf5.Group tree = KerasWeights.tree(model, weights, optimizer == null ? null : state, optimizer, what, path);
    byte[] meta = json(metadata);
    byte[] conf = json(config);
    AtomicFileWriter.write(path, out -> {
      byte[] h5 = Hdf5.toBytes(tree);
      ZipOutputStream zip = new ZipOutputStream(out);
      zip.setMethod(ZipOutputStream.DEFLATED);
      zip.putNextEntry(new ZipEntry(METADATA));
      zip.write(meta);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(CONFIG));
      zip.write(conf);
      zip.closeEntry();
      // Stored, as Keras stores it: the weights barely compress.
      Npz.storedEntry(zip, WEIGHTS_H5, h5);
      zip.finish();
    });
  }

  /** Keras' {@code date_saved} format ({@code 2026-12-06@02:51:06}). */
  private static final DateTimeFormatter DATE_SAVED = DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");

  /**
   * Reads a model file: a Keras 3 {@code .keras} archive (written by Python Keras or jkeras), a legacy Keras
   * {@code .h5} model file, or an archive of an earlier jkeras version.
   */
  public static Loaded load(Path path) throws SavingException {
    String what = "Cannot load model from " + path;
    Npz.checkReadable(path, what);
    if (Hdf5.isHdf5(path)) {
      return loadLegacyH5(path, what);
    }
    Map<String, byte[]> entries = zipEntries(path, what);
    if (!entries.containsKey(METADATA) || !entries.containsKey(CONFIG)) {
      throw new SavingException(path, what + ": neither a Keras nor a jkeras model file (a zip without"
          + " metadata.json and config.json; entries: " + names(entries.keySet()) + ")");
    }
    Map<String, Object> metadata = parse(entries.get(METADATA), METADATA, path, what);
    if (metadata.get("jkeras_format") instanceof Number format && format.intValue() > FORMAT) {
      throw new SavingException(path, what + ": written in format " + format + " by a newer jkeras; this"
          + " version reads format " + FORMAT);
    }
    Long seed = metadata.get("jkeras_seed") instanceof Number n ? n.longValue() : null;
    Map<String, Object> config = parse(entries.get(CONFIG), CONFIG, path, what);
    if (entries.containsKey(WEIGHTS_H5)) {
      Model model = buildModel(config, path, what);
      CompileParts compile = compileParts(config.get("compile_config"), path, what);
      Hdf5.Group root = Hdf5.read(entries.get(WEIGHTS_H5), path, what + " (" + WEIGHTS_H5 + ")");
      Map<String, float[]> weights = KerasWeights.read(model, root, path, what + ": its weights do not fit"
          + " its config");
      TrainingState state = null;
      if (compile != null) {
        state = KerasWeights.readState(model, compile.optimizer(), root, path, what);
        if (state == null) {
          state = new TrainingState(0, null, Map.of());
        }
      }
      return new Loaded(model, compile == null ? null : compile.compile(), weights, state, seed);
    }
    if (entries.containsKey(WEIGHTS) && metadata.get("jkeras_format") instanceof Number) {
      Loaded loaded = loadFormat1(entries, config, seed, path, what);
      LOG.log(System.Logger.Level.WARNING, "{0} was written by an earlier jkeras (weights in NumPy''s .npz):"
          + " it loads, but Python Keras cannot read it; save the model again (model.save) to write Keras 3''s"
          + " .keras format", path);
      return loaded;
    }
    throw new SavingException(path, what + ": the archive has no " + WEIGHTS_H5 + " (entries: "
        + names(entries.keySet()) + ")");
  }

  private static Map<String, byte[]> zipEntries(Path path, String what) throws SavingException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        entries.put(e.getName(), Npz.entryBytes(zip, e, path, what));
      }
    } catch (ZipException e) {
      throw new SavingException(path, what + ": neither a Keras nor a jkeras file (not a zip archive such as"
          + " .keras or .npz, nor HDF5 such as .h5; or truncated: " + e.getMessage() + ")", e);
    } catch (SavingException e) {
      throw e;
    } catch (IOException e) {
      throw new SavingException(path, what + ": " + e, e);
    }
    return entries;
  }

  private static Model buildModel(Map<String, ?> config, Path path, String what) throws SavingException {
    try {
      return ModelSerializer.fromConfig(config);
    } catch (RuntimeException e) {
      throw new SavingException(path, what + ": its config does not describe a model jkeras can build: "
          + e.getMessage(), e);
    }
  }

  /** A parsed {@code compile_config}: the {@link Compile} and the optimizer it holds. */
  private record CompileParts(Compile compile, Optimizer optimizer) {}

  private static CompileParts compileParts(Object compileConfig, Path path, String what)
      throws SavingException {
    if (!(compileConfig instanceof Map<?, ?> m) || m.isEmpty()) {
      return null; // Keras writes {} or null for an uncompiled model
    }
    try {
      Optimizer opt = Optimizers.fromConfig(m.get("optimizer"));
      return new CompileParts(compileFrom(m, opt), opt);
    } catch (RuntimeException e) {
      throw new SavingException(path, what + ": unreadable compile config: " + e.getMessage(), e);
    }
  }

  private static Loaded loadLegacyH5(Path path, String what) throws SavingException {
    Hdf5.Group root = Hdf5.read(path, what);
    String modelConfig = root.stringAttribute("model_config");
    if (modelConfig == null) {
      throw new SavingException(path, what + ": an HDF5 file without a model_config attribute: a weights file?"
          + " Build the model and call model.loadWeights(path)");
    }
    Map<String, Object> config = LegacyH5.keras3Config(parse(modelConfig.getBytes(StandardCharsets.UTF_8),
        "model_config", path, what));
    Model model = buildModel(config, path, what);
    String version = root.stringAttribute("keras_version");
    boolean keras3 = version != null && version.startsWith("3");
    CompileParts compile = null;
    String training = root.stringAttribute("training_config");
    if (training != null) {
      try {
        compile = compileParts(LegacyH5.compileConfig(parse(training.getBytes(StandardCharsets.UTF_8),
            "training_config", path, what)), path, what);
      } catch (SavingException e) {
        // Keras 2's training configs vary by version; the model is still usable, as in Keras when it has none.
        LOG.log(System.Logger.Level.WARNING, "{0}: the model is loaded uncompiled, its training_config (Keras {1})"
            + " cannot be read: {2}; compile it yourself", path, version, e.getMessage());
      }
    }
    Map<String, float[]> weights = LegacyH5.read(model, LegacyH5.weightsGroup(root), path,
        what + ": its weights do not fit its model_config");
    TrainingState state = null;
    if (compile != null) {
      List<Npz.Array> values = LegacyH5.optimizerValues(root);
      if (values != null && !keras3) {
        LOG.log(System.Logger.Level.WARNING, "{0}: written by Keras {1}, whose optimizer variables are laid out"
            + " differently from Keras 3''s; the optimizer starts fresh", path, version);
      } else if (values != null) {
        state = KerasWeights.state(model, compile.optimizer(), values, path, what);
      }
      if (state == null) {
        state = new TrainingState(0, null, Map.of());
      }
    }
    return new Loaded(model, compile == null ? null : compile.compile(), weights, state, null);
  }

  /** An archive of jkeras format 1: weights and optimizer state in {@code model.weights.npz}. */
  private static Loaded loadFormat1(Map<String, byte[]> entries, Map<String, Object> config, Long seed, Path path,
      String what) throws SavingException {
    Model model = buildModel(config, path, what);
    CompileParts compile = compileParts(config.get("compile_config"), path, what);
    Map<String, Npz.Array> arrays = Npz.read(entries.get(WEIGHTS), path, what + " (" + WEIGHTS + ")");
    Map<String, float[]> weights = matchWeights(model, arrays, path,
        "Cannot load model from " + path + ": its weights do not fit its config");
    TrainingState state = null;
    if (compile != null) {
      state = trainingState(arrays, path, what);
    }
    return new Loaded(model, compile == null ? null : compile.compile(), weights, state, seed);
  }

  private static TrainingState trainingState(Map<String, Npz.Array> arrays, Path path, String what)
      throws SavingException {
    Npz.Array it = arrays.get(OPTIMIZER + "iterations");
    if (it == null) {
      return new TrainingState(0, null, Map.of());
    }
    if (it.isFloat() || it.longs().length != 1) {
      throw new SavingException(path, what + ": optimizer/iterations must be one int64, got shape "
          + it.shapeString());
    }
    Npz.Array lr = arrays.get(OPTIMIZER + "learning_rate");
    Map<String, float[]> vars = new LinkedHashMap<>();
    String prefix = OPTIMIZER + "vars/";
    for (Map.Entry<String, Npz.Array> e : arrays.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        if (!e.getValue().isFloat()) {
          throw new SavingException(path, what + ": optimizer variable '" + e.getKey() + "' is not float");
        }
        vars.put(e.getKey().substring(prefix.length()), e.getValue().floats());
      }
    }
    Double rate = lr == null ? null : (double) (lr.isFloat() ? lr.floats()[0] : lr.longs()[0]);
    return new TrainingState(it.longs()[0], rate, vars);
  }

  // ---------------------------------------------------------------- weights files

  /**
   * Writes the weights ({@code dense/kernel} → values) of {@code model}: Keras 3's {@code .weights.h5} (HDF5),
   * or NumPy's {@code .npz} when the file name ends in {@code .npz}.
   */
  public static void saveWeights(Model model, Map<String, float[]> weights, Path path) throws SavingException {
    String what = "Cannot save the weights of model '" + model.name() + "' to " + path;
    if (isNpzName(path)) {
      Map<String, Npz.Array> arrays = weightArrays(model, weights, what, path);
      AtomicFileWriter.write(path, out -> Npz.write(arrays, out));
      return;
    }
    Hdf5.Group tree = KerasWeights.tree(model, weights, null, null, what, path);
    AtomicFileWriter.write(path, out -> out.write(Hdf5.toBytes(tree)));
  }

  private static boolean isNpzName(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz");
  }

  /**
   * Reads a weights file for {@code model}: Keras 3 {@code .weights.h5}, a legacy Keras {@code .h5} (model or
   * weights), a {@code .keras} model file (its weights), or jkeras' {@code .npz}; weights by path, every one
   * checked against the model's.
   *
   * @throws SavingException naming the first layer that does not match (missing, extra, a different number
   *     of weights, or both shapes)
   */
  public static Map<String, float[]> loadWeights(Model model, Path path) throws SavingException {
    String what = "Cannot load weights from " + path + " into model '" + model.name() + "'";
    Npz.checkReadable(path, what);
    if (Hdf5.isHdf5(path)) {
      Hdf5.Group root = Hdf5.read(path, what);
      if (LegacyH5.isLegacy(root)) {
        return LegacyH5.read(model, LegacyH5.weightsGroup(root), path, what);
      }
      return KerasWeights.read(model, root, path, what);
    }
    Map<String, byte[]> entries = zipEntries(path, what);
    if (entries.containsKey(METADATA) && entries.containsKey(WEIGHTS_H5)) {
      return KerasWeights.read(model, Hdf5.read(entries.get(WEIGHTS_H5), path, what + " (" + WEIGHTS_H5 + ")"),
          path, what);
    }
    Map<String, Npz.Array> arrays;
    if (entries.containsKey(METADATA) && entries.containsKey(WEIGHTS)) {
      arrays = Npz.read(entries.get(WEIGHTS), path, what);
    } else {
      arrays = Npz.read(path);
    }
    return matchWeights(model, arrays, path, what);
  }

  // ---------------------------------------------------------------- weight keys

  /**
   * The model's weights grouped as Keras' saving walks them: {@code layers/<key>} → the layer's weights in
   * order, where the key is the layer's snake_case class name numbered in model order ({@code dense}, {@code
   * dense_1}); a nested model adds its own {@code layers/...} level. Layers without weights are left out; a
   * weight shared by two layers is listed once, under the first.
   */
  public static Map<String, List<Variable>> layerWeights(Model model) {
    Map<String, List<Variable>> out = new LinkedHashMap<>();
    walk(model, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void walk(Model model, String prefix, Map<String, List<Variable>> out, Set<Variable> seen) {
    Map<String, Integer> used = new HashMap<>();
    for (Layer layer : model.layers()) {
      String base = Naming.toSnakeCase(layer.className());
      String key = base;
      if (used.containsKey(base)) {
        int n = used.get(base) + 1;
        used.put(base, n);
        key = base + "_" + n;
      } else {
        used.put(base, 0);
      }
      String full = prefix + "layers/" + key;
      if (layer instanceof Model inner) {
        walk(inner, full + "/", out, seen);
        continue;
      }
      List<Variable> vars = new ArrayList<>();
      for (Variable v : layer.weights()) {
        if (seen.add(v)) {
          vars.add(v);
        }
      }
      if (!vars.isEmpty()) {
        out.put(full, vars);
      }
    }
  }

  private static Map<String, Npz.Array> weightArrays(Model model, Map<String, float[]> weights, String what,
      Path path) throws SavingException {
    Map<String, Npz.Array> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, List<Variable>> e : layerWeights(model).entrySet()) {
      List<Variable> vars = e.getValue();
      for (int i = 0; i < vars.size(); i++) {
        Variable v = vars.get(i);
        float[] values = weights.get(v.path());
        if (values == null || values.length != v.size()) {
          throw new SavingException(path, what + ": the runtime gave " + (values == null ? "no values"
              : values.length + " values") + " for weight '" + v.path() + "' of size " + v.size());
        }
        arrays.put(e.getKey() + "/vars/" + i, Npz.Array.ofFloats(values, v.shape().asArray()));
      }
    }
    return arrays;
  }

  private static Map<String, float[]> matchWeights(Model model, Map<String, Npz.Array> arrays, Path path,
      String what) throws SavingException {
    Map<String, float[]> out = new LinkedHashMap<>();
    Set<String> used = new LinkedHashSet<>();
    Map<String, List<Variable>> layers = layerWeights(model);
    for (Map.Entry<String, List<Variable>> e : layers.entrySet()) {
      List<Variable> vars = e.getValue();
      Layer layer = vars.get(0).layer();
      String layerDesc = "layer '" + layer.name() + "' (" + layer.className() + ", key '" + e.getKey() + "')";
      for (int i = 0; i < vars.size(); i++) {
        Variable v = vars.get(i);
        String key = e.getKey() + "/vars/" + i;
        Npz.Array a = arrays.get(key);
        if (a == null) {
          if (i == 0) {
            throw new SavingException(path, what + ": the file has no weights for " + layerDesc
                + ", which has " + vars.size() + " weight(s); the file holds layers " + fileLayers(arrays));
          }
          throw new SavingException(path, what + ": " + layerDesc + " has " + vars.size()
              + " weights but the file holds " + i + " for it");
        }
        long[] want = v.shape().asArray();
        if (!a.isFloat() || !Arrays.equals(want, a.shape())) {
          throw new SavingException(path, what + ": " + layerDesc + ", weight '" + v.name() + "' has shape "
              + Npz.pythonTuple(want) + " in the model but " + a.shapeString()
              + (a.isFloat() ? "" : " (int64)") + " in the file");
        }
        out.put(v.path(), a.floats());
        used.add(key);
      }
      if (arrays.containsKey(e.getKey() + "/vars/" + vars.size())) {
        throw new SavingException(path, what + ": " + layerDesc + " has " + vars.size()
            + " weight(s) but the file holds more for it");
      }
    }
    for (String k : arrays.keySet()) {
      if (!used.contains(k) && !k.startsWith(OPTIMIZER)) {
        String layerKey = k.contains("/vars/") ? k.substring(0, k.lastIndexOf("/vars/")) : k;
        throw new SavingException(path, what + ": the file holds weights for '" + layerKey + "', which model '"
            + model.name() + "' does not have; its layers with weights: " + layers.keySet());
      }
    }
    return out;
  }

  private static List<String> fileLayers(Map<String, Npz.Array> arrays) {
    Set<String> s = new LinkedHashSet<>();
    for (String k : arrays.keySet()) {
      if (!k.startsWith(OPTIMIZER)) {
        s.add(k.contains("/vars/") ? k.substring(0, k.lastIndexOf("/vars/")) : k);
      }
    }
    return new ArrayList<>(s);
  }

  // ---------------------------------------------------------------- compile config

  /** Keras' {@code compile_config}: what {@code compile} was given, resolved per output name. */
  static Map<String, Object> compileConfig(CompileConfig c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("optimizer", ModelSerializer.serializeValue(c.optimizer()));
    boolean single = c.outputs().size() == 1;
    if (single) {
      CompileConfig.OutputConfig o = c.outputs().get(0);
      out.put("loss", o.loss() == null ? null : ModelSerializer.serializeValue(o.loss()));
      out.put("loss_weights", o.lossWeight() == 1.0 ? null : List.of(o.lossWeight()));
      out.put("metrics", o.metrics().isEmpty() ? null : ModelSerializer.serializeValue(o.metrics()));
    } else {
      Map<String, Object> losses = new LinkedHashMap<>();
      Map<String, Object> weights = new LinkedHashMap<>();
      Map<String, Object> metrics = new LinkedHashMap<>();
      boolean weighted = false;
      for (CompileConfig.OutputConfig o : c.outputs()) {
        if (o.loss() != null) {
          losses.put(o.outputName(), ModelSerializer.serializeValue(o.loss()));
        }
        weights.put(o.outputName(), o.lossWeight());
        weighted |= o.lossWeight() != 1.0;
        if (!o.metrics().isEmpty()) {
          metrics.put(o.outputName(), ModelSerializer.serializeValue(o.metrics()));
        }
      }
      out.put("loss", losses);
      out.put("loss_weights", weighted ? weights : null);
      out.put("metrics", metrics.isEmpty() ? null : metrics);
    }
    out.put("weighted_metrics", null);
    out.put("run_eagerly", false);
    out.put("steps_per_execution", 1);
    out.put("jit_compile", false);
    return out;
  }

  /** The {@link Compile} that {@link #compileConfig} describes. */
  static Compile compileFrom(Map<?, ?> cc, Optimizer opt) {
    Compile c = Compile.optimizer(opt);
    Object loss = cc.get("loss");
    if (loss instanceof String || loss instanceof Map<?, ?> m && m.containsKey("class_name")) {
      c.loss(Losses.fromConfig(loss));
    } else if (loss instanceof Map<?, ?> perOutput) {
      Map<String, Loss> l = new LinkedHashMap<>();
      perOutput.forEach((k, v) -> {
        if (v != null) {
          l.put((String) k, Losses.fromConfig(v));
        }
      });
      c.loss(l);
    }
    Object lw = cc.get("loss_weights");
    if (lw instanceof Map<?, ?> m) {
      Map<String, Double> w = new LinkedHashMap<>();
      m.forEach((k, v) -> w.put((String) k, ((Number) v).doubleValue()));
      c.lossWeights(w);
    } else if (lw instanceof List<?> l) {
      c.lossWeights(l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray());
    }
    Object metrics = cc.get("metrics");
    if (metrics instanceof List<?> l) {
      c.metrics(metricList(l).toArray());
    } else if (metrics instanceof Map<?, ?> m) {
      Map<String, List<Object>> byOutput = new LinkedHashMap<>();
      m.forEach((k, v) -> byOutput.put((String) k, metricList(v instanceof List<?> l ? l : List.of(v))));
      c.metrics(byOutput);
    }
    return c;
  }

  /**
   * Metrics as {@code compile} takes them: names stay names, so that {@code "accuracy"} is resolved against the
   * loss as Keras' {@code compile_from_config} resolves it (sparse categorical accuracy after a sparse loss);
   * serialized metric objects are rebuilt.
   */
  private static List<Object> metricList(List<?> serialized) {
    List<Object> out = new ArrayList<>();
    for (Object o : serialized) {
      out.add(o instanceof String name ? name : Metrics.fromConfig(o));
    }
    return out;
  }

  // ---------------------------------------------------------------- JSON

  private static byte[] json(Map<String, Object> value) {
    StringBuilder sb = new StringBuilder();
    PythonJson.write(value, sb);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> parse(byte[] bytes, String entry, Path path, String what)
      throws SavingException {
    try {
      Object v = MAPPER.readValue(bytes, Object.class);
      if (v instanceof Map<?, ?>) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
      }
      throw new SavingException(path, what + ": " + entry + " is not a JSON object");
    } catch (JsonProcessingException e) {
      throw new SavingException(path, what + ": " + entry + " is not valid JSON (" + e.getOriginalMessage()
          + ")", e);
    } catch (IOException e) {
      throw new SavingException(path, what + ": cannot read " + entry + " (" + e + ")", e);
    }
  }

  private static String names(Set<String> names) {
    List<String> l = new ArrayList<>(names);
    return l.size() > 10 ? l.subList(0, 10) + "..." : l.toString();
  }

}
