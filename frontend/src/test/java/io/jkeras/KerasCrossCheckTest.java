package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.AveragePooling1D;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv1D;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Conv3D;
import io.jkeras.layers.Cropping1D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.DepthwiseConv2D;
import io.jkeras.layers.Dot;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.ELU;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GRU;
import io.jkeras.layers.GaussianDropout;
import io.jkeras.layers.GaussianNoise;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.LeakyReLU;
import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.MultiHeadAttention;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.PReLU;
import io.jkeras.layers.Permute;
import io.jkeras.layers.ReLU;
import io.jkeras.layers.RepeatVector;
import io.jkeras.layers.Rescaling;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.SeparableConv2D;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.layers.Softmax;
import io.jkeras.layers.SpatialDropout2D;
import io.jkeras.layers.Subtract;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same models built in Keras 3.15.1 and in jkeras: {@code model.summary()} text, parameter counts per layer,
 * and the Keras {@code model.to_json()} read by {@link Model#fromJson}. The Keras side is
 * {@code tools/keras-crosscheck/summaries.py}, whose output is in {@code src/test/resources/keras/}.
 */
class KerasCrossCheckTest {
  /** A summary row's first line: name, (type), output shape, a parameter count. */
  private static final Pattern ROW = Pattern.compile("^│ (\\S+).*?│[^│]*│\\s+([\\d,]+) │");

  static Stream<Arguments> models() {
    Map<String, Supplier<Model>> m = new LinkedHashMap<>();
    m.put("functional_cnn", ExampleModels::functionalCnn);
    m.put("sequential_cnn", ExampleModels::sequentialCnn);
    m.put("multimodal", ExampleModels::multimodal);
    m.put("recurrent", KerasCrossCheckTest::recurrent);
    m.put("attention", KerasCrossCheckTest::attention);
    m.put("convolutions", KerasCrossCheckTest::convolutions);
    m.put("reshaping", KerasCrossCheckTest::reshaping);
    m.put("merging", KerasCrossCheckTest::merging);
    return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Model recurrent() {
    var tokens = Input.builder(12).name("tokens").dtype(DType.INT32).build();
    var x = new Embedding(50, 8).apply(tokens);
    x = new Bidirectional(new LSTM(6).returnSequences(true)).apply(x);
    x = new GRU(5).returnSequences(true).apply(x);
    x = new SimpleRNN(4).apply(x);
    return Model.of(tokens, new Dense(3).activation("softmax").apply(x)).name("recurrent");
  }

  static Model attention() {
    var seq = Input.of("seq", 10, 16);
    var a = new MultiHeadAttention(2, 8).apply(seq, seq);
    var x = new LayerNormalization().apply(new Add().apply(seq, a));
    x = new Conv1D(8, 3).padding("same").activation("relu").apply(x);
    x = new MaxPooling1D(2).apply(x);
    x = new GlobalAveragePooling1D().apply(x);
    return Model.of(seq, new Dense(2).apply(x)).name("attention");
  }

  static Model convolutions() {
    var img = Input.of("img", 16, 16, 3);
    var x = new Conv2DTranspose(4, 3).strides(2).apply(img);
    x = new DepthwiseConv2D(3).depthMultiplier(2).apply(x);
    x = new SeparableConv2D(8, 3).padding("same").apply(x);
    x = new PReLU().apply(x);
    x = new BatchNormalization().apply(x);
    x = new ZeroPadding2D(1).apply(x);
    x = new AveragePooling2D(2, 2).apply(x);
    x = new GlobalMaxPooling2D().apply(x);
    return Model.of(img, new Dense(5).apply(x)).name("convolutions");
  }

  static Model reshaping() {
    var seq = Input.of("seq", 8, 6);
    var x = new TimeDistributed(new Dense(4)).apply(seq);
    x = new Permute(2, 1).apply(x);
    x = new Cropping1D(1, 1).apply(x);
    x = new AveragePooling1D(2).apply(x);
    x = new GlobalMaxPooling1D().apply(x);
    x = new RepeatVector(3).apply(x);
    x = new Reshape(4, 6, 1).apply(x);
    x = new UpSampling2D(2).apply(x);
    x = new Cropping2D(1, 0, 0, 1).apply(x);
    x = new SpatialDropout2D(0.1).apply(x);
    x = new Conv2D(3, 2).dilationRate(2, 2).useBias(false).apply(x);
    x = new Flatten().apply(x);
    x = new LeakyReLU().apply(x);
    x = new ELU().apply(x);
    x = new ReLU().maxValue(6.0).apply(x);
    x = new GaussianNoise(0.1).apply(x);
    x = new Dropout(0.2).apply(x);
    x = new Rescaling(0.5).apply(x);
    return Model.of(seq, new Softmax().apply(x)).name("reshaping");
  }

  static Model merging() {
    var a = Input.of("a", 6);
    var b = Input.of("b", 6);
    var c = Input.of("c", 2, 2, 2, 1);
    var s = new Subtract().apply(a, b);
    var m = new Multiply().apply(a, b);
    var av = new Average().apply(s, m);
    var mx = new Maximum().apply(s, m);
    var mn = new Minimum().apply(av, mx);
    var d = new Dot(1).apply(mn, a);
    var v = new Flatten().apply(new Conv3D(2, 2).apply(c));
    var x = new Concatenate().apply(List.of(d, v, new Activation("tanh").apply(mn)));
    x = new Dense(4).activation("relu").apply(new GaussianDropout(0.1).apply(x));
    return Model.of(List.of(a, b, c), new Dense(1).name("out").apply(x)).name("merging");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = KerasCrossCheckTest.class.getResourceAsStream("/keras/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource keras/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Model build(Supplier<Model> builder) {
    Keras.clearSession();
    return builder.get();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void summaryIsKeras(String name, Supplier<Model> builder) throws IOException {
    assertEquals(resource(name + ".summary.txt"), build(builder).summaryString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void parameterCountsPerLayerAreKeras(String name, Supplier<Model> builder) throws IOException {
    List<String> keras = new ArrayList<>();
    for (String line : resource(name + ".summary.txt").split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        keras.add(m.group(1) + "=" + m.group(2).replace(",", ""));
      }
    }
    assertFalse(keras.isEmpty(), "no rows read from the Keras summary");
    List<String> ours = new ArrayList<>();
    for (Layer layer : build(builder).layers()) {
      ours.add(layer.name() + "=" + layer.countParams());
    }
    assertEquals(keras.size(), ours.size(), "layers: Keras " + keras + ", jkeras " + ours);
    for (int i = 0; i < keras.size(); i++) {
      String k = keras.get(i);
      int cut = k.indexOf("…="); // a long name is cut short in the summary
      boolean same = cut < 0 ? k.equals(ours.get(i))
          : ours.get(i).startsWith(k.substring(0, cut)) && ours.get(i).endsWith(k.substring(cut + 1));
      assertTrue(same, "layer " + i + ": Keras " + k + ", jkeras " + ours.get(i));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void kerasJsonBuildsTheSameModel(String name, Supplier<Model> builder) throws IOException {
    String expected = build(builder).summaryString();
    Keras.clearSession();
    Model fromKeras = Model.fromJson(resource(name + ".json"));
    assertEquals(expected, fromKeras.summaryString());
  }

  /**
   * Where jkeras' JSON writes {@code build_config} (Keras 3.15 writes none for layers built at construction:
   * poolings, activations, dropouts, Reshape) and the config values jkeras writes that Keras has too. Keys only
   * Keras writes (newer Keras options: {@code quantization_config}, {@code optional}, {@code input_axes}, ...)
   * are left out; keys only jkeras writes are listed in tools/keras-crosscheck/README.md.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void jsonIsKerasWhereBothWriteAKey(String name, Supplier<Model> builder) throws IOException {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var keras = mapper.readTree(resource(name + ".json")).get("config").get("layers");
    String json = build(builder).toJson();
    // for tools/keras-crosscheck/load_jkeras_json.py, which reads it with Keras' model_from_json
    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "keras-crosscheck"));
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "keras-crosscheck", name + ".json"), json);
    var ours = mapper.readTree(json).get("config").get("layers");
    assertEquals(keras.size(), ours.size());
    for (int i = 0; i < keras.size(); i++) {
      var k = keras.get(i);
      var o = ours.get(i);
      String where = name + " layer " + i + " (" + k.get("class_name").asText() + ")";
      assertEquals(k.get("build_config"), o.get("build_config"), where + ": build_config");
      assertSameWhereBoth(k.get("config"), o.get("config"), where + ": config");
      if (!"InputLayer".equals(o.get("class_name").asText())) {
        assertFalse(o.get("config").has("batch_shape"), where + ": Keras rejects batch_shape outside InputLayer");
      }
    }
  }

  private static void assertSameWhereBoth(
      com.fasterxml.jackson.databind.JsonNode keras, com.fasterxml.jackson.databind.JsonNode ours, String where) {
    if (keras.isObject() && ours.isObject()) {
      var it = ours.fieldNames();
      while (it.hasNext()) {
        String key = it.next();
        if (keras.has(key)) {
          assertSameWhereBoth(keras.get(key), ours.get(key), where + "/" + key);
        }
      }
    } else {
      assertEquals(keras, ours, where);
    }
  }

}
