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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * saveWeights} / {@code loadWeights}, laid out as Keras 3's {@code .keras} archive.
 *
 * <p>A model file is a zip holding
 *
 * <ul>
 *   <li>{@code metadata.json}: {@code keras_version}, {@code jkeras_format} (1), {@code date_saved} and the
 *       runtime seed ({@code jkeras_seed}) when there is one (Dropout masks depend on it);
 *   <li>{@code config.json}: the model as Keras 3's {@code serialize_keras_object} writes it ({@link
 *       ModelSerializer#serialize}) plus {@code compile_config} (optimizer config, loss, loss weights and metrics
 *       per output name) when the model is compiled;
 *   <li>{@code model.weights.npz}: the weights under Keras' own keys, {@code layers/<layer>/vars/<i>} (for a
 *       nested model {@code layers/functional/layers/dense/vars/0}), and the optimizer state: {@code
 *       optimizer/iterations} (int64), {@code optimizer/learning_rate} (when it is not a schedule) and {@code
 *       optimizer/vars/<slot>} ({@code adam/dense_kernel_momentum}, ..., shaped as the weight they belong to).
 * </ul>
 *
 * <p>Keras writes the weights as HDF5 ({@code model.weights.h5}); jkeras writes NumPy's {@code .npz} instead:
 * HDF5 has no maintained pure-Java writer (the HDF Group's Java library wraps the native C library, which the
 * frontend must not need), while {@code .npz} is a plain zip of {@code .npy} arrays that a few hundred lines of
 * Java write byte for byte as NumPy does, and Python reads with {@code np.load}. Layer keys follow Keras' (the
 * snake_case class name, numbered in model order: {@code dense}, {@code dense_1}), not the layers' names, so
 * that the weights of one model load into another built by the same code even when its auto names differ.
 *
 * <p>Every file is written through {@link AtomicFileWriter}. Every failure is a {@link SavingException} naming
 * the path and the problem.
 */
public final class ModelArchive {
  /** The {@code jkeras_format} written by this version; files with a higher number are refused. */
  public static final int FORMAT = 1;

