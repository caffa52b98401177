package io.jkeras.saving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.DType;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.constraints.Constraint;
import io.jkeras.initializers.Initializer;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerRegistry;
import io.jkeras.layers.Node;
import io.jkeras.losses.Loss;
import io.jkeras.metrics.Metric;
import io.jkeras.models.FunctionalGraph;
import io.jkeras.optimizers.LearningRateSchedule;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.ndarray.Shape;

/**
 * Keras 3's model JSON ({@code model.to_json()} / {@code keras.models.model_from_json}): a port of {@code
 * Functional.get_config}, {@code functional_from_config}, {@code Sequential.get_config/from_config} and of
 * {@code serialization_lib.serialize_keras_object}. The text is written as Python's {@code json.dumps} writes
 * it ({@code ", "} and {@code ": "} separators, non-ASCII escaped), so that it can be compared with Keras'.
 *
 * <pre>{@code
 * String json = ModelSerializer.toJson(model);
 * Model copy = ModelSerializer.fromJson(json);   // same names, shapes and parameter counts, new weights
 * }</pre>
 */
public final class ModelSerializer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String KERAS_TENSOR = "__keras_tensor__";

  private ModelSerializer() {}

  // ---------------------------------------------------------------- writing

  /** The model's config ({@code model.get_config()}): the {@code "config"} part of {@link #serialize}. */
  public static Map<String, Object> modelConfig(Model model) {
    if (model instanceof Sequential s) {
      return sequentialConfig(s);
    }
    return functionalConfig(model);
  }

  /**
   * The model as Keras' {@code serialize_keras_object} writes it: {@code module}, {@code class_name}, {@code
   * config}, {@code registered_name} and {@code build_config}.
   */
  public static Map<String, Object> serialize(Model model) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (model instanceof Sequential s) {
      out.put("module", "keras");
      out.put("class_name", "Sequential");
      out.put("config", modelConfig(model));
      out.put("registered_name", null);
      s.inputLayer().ifPresent(il -> {
        if (model.hasGraph()) {
          out.put("build_config", buildConfig(Shapes.toNullableList(il.batchShape())));
        }
      });
    } else {
      // Functional is not a public Keras symbol: Keras writes its module path and registered name.
      out.put("module", "keras.src.models.functional");
      out.put("class_name", "Functional");
      out.put("config", modelConfig(model));
      out.put("registered_name", "Functional");
      out.put("build_config", buildConfig(null));
    }
    return out;
  }

  /** The model as Keras' JSON text ({@code model.to_json()}). */
  public static String toJson(Model model) {
    StringBuilder sb = new StringBuilder();
    PythonJson.write(serialize(model), sb);
    return sb.toString();
  }

  private static Map<String, Object> buildConfig(Object inputShape) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input_shape", inputShape);
    return m;
  }

  private static Map<String, Object> sequentialConfig(Sequential model) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", model.name());
    config.put("trainable", model.trainable());
    config.put("dtype", model.dtype().toPolicyConfig());
    List<Object> layers = new ArrayList<>();
    // Keras lists the InputLayer here (super().layers), though model.layers leaves it out.
    model.inputLayer().ifPresent(il -> layers.add(serializeLayer(il)));
    for (Layer l : model.layers()) {
      layers.add(serializeLayer(l));
    }
    config.put("layers", layers);
    if (model.hasGraph()) {
      config.put("build_input_shape", Shapes.toNullableList(model.inputLayer().get().batchShape()));
    }
    return config;
  }

  private static Map<String, Object> functionalConfig(Model model) {
    FunctionalGraph graph = model.graph();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", model.name());
    config.put("trainable", model.trainable());

    // Node indices as saved: only this model's nodes count, and a Functional starts at 1 (Keras keeps the
    // numbering of Keras 2, where a model's node 0 was its own construction).
    Map<Node, Integer> reindex = new IdentityHashMap<>();
    for (Layer layer : graph.layers()) {
      int kept = isFunctional(layer) ? 1 : 0;
      for (Node node : layer.inboundNodes()) {
        if (graph.contains(node)) {
          reindex.put(node, kept++);
        }
      }
    }

    List<Object> layers = new ArrayList<>();
    for (Layer layer : graph.layers()) {
      List<Object> inbound = new ArrayList<>();
      for (Node node : layer.inboundNodes()) {
        if (graph.contains(node) && !node.isInput()) {
          inbound.add(serializeNode(node, graph));
        }
      }
      Map<String, Object> layerConfig = serializeLayer(layer);
      layerConfig.put("name", layer.name());
      layerConfig.put("inbound_nodes", inbound);
      layers.add(layerConfig);
    }
    config.put("layers", layers);
    config.put("input_layers", tensorStructure(model.inputs(), model.inputsByName() ? model.inputNames() : null,
        model.inputsAsList(), reindex));
    config.put("output_layers", tensorStructure(model.outputs(),
        model.outputsByName() ? model.outputNames() : null, model.outputsAsList(), reindex));
    return config;
  }

  private static boolean isFunctional(Layer layer) {
    return layer instanceof Model && !(layer instanceof Sequential);
  }

  private static Object tensorStructure(List<SymbolicTensor> tensors, List<String> keys, boolean asList,
      Map<Node, Integer> reindex) {
    if (keys != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < tensors.size(); i++) {
        m.put(keys.get(i), tensorRef(tensors.get(i), reindex));
      }
      return m;
    }
    if (tensors.size() == 1 && !asList) {
      return tensorRef(tensors.get(0), reindex);
    }
    List<Object> l = new ArrayList<>();
    for (SymbolicTensor t : tensors) {
      l.add(tensorRef(t, reindex));
    }
    return l;
  }

  private static List<Object> tensorRef(SymbolicTensor t, Map<Node, Integer> reindex) {
    Integer index = reindex.get(t.node());
    if (index == null) {
      throw new IllegalStateException("Tensor " + t + " is not in the model's graph");
    }
    List<Object> ref = new ArrayList<>();
    ref.add(t.layer().name());
    ref.add(index);
    ref.add(t.tensorIndex());
    return ref;
  }

  /** Keras' {@code serialize_node}: the call's arguments with tensors as {@code __keras_tensor__} records. */
  private static Map<String, Object> serializeNode(Node node, FunctionalGraph graph) {
    List<Object> args = new ArrayList<>();
    List<SymbolicTensor> ins = node.inputs();
    Layer layer = node.layer();
    if (node.hasCallArguments()) {
      // Keras' layer(*args, **kwargs): positional tensors one by one, keyword tensors and values by name.
      for (int i = 0; i < node.positionalInputCount(); i++) {
        args.add(kerasTensor(ins.get(i), graph));
      }
      Map<String, Object> kwargs = new LinkedHashMap<>();
      node.callArguments().forEach((k, v) ->
          kwargs.put(k, v instanceof SymbolicTensor t ? kerasTensor(t, graph) : v));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("args", args);
      out.put("kwargs", kwargs);
      return out;
    }
    if (layer instanceof Model m && m.hasGraph() && m.inputsByName()) {
      Map<String, Object> byName = new LinkedHashMap<>();
      for (int i = 0; i < ins.size(); i++) {
        byName.put(m.inputNames().get(i), kerasTensor(ins.get(i), graph));
      }
      args.add(byName);
    } else if (ins.size() == 1) {
      args.add(kerasTensor(ins.get(0), graph));
    } else {
      List<Object> list = new ArrayList<>();
      for (SymbolicTensor t : ins) {
        list.add(kerasTensor(t, graph));
      }
      args.add(list);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("args", args);
    out.put("kwargs", new LinkedHashMap<>());
    return out;
  }

  private static Map<String, Object> kerasTensor(SymbolicTensor t, FunctionalGraph graph) {
    // The node index counts only the producing layer's nodes that belong to this model.
    List<Node> nodes = t.layer().inboundNodes();
    int nodeIndex = t.nodeIndex();
    int irrelevant = 0;
    for (int i = 0; i < nodeIndex; i++) {
      if (!graph.contains(nodes.get(i))) {
        irrelevant++;
      }
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("shape", Shapes.toNullableList(t.shape()));
    config.put("dtype", t.dtype().kerasName());
    config.put("keras_history", List.of(t.layer().name(), nodeIndex - irrelevant, t.tensorIndex()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class_name", KERAS_TENSOR);
    out.put("config", config);
    return out;
  }

  /**
   * Keras classes that call {@code _build_at_init()} (or set {@code built} in {@code __init__}): they are built
   * before their first call, so Keras 3.15 records no {@code build_config} for them.
   */
  private static final java.util.Set<String> BUILT_AT_INIT = java.util.Set.of(
      "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
      "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling1D",
      "GlobalAveragePooling2D", "GlobalAveragePooling3D", "LeakyReLU", "ReLU", "ELU", "Activation", "Softmax",
      "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "GaussianNoise",
      "AlphaDropout", "ActivityRegularization", "Identity", "Masking", "Reshape", "UnitNormalization");

  /** A layer as {@code serialize_keras_object} writes it (without the graph keys a model adds). */
  public static Map<String, Object> serializeLayer(Layer layer) {
    if (layer instanceof Model m) {
      return serialize(m);
    }
    if (layer instanceof io.jkeras.ops.Operation op) {
      throw new UnsupportedOperationException("ops." + op.opName() + " ('" + op.name() + "') between layers cannot be "
          + "saved yet; put it in a layer's call(...) or a Lambda of a registered function");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    java.util.Optional<String> registered = LayerRegistry.registeredName(layer.getClass());
    out.put("module", registered.isPresent() ? layer.getClass().getPackageName() : "keras.layers");
    out.put("class_name", layer.className());
    Map<String, Object> config = layer.getConfig();
    if (!(layer instanceof InputLayer) && config.containsKey("batch_shape")) {
      // Keras 3 turns a layer's input_shape into an InputLayer and rejects batch_shape in any other config
      config = new LinkedHashMap<>(config);
      config.remove("batch_shape");
    }
    out.put("config", serializeValue(config));
    out.put("registered_name", registered.orElse(null));
    if (layer instanceof io.jkeras.layers.MultiHeadAttention mha && mha.isBuilt()) {
      out.put("build_config", mha.buildConfig());
    } else if (layer.isBuilt() && !(layer instanceof InputLayer) && !BUILT_AT_INIT.contains(layer.className())) {
      List<Shape> shapes = layer.buildInputShapes();
      Object shape;
      if (shapes.size() == 1) {
        shape = Shapes.toNullableList(shapes.get(0));
      } else {
        List<Object> l = new ArrayList<>();
        for (Shape s : shapes) {
          l.add(Shapes.toNullableList(s));
        }
        shape = l;
      }
      out.put("build_config", buildConfig(shape));
    }
    return out;
  }

  /**
   * A config value as JSON-ready data: {@link KerasSerializable} objects (initializers, regularizers,
   * constraints, ...) become {@code {"module", "class_name", "config", "registered_name"}}.
   */
  public static Object serializeValue(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Layer layer) {
      return serializeLayer(layer);
    }
    if (v instanceof KerasSerializable k) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("module", moduleOf(k));
      out.put("class_name", k.className());
      out.put("config", serializeValue(k.getConfig()));
      out.put("registered_name", null);
      return out;
    }
    if (v instanceof DType d) {
      return d.kerasName();
    }
    if (v instanceof Shape s) {
      return Shapes.toNullableList(s);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), serializeValue(e.getValue()));
      }
      return out;
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      for (Object o : it) {
        out.add(serializeValue(o));
      }
      return out;
    }
    if (v.getClass().isArray()) {
      List<Object> out = new ArrayList<>();
      int n = java.lang.reflect.Array.getLength(v);
      for (int i = 0; i < n; i++) {
        out.add(serializeValue(java.lang.reflect.Array.get(v, i)));
      }
      return out;
    }
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(java.util.Locale.ROOT);
    }
    throw new IllegalArgumentException(
        "Cannot write config value " + v + " of type " + v.getClass().getName() + " to JSON");
  }

  private static String moduleOf(KerasSerializable k) {
    if (k instanceof Initializer) {
      return "keras.initializers";
    }
    if (k instanceof Regularizer) {
      return "keras.regularizers";
    }
    if (k instanceof Constraint) {
      return "keras.constraints";
    }
    if (k instanceof LearningRateSchedule) {
      return "keras.optimizers.schedules";
    }
    if (k instanceof Optimizer) {
      return "keras.optimizers";
    }
    if (k instanceof Loss) {
      return "keras.losses";
    }
    if (k instanceof Metric) {
      return "keras.metrics";
    }
    return "keras";
  }

  // ---------------------------------------------------------------- reading

  /** Rebuilds a model from {@link #toJson} (or Keras' own JSON for the layers jkeras knows). */
  public static Model fromJson(String json) {
    Map<String, Object> parsed;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = MAPPER.readValue(json, LinkedHashMap.class);
      // Keras 2's to_json (tf.keras): list-style nodes, batch_input_shape; converted as Keras 3 converts them.
      parsed = m.get("keras_version") instanceof String v && v.startsWith("2") ? LegacyH5.keras3Config(m) : m;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Model JSON is not valid JSON: " + e.getOriginalMessage(), e);
    }
    return fromConfig(parsed);
  }

  /** Rebuilds a model from its serialized form ({@code {"class_name": ..., "config": ...}}). */
  public static Model fromConfig(Map<String, ?> serialized) {
    Object className = serialized.get("class_name");
    Map<String, Object> config = map(serialized.get("config"), "model config");
    if ("Sequential".equals(className)) {
      return sequentialFromConfig(config);
    }
    if ("Functional".equals(className) || "Model".equals(className)) {
      return functionalFromConfig(config);
    }
    throw new IllegalArgumentException(
        "Unknown model class '" + className + "'; jkeras rebuilds 'Functional' and 'Sequential' models");
  }

  private static Layer deserializeLayer(Map<String, Object> layerData) {
    Object className = layerData.get("class_name");
    if (!(className instanceof String cn)) {
      throw new IllegalArgumentException("Layer entry without a 'class_name': " + layerData);
    }
    if (cn.equals("Functional") || cn.equals("Sequential") || cn.equals("Model")) {
      return fromConfig(layerData);
    }
    // Keras writes a custom class's "package>Name" as registered_name and looks it up first
    Object registered = layerData.get("registered_name");
    String key = registered instanceof String r && LayerRegistry.isKnown(r) ? r
        : registered instanceof String r && r.contains(">") ? r : cn;
    return LayerRegistry.fromConfig(key, map(layerData.get("config"), cn + " config"));
  }

  private static Sequential sequentialFromConfig(Map<String, Object> config) {
    Sequential model = new Sequential();
    Object name = config.get("name");
    if (name instanceof String s) {
      model.name(s);
    }
    for (Object o : list(config.get("layers"), "Sequential 'layers'")) {
      model.add(deserializeLayer(map(o, "Sequential layer")));
    }
    Object buildShape = config.get("build_input_shape");
    if (!model.inputLayer().isPresent() && buildShape instanceof List<?> dims && !dims.isEmpty()) {
      long[] d = Shapes.fromNullableList(dims).asArray();
      int[] noBatch = new int[d.length - 1];
      for (int i = 1; i < d.length; i++) {
        noBatch[i - 1] = Math.toIntExact(d[i]);
      }
      model.build(noBatch);
    }
    if (Boolean.FALSE.equals(config.get("trainable"))) {
      model.trainable(false);
    }
    return model;
  }

  /** Signals a node whose input layers have not made the needed node yet (Keras' IndexError). */
  private static final class NotReady extends RuntimeException {
    NotReady() {
      super(null, null, false, false);
    }
  }

  private static Model functionalFromConfig(Map<String, Object> config) {
    Map<String, Layer> created = new LinkedHashMap<>();
    Map<Layer, List<Map<String, Object>>> unprocessed = new IdentityHashMap<>();
    List<Map<String, Object>> layersData = new ArrayList<>();
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Object o : list(config.get("layers"), "model 'layers'")) {
      entries.add(map(o, "layer entry"));
    }
    Set<String> maskOps = maskOnlyOperations(entries, config.get("output_layers"));
    for (Map<String, Object> layerData : entries) {
      if (maskOps.contains(layerData.get("name"))) {
        continue; // jkeras derives the mask itself (Embedding's mask_zero, Masking)
      }
      layersData.add(layerData);
      Layer layer = deserializeLayer(layerData);
      Object name = layerData.get("name");
      String layerName = name instanceof String s ? s : layer.name();
      created.put(layerName, layer);
      for (Object nodeData : list(layerData.getOrDefault("inbound_nodes", List.of()), "inbound_nodes")) {
        unprocessed.computeIfAbsent(layer, k -> new ArrayList<>()).add(map(nodeData, "inbound node"));
      }
    }

    // Nodes in layer order; a node whose inputs do not exist yet waits for the next pass (shared layers at
    // several depths).
    while (!unprocessed.isEmpty()) {
      boolean progress = false;
      for (Map<String, Object> layerData : layersData) {
        Layer layer = created.get((String) layerData.get("name"));
        List<Map<String, Object>> pending = unprocessed.get(layer);
        if (pending == null) {
          continue;
        }
        int done = 0;
        while (done < pending.size()) {
          try {
            processNode(layer, pending.get(done), created, maskOps);
          } catch (NotReady e) {
            break;
          }
          done++;
        }
        if (done >= pending.size()) {
          unprocessed.remove(layer);
          progress = true;
        } else if (done > 0) {
          unprocessed.put(layer, new ArrayList<>(pending.subList(done, pending.size())));
          progress = true;
        }
      }
      if (!progress) {
        List<String> names = new ArrayList<>();
        unprocessed.keySet().forEach(l -> names.add(l.name()));
        throw new IllegalArgumentException(
            "Invalid Functional model configuration: the graph has loops or disconnected nodes; layers whose"
                + " calls cannot be resolved: " + names);
      }
    }

    Object inputStruct = config.get("input_layers");
    Object outputStruct = config.get("output_layers");
    Model model = buildModel(inputStruct, outputStruct, created);
    Object name = config.get("name");
    if (name instanceof String s) {
      model.name(s);
    }
    if (Boolean.FALSE.equals(config.get("trainable"))) {
      model.trainable(false);
    }
    return model;
  }

  private static Model buildModel(Object inputStruct, Object outputStruct, Map<String, Layer> created) {
    boolean inputsByName = inputStruct instanceof Map<?, ?>;
    boolean outputsByName = outputStruct instanceof Map<?, ?>;
    if (inputsByName) {
      Map<String, SymbolicTensor> in = tensorMap(inputStruct, created);
      if (outputsByName) {
        return Model.of(in, tensorMap(outputStruct, created));
      }
      List<SymbolicTensor> out = tensorList(outputStruct, created);
      return isLeaf(outputStruct) ? Model.of(in, out.get(0)) : Model.of(in, out);
    }
    if (outputsByName) {
      throw new IllegalArgumentException(
          "Models with a list of inputs and a dict of outputs cannot be rebuilt yet; give both as dicts");
    }
    List<SymbolicTensor> in = tensorList(inputStruct, created);
    List<SymbolicTensor> out = tensorList(outputStruct, created);
    if (isLeaf(inputStruct)) {
      return isLeaf(outputStruct) ? Model.of(in.get(0), out.get(0)) : Model.of(in.get(0), out);
    }
    return isLeaf(outputStruct) ? Model.of(in, out.get(0)) : Model.of(in, out);
  }

  private static boolean isLeaf(Object struct) {
    return struct instanceof List<?> l && l.size() == 3 && l.get(0) instanceof String;
  }

  private static Map<String, SymbolicTensor> tensorMap(Object struct, Map<String, Layer> created) {
    Map<String, SymbolicTensor> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) struct).entrySet()) {
      out.put((String) e.getKey(), tensorAt(e.getValue(), created));
    }
    return out;
  }

  private static List<SymbolicTensor> tensorList(Object struct, Map<String, Layer> created) {
    if (isLeaf(struct)) {
      return List.of(tensorAt(struct, created));
    }
    List<SymbolicTensor> out = new ArrayList<>();
    for (Object o : list(struct, "input_layers/output_layers")) {
      out.add(tensorAt(o, created));
    }
    return out;
  }

  /** Keras' {@code get_tensor}: a {@code [layer, node, tensor]} reference; Functional node numbers start at 1. */
  private static SymbolicTensor tensorAt(Object ref, Map<String, Layer> created) {
    if (!isLeaf(ref)) {
      throw new IllegalArgumentException("Expected a [layer_name, node_index, tensor_index] reference, got " + ref);
    }
    List<?> l = (List<?>) ref;
    String layerName = (String) l.get(0);
    Layer layer = created.get(layerName);
    if (layer == null) {
      throw new IllegalArgumentException("Model config refers to unknown layer '" + layerName + "'");
    }
    int nodeIndex = ((Number) l.get(1)).intValue();
    if (isFunctional(layer)) {
      nodeIndex -= 1;
    }
    return output(layer, nodeIndex, ((Number) l.get(2)).intValue(), false);
  }

  private static SymbolicTensor output(Layer layer, int nodeIndex, int tensorIndex, boolean mayWait) {
    List<Node> nodes = layer.inboundNodes();
    if (nodeIndex < 0 || nodeIndex >= nodes.size()) {
      if (mayWait) {
        throw new NotReady();
      }
      throw new IllegalArgumentException("Layer '" + layer.name() + "' has no node " + nodeIndex);
    }
    List<SymbolicTensor> outs = nodes.get(nodeIndex).outputs();
    if (tensorIndex < 0 || tensorIndex >= outs.size()) {
      throw new IllegalArgumentException(
          "Layer '" + layer.name() + "' node " + nodeIndex + " has no output " + tensorIndex);
    }
    return outs.get(tensorIndex);
  }

  /**
   * The operation nodes (not layers) of a Keras 3 functional config whose outputs are only ever passed as masks:
   * Keras 3.15 records the mask an {@code Embedding(mask_zero=True)} or {@code Masking} computes as a {@code
   * NotEqual} (and {@code Any}) operation node feeding other nodes' {@code mask} keyword arguments. jkeras carries
   * those masks itself, so these nodes are left out.
   */
  private static Set<String> maskOnlyOperations(List<Map<String, Object>> entries, Object outputLayers) {
    Set<String> ops = new java.util.LinkedHashSet<>();
    Set<String> layers = LayerRegistry.knownClassNames();
    for (Map<String, Object> e : entries) {
      boolean op = e.get("module") instanceof String m ? m.startsWith("keras.src.ops")
          // legacy .h5 configs have no module: a class that is neither a known layer nor a model
          : e.get("class_name") instanceof String c && !layers.contains(c) && !c.equals("Functional")
              && !c.equals("Sequential") && !c.equals("Model");
      if (op && e.get("name") instanceof String n) {
        ops.add(n);
      }
    }
    if (ops.isEmpty()) {
      return ops;
    }
    Set<String> maskOnly = new java.util.LinkedHashSet<>(ops);
    boolean changed = true;
    while (changed) {
      Set<String> usedAsData = new java.util.HashSet<>();
      historyNames(outputLayers, usedAsData);
      for (Map<String, Object> e : entries) {
        if (maskOnly.contains(e.get("name"))) {
          continue;
        }
        for (Object node : e.get("inbound_nodes") instanceof List<?> l ? l : List.of()) {
          if (node instanceof Map<?, ?> nd) {
            historyNames(nd.get("args"), usedAsData);
            if (nd.get("kwargs") instanceof Map<?, ?> kw) {
              kw.forEach((k, v) -> {
                if (!(k instanceof String key && (key.equals("mask") || key.endsWith("_mask")))) {
                  historyNames(v, usedAsData);
                }
              });
            }
          }
        }
      }
      changed = maskOnly.removeAll(usedAsData);
    }
    return maskOnly;
  }

  /** The layer names in the {@code keras_history} of every Keras tensor (or list-style reference) in {@code o}. */
  private static void historyNames(Object o, Set<String> out) {
    if (isKerasTensor(o)) {
      Object history = ((Map<?, ?>) ((Map<?, ?>) o).get("config")).get("keras_history");
      if (history instanceof List<?> h && !h.isEmpty() && h.get(0) instanceof String n) {
        out.add(n);
      }
    } else if (o instanceof List<?> l) {
      if (!l.isEmpty() && l.get(0) instanceof String n) {
        out.add(n); // output_layers: ["dense", 0, 0]
      }
      l.forEach(x -> historyNames(x, out));
    } else if (o instanceof Map<?, ?> m) {
      m.values().forEach(x -> historyNames(x, out));
    }
  }

  private static void processNode(Layer layer, Map<String, Object> nodeData, Map<String, Layer> created,
      Set<String> maskOps) {
    List<Object> args = list(nodeData.getOrDefault("args", List.of()), "node args");
    if (layer.acceptsCallArguments()) {
      List<SymbolicTensor> positional = new ArrayList<>();
      collectTensors(args, positional, created);
      Map<String, Object> kwargs = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : map(nodeData.getOrDefault("kwargs", Map.of()), "node kwargs").entrySet()) {
        Object v = e.getValue();
        Set<String> refs = new java.util.HashSet<>();
        historyNames(v, refs);
        if (!refs.isEmpty() && maskOps.containsAll(refs)) {
          continue; // a mask jkeras carries itself
        }
        kwargs.put(e.getKey(), isKerasTensor(v) ? revive(v, created) : v);
      }
      layer.applyCall(positional, kwargs);
      return;
    }
    List<SymbolicTensor> inputs = new ArrayList<>();
    boolean single = args.size() == 1 && isKerasTensor(args.get(0));
    if (args.size() == 1 && args.get(0) instanceof Map<?, ?> m && !isKerasTensor(m)) {
      // A model called on a dict: its inputs in the model's input order (by key).
      Map<String, Object> byName = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        byName.put((String) e.getKey(), e.getValue());
      }
      Map<String, Object> ordered = byName;
      if (layer instanceof Model model && model.hasGraph() && model.inputsByName()) {
        ordered = new LinkedHashMap<>();
        for (String k : model.inputNames()) {
          ordered.put(k, byName.get(k));
        }
      }
      for (Object v : ordered.values()) {
        inputs.add(revive(v, created));
      }
    } else {
      collectTensors(args, inputs, created);
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Layer '" + layer.name() + "': inbound node without input tensors");
    }
    // applyAll also for one input: a layer may have several outputs (an LSTM with return_state).
    layer.applyAll(single ? List.of(inputs.get(0)) : inputs);
  }

  private static void collectTensors(Object o, List<SymbolicTensor> out, Map<String, Layer> created) {
    if (isKerasTensor(o)) {
      out.add(revive(o, created));
    } else if (o instanceof List<?> l) {
      for (Object x : l) {
        collectTensors(x, out, created);
      }
    } else if (o instanceof Map<?, ?> m) {
      for (Object x : new TreeMap<>(m).values()) {
        collectTensors(x, out, created);
      }
    }
  }

  private static boolean isKerasTensor(Object o) {
    return o instanceof Map<?, ?> m && KERAS_TENSOR.equals(m.get("class_name"));
  }

  private static SymbolicTensor revive(Object serialized, Map<String, Layer> created) {
    Map<String, Object> config = map(((Map<?, ?>) serialized).get("config"), "__keras_tensor__ config");
    List<Object> history = list(config.get("keras_history"), "keras_history");
    String layerName = (String) history.get(0);
    Layer layer = created.get(layerName);
    if (layer == null) {
      throw new IllegalArgumentException("Model config: unknown layer '" + layerName + "' in keras_history");
    }
    return output(layer, ((Number) history.get(1)).intValue(), ((Number) history.get(2)).intValue(), true);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("Model JSON: " + what + " must be an object, got " + o);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o, String what) {
    if (!(o instanceof List<?>)) {
      throw new IllegalArgumentException("Model JSON: " + what + " must be a list, got " + o);
    }
    return (List<Object>) o;
  }
}
