package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Layer;
import io.jkeras.ExampleModels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keras 3's model JSON: its shape, and round trips that rebuild the same architecture. */
class ModelSerializerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  private static JsonNode tree(Model m) throws Exception {
    return MAPPER.readTree(m.toJson());
  }

  private static JsonNode layer(JsonNode modelJson, String name) {
    for (JsonNode l : modelJson.get("config").get("layers")) {
      if (l.get("name").asText().equals(name)) {
        return l;
      }
    }
    throw new AssertionError("no layer " + name);
  }

  private static JsonNode history(JsonNode kerasTensor) {
    assertEquals("__keras_tensor__", kerasTensor.get("class_name").asText());
    return kerasTensor.get("config").get("keras_history");
  }

  private static List<String> names(List<? extends Layer> layers) {
    List<String> out = new ArrayList<>();
    layers.forEach(l -> out.add(l.name()));
    return out;
  }

  private static List<String> shapes(List<SymbolicTensor> tensors) {
    List<String> out = new ArrayList<>();
    tensors.forEach(t -> out.add(Shapes.format(t.shape()) + " " + t.dtype().kerasName()));
    return out;
  }

  /** Rebuilds from JSON, then checks architecture, summary and JSON equality, also after a second trip. */
  private static Model assertRoundTrip(Model original) {
    String json = original.toJson();
    Model copy = Model.fromJson(json);
    assertEquals(original.getClass(), copy.getClass());
    assertEquals(original.name(), copy.name());
    assertEquals(names(original.layers()), names(copy.layers()));
    assertEquals(original.countParams(), copy.countParams());
    assertEquals(original.hasGraph(), copy.hasGraph());
    if (original.hasGraph()) {
      assertEquals(original.inputNames(), copy.inputNames());
      assertEquals(original.outputNames(), copy.outputNames());
      assertEquals(shapes(original.inputs()), shapes(copy.inputs()));
      assertEquals(shapes(original.outputs()), shapes(copy.outputs()));
    }
    assertEquals(original.summaryString(), copy.summaryString());
    assertEquals(json, copy.toJson());
    Model third = Model.fromJson(copy.toJson());
    assertEquals(json, third.toJson());
    assertEquals(original.summaryString(), third.summaryString());
    return copy;
  }

  @Test
  void functionalCnn_json() throws Exception {
    JsonNode j = tree(ExampleModels.functionalCnn());
    assertEquals("keras.src.models.functional", j.get("module").asText());
    assertEquals("Functional", j.get("class_name").asText());
    assertEquals("Functional", j.get("registered_name").asText());
    assertTrue(j.get("build_config").get("input_shape").isNull());
    JsonNode config = j.get("config");
    assertEquals("functional", config.get("name").asText());
    assertTrue(config.get("trainable").asBoolean());
    assertEquals(8, config.get("layers").size());

    JsonNode input = config.get("layers").get(0);
    assertEquals("keras.layers", input.get("module").asText());
    assertEquals("InputLayer", input.get("class_name").asText());
    assertTrue(input.get("registered_name").isNull());
    assertFalse(input.has("build_config"));
    assertEquals(0, input.get("inbound_nodes").size());

    JsonNode conv = layer(j, "conv2d");
    assertEquals("[null,26,26,1]".replace("26,26", "28,28"), conv.get("build_config").get("input_shape").toString());
    JsonNode node = conv.get("inbound_nodes").get(0);
    assertEquals(0, node.get("kwargs").size());
    JsonNode arg = node.get("args").get(0);
    assertEquals("[null,28,28,1]", arg.get("config").get("shape").toString());
    assertEquals("float32", arg.get("config").get("dtype").asText());
    assertEquals("[\"input_layer\",0,0]", history(arg).toString());
    // Initializers are written as Keras objects.
    JsonNode init = conv.get("config").get("kernel_initializer");
    assertEquals("keras.initializers", init.get("module").asText());
    assertEquals("GlorotUniform", init.get("class_name").asText());
    assertTrue(init.get("registered_name").isNull());

    // A single input/output is a plain [layer, node, tensor] reference.
    assertEquals("[\"input_layer\",0,0]", config.get("input_layers").toString());
    assertEquals("[\"dense_1\",0,0]", config.get("output_layers").toString());
  }

  @Test
  void json_usesPythonSeparators() {
    String json = ExampleModels.functionalCnn().toJson();
    assertTrue(json.startsWith("{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", "
        + "\"config\": {\"name\": \"functional\", \"trainable\": true, \"layers\": [{\"module\": \"keras.layers\", "
        + "\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 28, 28, 1]"), json);
    assertTrue(json.endsWith("\"input_layers\": [\"input_layer\", 0, 0], \"output_layers\": [\"dense_1\", 0, 0]}, "
        + "\"registered_name\": \"Functional\", \"build_config\": {\"input_shape\": null}}"), json);
  }

  @Test
  void multimodal_dictInputsOutputsAndListArgs() throws Exception {
    JsonNode j = tree(ExampleModels.multimodal());
    JsonNode config = j.get("config");
    List<String> inputKeys = new ArrayList<>();
    config.get("input_layers").fieldNames().forEachRemaining(inputKeys::add);
    assertEquals(List.of("audio", "image", "metadata", "video"), inputKeys);
    assertEquals("[\"image\",0,0]", config.get("input_layers").get("image").toString());
    List<String> outputKeys = new ArrayList<>();
    config.get("output_layers").fieldNames().forEachRemaining(outputKeys::add);
    assertEquals(List.of("classification_output", "regression_output"), outputKeys);

    JsonNode args = layer(j, "concatenate").get("inbound_nodes").get(0).get("args");
    assertEquals(1, args.size());
    assertTrue(args.get(0).isArray(), "Concatenate is called on one list");
    List<String> sources = new ArrayList<>();
    args.get(0).forEach(t -> sources.add(history(t).get(0).asText()));
    assertEquals(List.of("flatten", "metadata", "audio", "flatten_1"), sources);
    assertEquals("[[null,12544],[null,10],[null,100],[null,49152]]",
        layer(j, "concatenate").get("build_config").get("input_shape").toString());
  }

  @Test
  void sharedLayer_hasTwoInboundNodes() throws Exception {
    JsonNode j = tree(ExampleModels.sharedLayerModel());
    JsonNode dense = layer(j, "dense");
    assertEquals(2, dense.get("inbound_nodes").size());
    assertEquals("[\"input_layer\",0,0]", history(dense.get("inbound_nodes").get(0).get("args").get(0)).toString());
    assertEquals("[\"input_layer_1\",0,0]",
        history(dense.get("inbound_nodes").get(1).get("args").get(0)).toString());
    JsonNode concatArgs = layer(j, "concatenate").get("inbound_nodes").get(0).get("args").get(0);
    assertEquals("[\"dense\",0,0]", history(concatArgs.get(0)).toString());
    assertEquals("[\"dense\",1,0]", history(concatArgs.get(1)).toString());
    assertEquals("[[\"input_layer\",0,0],[\"input_layer_1\",0,0]]", j.get("config").get("input_layers").toString());
  }

  @Test
  void nodesOutsideTheModelAreNotCounted() throws Exception {
    var shared = new Dense(2);
    shared.apply(Input.of(3)); // node 0, not part of the model below
    var in = Input.of(3);
    var model = Model.of(in, new Dense(1).apply(shared.apply(in)));
    JsonNode j = tree(model);
    assertEquals(1, layer(j, "dense").get("inbound_nodes").size());
    JsonNode arg = layer(j, "dense_1").get("inbound_nodes").get(0).get("args").get(0);
    assertEquals("[\"dense\",0,0]", history(arg).toString());
    assertRoundTrip(model);
  }

  @Test
  void nestedModel_configInsideLayers() throws Exception {
    JsonNode j = tree(ExampleModels.nestedModel());
    JsonNode encoder = layer(j, "encoder");
    assertEquals("Functional", encoder.get("class_name").asText());
    assertEquals("keras.src.models.functional", encoder.get("module").asText());
    assertEquals("encoder", encoder.get("config").get("name").asText());
    assertEquals(2, encoder.get("config").get("layers").size());
    assertTrue(encoder.get("build_config").get("input_shape").isNull());
    assertEquals("[\"input_layer_1\",0,0]",
        history(encoder.get("inbound_nodes").get(0).get("args").get(0)).toString());
    assertEquals("[\"encoder\",0,0]",
        history(layer(j, "dense").get("inbound_nodes").get(0).get("args").get(0)).toString());
  }

  @Test
  void nestedModelAsOutput_countsFromOne() throws Exception {
    var in = Input.of(4);
    var inner = Model.of(in, new Dense(2).apply(in)).name("inner");
    var x = Input.of(4);
    var outer = Model.of(x, inner.apply(x));
    // Keras numbers a Functional's nodes from 1 in input_layers/output_layers.
    assertEquals("[\"inner\",1,0]", tree(outer).get("config").get("output_layers").toString());
    Model copy = assertRoundTrip(outer);
    assertEquals(10, copy.countParams());
  }

  @Test
  void sequential_json() throws Exception {
    JsonNode j = tree(ExampleModels.sequentialCnn());
    assertEquals("keras", j.get("module").asText());
    assertEquals("Sequential", j.get("class_name").asText());
    assertTrue(j.get("registered_name").isNull());
    assertEquals("[null,28,28,1]", j.get("build_config").get("input_shape").toString());
    JsonNode config = j.get("config");
    assertEquals("sequential", config.get("name").asText());
    assertEquals("[null,28,28,1]", config.get("build_input_shape").toString());
    assertEquals(8, config.get("layers").size());
    assertEquals("InputLayer", config.get("layers").get(0).get("class_name").asText());
    assertFalse(config.get("layers").get(1).has("inbound_nodes"));
  }

  @Test
  void roundTrips() {
    List<Supplier<Model>> programs = List.of(
        ExampleModels::functionalCnn,
        ExampleModels::sequentialCnn,
        ExampleModels::multimodal,
        ExampleModels::sharedLayerModel,
        ExampleModels::nestedModel);
    for (Supplier<Model> program : programs) {
      Keras.clearSession();
      assertRoundTrip(program.get());
    }
  }

  @Test
  void sequential_roundTripsAsSequential() {
    Model copy = assertRoundTrip(ExampleModels.sequentialCnn());
    assertInstanceOf(Sequential.class, copy);
    assertEquals(121_930, copy.countParams());
    assertEquals(7, copy.layers().size());
  }

  @Test
  void unbuiltSequential_roundTrips() {
    Model copy = assertRoundTrip(Sequential.of(new Dense(4), new Dense(2)));
    assertFalse(copy.hasGraph());
    assertEquals(List.of("dense", "dense_1"), names(copy.layers()));
  }

  @Test
  void sequentialInsideFunctional_roundTrips() {
    var stack = Sequential.of(new Dense(8), new Dense(4));
    var in = Input.of(6);
    var model = Model.of(in, new Dense(1).apply(stack.apply(in)));
    Model copy = assertRoundTrip(model);
    assertEquals(6 * 8 + 8 + 8 * 4 + 4 + 4 + 1, copy.countParams());
  }

  @Test
  void unknownClassName_isAClearError() {
    String json = ExampleModels.functionalCnn().toJson().replace("\"Flatten\"", "\"Flattenish\"");
    var e = assertThrows(IllegalArgumentException.class, () -> Model.fromJson(json));
    assertTrue(e.getMessage().contains("Unknown layer class 'Flattenish'"), e.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> Model.fromJson("{\"class_name\": \"Subclassed\", \"config\": {}}"));
    assertTrue(e2.getMessage().contains("Unknown model class 'Subclassed'"), e2.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Model.fromJson("{not json"));
  }

  @Test
  void pythonFloatRepr() {
    assertEquals("0.001", PythonJson.floatRepr(0.001, null));
    assertEquals("1e-07", PythonJson.floatRepr(1e-7, null));
    assertEquals("1.5e-05", PythonJson.floatRepr(1.5e-5, null));
    assertEquals("0.0001", PythonJson.floatRepr(1e-4, null));
    assertEquals("1.0", PythonJson.floatRepr(1.0, null));
    assertEquals("0.5", PythonJson.floatRepr(0.5, null));
    assertEquals("1e+16", PythonJson.floatRepr(1e16, null));
    assertEquals("1234567890123456.0", PythonJson.floatRepr(1234567890123456.0, null));
    assertEquals("-2.5", PythonJson.floatRepr(-2.5, null));
    assertEquals("0.1", PythonJson.floatRepr(0.1f, Float.toString(0.1f)));
    StringBuilder sb = new StringBuilder();
    PythonJson.write(java.util.Map.of("k", "é\"\n"), sb);
    assertEquals("{\"k\": \"\\u00e9\\\"\\n\"}", sb.toString());
  }

  /** JSON as Keras 3.x writes it for Input(784) -> Dense(64, relu) -> Dense(10, softmax), dtype policies included. */
  private static final String KERAS_JSON = "{\"module\": \"keras.src.models.functional\", \"class_name\": \"Functional\", "
      + "\"config\": {\"name\": \"mnist_model\", \"trainable\": true, \"layers\": ["
      + "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 784], "
      + "\"dtype\": \"float32\", \"sparse\": false, \"ragged\": false, \"name\": \"digits\"}, \"registered_name\": null, "
      + "\"name\": \"digits\", \"inbound_nodes\": []}, "
      + dense("dense", 64, "relu", "digits", 784) + ", "
      + dense("predictions", 10, "softmax", "dense", 64) + "], "
      + "\"input_layers\": [[\"digits\", 0, 0]], \"output_layers\": [[\"predictions\", 0, 0]]}, "
      + "\"registered_name\": \"Functional\", \"build_config\": {\"input_shape\": null}}";

  private static String dense(String name, int units, String activation, String from, int inDim) {
    return "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", "
        + "\"trainable\": true, \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", "
        + "\"config\": {\"name\": \"float32\"}, \"registered_name\": null}, \"units\": " + units + ", "
        + "\"activation\": \"" + activation + "\", \"use_bias\": true, \"kernel_initializer\": {\"module\": "
        + "\"keras.initializers\", \"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}, "
        + "\"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\", "
        + "\"class_name\": \"Zeros\", \"config\": {}, \"registered_name\": null}, \"kernel_regularizer\": null, "
        + "\"bias_regularizer\": null, \"kernel_constraint\": null, \"bias_constraint\": null}, "
        + "\"registered_name\": null, \"build_config\": {\"input_shape\": [null, " + inDim + "]}, "
        + "\"name\": \"" + name + "\", \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", "
        + "\"config\": {\"shape\": [null, " + inDim + "], \"dtype\": \"float32\", \"keras_history\": [\"" + from
        + "\", 0, 0]}}], \"kwargs\": {}}]}";
  }

  @Test
  void readsKerasJson() {
    Model m = Model.fromJson(KERAS_JSON);
    assertEquals("mnist_model", m.name());
    assertEquals(List.of("digits", "dense", "predictions"), names(m.layers()));
    // Keras: 784*64 + 64 + 64*10 + 10.
    assertEquals(50_890, m.countParams());
    assertEquals(List.of("digits"), m.inputNames());
    assertEquals(List.of("predictions"), m.outputNames());
    assertEquals("(None, 10)", Shapes.format(m.outputs().get(0).shape()));
    // Lists of one stay lists, as in Keras.
    assertTrue(m.toJson().contains("\"input_layers\": [[\"digits\", 0, 0]], \"output_layers\": [[\"predictions\", 0, 0]]"));
    assertRoundTrip(m);
  }

  @Test
  void layerDtypeIsWrittenAsKeras3DTypePolicyAndReadInBothForms() throws Exception {
    Model m = Model.fromJson(KERAS_JSON);
    JsonNode dtype = new ObjectMapper().readTree(m.toJson()).get("config").get("layers").get(1).get("config")
        .get("dtype");
    assertEquals("DTypePolicy", dtype.get("class_name").asText());
    assertEquals("keras", dtype.get("module").asText());
    assertEquals("float32", dtype.get("config").get("name").asText());

    java.util.Map<String, Object> policy64 = io.jkeras.DType.FLOAT64.toPolicyConfig();
    Layer fromPolicy = io.jkeras.layers.LayerRegistry.fromConfig("Dense",
        java.util.Map.of("name", "d", "units", 2, "dtype", policy64));
    assertEquals(io.jkeras.DType.FLOAT64, fromPolicy.dtype());
    Layer fromName = io.jkeras.layers.LayerRegistry.fromConfig("Dense",
        java.util.Map.of("name", "d", "units", 2, "dtype", "float64"));
    assertEquals(io.jkeras.DType.FLOAT64, fromName.dtype());

    var mixed = java.util.Map.of("module", "keras", "class_name", "DTypePolicy",
        "config", java.util.Map.of("name", "mixed_bfloat16"));
    var e = assertThrows(IllegalArgumentException.class, () -> io.jkeras.layers.LayerRegistry.fromConfig("Dense",
        java.util.Map.of("name", "d", "units", 2, "dtype", mixed)));
    assertTrue(e.getMessage().contains("mixed_bfloat16"), e.getMessage());
  }
}