  static final String METADATA = "metadata.json";
  static final String CONFIG = "config.json";
  static final String WEIGHTS = "model.weights.npz";
  private static final String OPTIMIZER = "optimizer/";
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
   * Writes a model file.
   *
   * @param weights every weight by path ({@code dense/kernel})
   * @param state the optimizer state, or {@code null} for an uncompiled model
   * @param seed the runtime seed, or {@code null}
   */
  public static void save(Model model, Map<String, float[]> weights, TrainingState state, Long seed, Path path)
      throws SavingException {
    String what = "Cannot save model '" + model.name() + "' to " + path;
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("keras_version", "3");
    metadata.put("jkeras_format", FORMAT);
    metadata.put("date_saved", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (seed != null) {
      metadata.put("jkeras_seed", seed);
    }
    Map<String, Object> config = new LinkedHashMap<>(ModelSerializer.serialize(model));
    if (model.isCompiled()) {
      config.put("compile_config", compileConfig(model.compileConfig()));
    }
    Map<String, Npz.Array> arrays = weightArrays(model, weights, what, path);
    if (state != null) {
      arrays.put(OPTIMIZER + "iterations", Npz.Array.scalar(state.iterations()));
      if (state.learningRate() != null) {
        arrays.put(OPTIMIZER + "learning_rate", Npz.Array.scalar(state.learningRate().floatValue()));
      }
      state.variables().forEach((k, v) -> arrays.put(OPTIMIZER + "vars/" + k,
          Npz.Array.ofFloats(v, slotShape(model, k, v.length))));
    }
    byte[] meta = json(metadata);
    byte[] conf = json(config);
    AtomicFileWriter.write(path, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      zip.setMethod(ZipOutputStream.DEFLATED);
      zip.putNextEntry(new ZipEntry(METADATA));
      zip.write(meta);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(CONFIG));
      zip.write(conf);
      zip.closeEntry();
      // Stored, not deflated: the weights barely compress, and the entry stays a plain .npz inside.
      Npz.storedEntry(zip, WEIGHTS, Npz.toBytes(arrays));
      zip.finish();
    });
  }

  /** Reads a model file written by {@link #save}. */
  public static Loaded load(Path path) throws SavingException {
    String what = "Cannot load model from " + path;
    Npz.checkReadable(path, what);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        entries.put(e.getName(), Npz.entryBytes(zip, e, path, what));
      }
    } catch (ZipException e) {
      throw new SavingException(path, what + ": not a jkeras model file (not a zip archive, or truncated: "
          + e.getMessage() + ")", e);
    } catch (SavingException e) {
      throw e;
    } catch (IOException e) {
      throw new SavingException(path, what + ": " + e, e);
    }
    if (!entries.containsKey(METADATA) || !entries.containsKey(CONFIG)) {
      throw new SavingException(path, what + ": not a jkeras model file (a zip without metadata.json and"
          + " config.json; entries: " + names(entries.keySet()) + ")");
    }
    Map<String, Object> metadata = parse(entries.get(METADATA), METADATA, path, what);
    if (!(metadata.get("jkeras_format") instanceof Number format)) {
      String hint = entries.containsKey("model.weights.h5")
          ? " (a Keras .keras file with HDF5 weights? jkeras reads the files it writes; Model.fromJson reads its"
              + " config.json)"
          : "";
      throw new SavingException(path, what + ": not a jkeras model file (metadata.json has no jkeras_format)"
          + hint);
    }
    if (format.intValue() > FORMAT) {
      throw new SavingException(path, what + ": written in format " + format + " by a newer jkeras; this"
          + " version reads format " + FORMAT);
    }
    if (!entries.containsKey(WEIGHTS)) {
      throw new SavingException(path, what + ": the archive has no " + WEIGHTS);
    }
    Map<String, Object> config = parse(entries.get(CONFIG), CONFIG, path, what);
    Model model;
    try {
      model = ModelSerializer.fromConfig(config);
    } catch (RuntimeException e) {
      throw new SavingException(path, what + ": config.json does not describe a model jkeras can build: "
          + e.getMessage(), e);
    }
    Compile compile = null;
    if (config.get("compile_config") != null) {
      try {
        compile = compileFrom(config.get("compile_config"));
      } catch (RuntimeException e) {
        throw new SavingException(path, what + ": unreadable compile_config in config.json: " + e.getMessage(),
            e);
      }
    }
    Map<String, Npz.Array> arrays = Npz.read(entries.get(WEIGHTS), path, what + " (" + WEIGHTS + ")");
    Map<String, float[]> weights = matchWeights(model, arrays, path,
        "Cannot load model from " + path + ": its weights do not fit its config");
    TrainingState state = null;
    if (compile != null) {
      state = trainingState(arrays, path, what);
    }
    Long seed = metadata.get("jkeras_seed") instanceof Number n ? n.longValue() : null;
    return new Loaded(model, compile, weights, state, seed);
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

  /**
   * The shape of a slot variable: that of the weight it is named after ({@code adam/dense_kernel_momentum}
   * belongs to {@code dense/kernel}) when the sizes agree, a scalar for one value, flat otherwise. The runtime
   * gives values only; shapes make the file readable as arrays in Python.
   */
  private static long[] slotShape(Model model, String slot, int size) {
    String rest = slot.substring(slot.indexOf('/') + 1);
    Variable owner = null;
    for (Variable v : model.weights()) {
      String p = v.path().replace('/', '_');
      if (rest.startsWith(p + "_") && v.size() == size
          && (owner == null || p.length() > owner.path().length())) {
        owner = v;
      }
    }
    if (owner != null) {
      return owner.shape().asArray();
    }
    return size == 1 ? new long[0] : new long[] {size};
  }

  // ---------------------------------------------------------------- weights files

  /** Writes the weights ({@code dense/kernel} → values) of {@code model} as a {@code .npz} weights file. */
  public static void saveWeights(Model model, Map<String, float[]> weights, Path path) throws SavingException {
    String what = "Cannot save the weights of model '" + model.name() + "' to " + path;
    Map<String, Npz.Array> arrays = weightArrays(model, weights, what, path);
    AtomicFileWriter.write(path, out -> Npz.write(arrays, out));
  }

  /**
   * Reads a weights file (or the weights of a model file) for {@code model}: weights by path, every one
   * checked against the model's.
   *
   * @throws SavingException naming the first layer that does not match (missing, extra, a different number
   *     of weights, or both shapes)
   */
  public static Map<String, float[]> loadWeights(Model model, Path path) throws SavingException {
    String what = "Cannot load weights from " + path + " into model '" + model.name() + "'";
    Map<String, Npz.Array> arrays;
    if (isModelFile(path)) {
      arrays = Npz.read(modelFileWeights(path, what), path, what);
    } else {
      arrays = Npz.read(path);
    }
    return matchWeights(model, arrays, path, what);
  }

  private static boolean isModelFile(Path path) {
    try (ZipFile zip = new ZipFile(path.toFile())) {
      return zip.getEntry(WEIGHTS) != null && zip.getEntry(METADATA) != null;
    } catch (IOException e) {
      return false; // Npz.read reports what is wrong
    }
  }

  private static byte[] modelFileWeights(Path path, String what) throws SavingException {
    try (ZipFile zip = new ZipFile(path.toFile())) {
      return Npz.entryBytes(zip, zip.getEntry(WEIGHTS), path, what);
    } catch (SavingException e) {
      throw e;
    } catch (IOException e) {
      throw new SavingException(path, what + ": " + e, e);
    }
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
  static Compile compileFrom(Object serialized) {
    if (!(serialized instanceof Map<?, ?> cc)) {
      throw new IllegalArgumentException("compile_config is not an object: " + serialized);
    }
    Optimizer opt = Optimizers.fromConfig(cc.get("optimizer"));
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
      Map<String, List<Metric>> byOutput = new LinkedHashMap<>();
      m.forEach((k, v) -> byOutput.put((String) k, metricList((List<?>) v)));
      c.metrics(byOutput);
    }
    return c;
  }

  private static List<Metric> metricList(List<?> serialized) {
    List<Metric> out = new ArrayList<>();
    for (Object o : serialized) {
      out.add(Metrics.fromConfig(o));
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
