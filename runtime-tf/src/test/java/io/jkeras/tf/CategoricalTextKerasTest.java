package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.CategoryEncoding;
import io.jkeras.layers.Discretization;
import io.jkeras.layers.Hashing;
import io.jkeras.layers.IndexLookup;
import io.jkeras.layers.IntegerLookup;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerRegistry;
import io.jkeras.layers.StringLookup;
import io.jkeras.layers.TextVectorization;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The categorical and text preprocessing layers give Keras 3.15.1's outputs, vocabularies, bin boundaries and
 * configs on the same inputs (fixtures of tools/keras-crosscheck/make_preprocessing_fixtures.py), adapted in
 * Java where Keras adapted, and run in a model on string, int64 or float inputs.
 */
class CategoricalTextKerasTest {
  private static Map<String, Map<String, Object>> cases;

  /** Config keys an adapted layer writes differently: jkeras keeps the vocabulary in the config (see docs). */
  private static final Set<String> ADAPTED_KEYS = Set.of("vocabulary", "idf_weights");

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    try (InputStream in = CategoricalTextKerasTest.class.getResourceAsStream("/preprocessing/preprocessing.json")) {
      cases = (Map<String, Map<String, Object>>) new ObjectMapper().readValue(in, Map.class).get("cases");
    }
  }

  private static Arguments c(String name, Supplier<Layer> layer) {
    return Arguments.of(name, layer);
  }

  static Stream<Arguments> layers() {
    return Stream.of(
        c("category_encoding_one_hot", () -> new CategoryEncoding(4).outputMode("one_hot")),
        c("category_encoding_multi_hot", () -> new CategoryEncoding(4)),
        c("category_encoding_count", () -> new CategoryEncoding(5).outputMode("count")),
        c("discretization_int", () -> new Discretization(new double[] {-1.0, 0.0, 1.5})),
        c("discretization_one_hot", () -> new Discretization(new double[] {0.0, 1.0}).outputMode("one_hot")),
        c("discretization_count", () -> new Discretization(new double[] {0.0, 1.0}).outputMode("count")),
        c("discretization_adapt", () -> new Discretization(4)),
        c("discretization_adapt_small", () -> new Discretization(3)),
        c("discretization_adapt_eps", () -> new Discretization(5).epsilon(0.05)),
        c("hashing_int", () -> new Hashing(8)),
        c("hashing_string", () -> new Hashing(5)),
        c("hashing_salt", () -> new Hashing(7).salt(133, 137)),
        c("hashing_mask", () -> new Hashing(5).maskValue("")),
        c("hashing_multi_hot", () -> new Hashing(6).outputMode("multi_hot")),
        c("hashing_float", () -> new Hashing(9)),
        c("integer_lookup", () -> new IntegerLookup().vocabulary(List.of(12, 36, 1138, 42))),
        c("integer_lookup_adapt", () -> new IntegerLookup().maxTokens(5)),
        c("integer_lookup_mask", () -> new IntegerLookup().maskToken(0).vocabulary(List.of(5, 6))),
        c("integer_lookup_oov2", () -> new IntegerLookup().numOovIndices(2).vocabulary(List.of(5, 6))),
        c("integer_lookup_multi_hot", () -> new IntegerLookup().outputMode("multi_hot").vocabulary(List.of(5, 6, 7))),
        c("string_lookup", () -> new StringLookup().vocabulary(List.of("a", "b", "c", "d"))),
        c("string_lookup_adapt", () -> new StringLookup().maxTokens(4)),
        c("string_lookup_one_hot", () -> new StringLookup().outputMode("one_hot").vocabulary(List.of("a", "b"))),
        c("string_lookup_count", () -> new StringLookup().outputMode("count").vocabulary(List.of("a", "b"))),
        c("string_lookup_tf_idf", () -> new StringLookup().outputMode("tf_idf")),
        c("string_lookup_oov2", () -> new StringLookup().numOovIndices(3).vocabulary(List.of("a", "b"))),
        c("string_lookup_mask", () -> new StringLookup().maskToken("").vocabulary(List.of("a", "b"))),
        c("text_int", () -> new TextVectorization().maxTokens(20).outputSequenceLength(6)),
        c("text_int_ragged_pad", TextVectorization::new),
        c("text_bigrams", () -> new TextVectorization().ngrams(2).outputMode("multi_hot")),
        c("text_count", () -> new TextVectorization().outputMode("count").standardize("lower")),
        c("text_tf_idf", () -> new TextVectorization().outputMode("tf_idf").maxTokens(12)),
        c("text_character", () -> new TextVectorization().split("character").outputSequenceLength(8)
            .standardize(null)),
        c("text_no_split", () -> new TextVectorization().split(null).standardize(null)
            .vocabulary(List.of("the cat and the dog", "x"))),
        c("text_vocabulary", () -> new TextVectorization().vocabulary(List.of("cat", "dog", "the"))
            .outputSequenceLength(4)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  @SuppressWarnings("unchecked")
  void matchesKeras(String name, Supplier<Layer> make) {
    Map<String, Object> k = cases.get(name);
    Layer layer = make.get();
    boolean adapted = k.containsKey("adapt");
    if (adapted) {
      Object data = array(k.get("adapt"));
      if (layer instanceof IndexLookup<?> l) {
        l.adapt(data);
      } else if (layer instanceof TextVectorization t) {
        t.adapt(data);
      } else {
        ((Discretization) layer).adapt(data);
      }
    }
    if (k.containsKey("vocabulary")) {
      List<Object> vocab = layer instanceof TextVectorization t ? t.getVocabulary()
          : ((IndexLookup<?>) layer).getVocabulary();
      assertEquals(normalize((List<Object>) k.get("vocabulary")), normalize(vocab), name + ": vocabulary");
    }
    if (k.containsKey("bin_boundaries")) {
      List<Double> b = new ArrayList<>();
      for (double v : ((Discretization) layer).binBoundaries()) {
        b.add(v);
      }
      assertTrue(PreprocessingKerasTest.sameValue(k.get("bin_boundaries"), b),
          name + ": bin boundaries: Keras " + k.get("bin_boundaries") + ", jkeras " + b);
    }
    Map<String, Object> kerasConfig = (Map<String, Object>) k.get("config");
    Map<String, Object> ours = layer.getConfig();
    if (adapted) {
      kerasConfig = new java.util.LinkedHashMap<>(kerasConfig);
      ours = new java.util.LinkedHashMap<>(ours);
      for (String key : ADAPTED_KEYS) {
        kerasConfig.remove(key);
        ours.remove(key);
      }
    }
    PreprocessingKerasTest.assertConfig(name, kerasConfig, ours);
    NdArray<?> x = array(k.get("x"));
    FloatNdArray expected = PreprocessingKerasTest.floats(k.get("y"));
    assertClose(name, expected, run(layer, x));
    // the config jkeras writes (adapted vocabulary included) rebuilds the same layer
    Layer rebuilt = LayerRegistry.fromConfig(layer.className(), layer.getConfig());
    assertClose(name + " (rebuilt from its config)", expected, run(rebuilt, x));
    if (!adapted) {
      Layer fromKeras = LayerRegistry.fromConfig(layer.className(), (Map<String, Object>) k.get("config"));
      assertClose(name + " (from Keras' config)", expected, run(fromKeras, x));
    }
  }

  private static List<String> normalize(List<Object> v) {
    List<String> out = new ArrayList<>();
    v.forEach(o -> out.add(String.valueOf(o instanceof Number n ? n.longValue() : o)));
    return out;
  }

  private static FloatNdArray run(Layer layer, NdArray<?> x) {
    long[] dims = x.shape().asArray();
    int[] shape = new int[dims.length - 1];
    for (int i = 1; i < dims.length; i++) {
      shape[i - 1] = (int) dims[i];
    }
    DType dtype = x instanceof FloatNdArray ? DType.FLOAT32 : x instanceof LongNdArray ? DType.INT64 : DType.STRING;
    SymbolicTensor in = Input.builder(shape).dtype(dtype).build();
    try (Model m = Model.of(in, layer.apply(in))) {
      return m.predict(x);
    }
  }

  private static void assertClose(String name, FloatNdArray expected, FloatNdArray got) {
    PreprocessingKerasTest.assertClose(name, expected, got, 1e-6f);
  }

  /** A nested JSON list as an ndarray: strings, int64 (whole numbers) or float32. */
  @SuppressWarnings("unchecked")
  static NdArray<?> array(Object nested) {
    List<Long> dims = new ArrayList<>();
    Object cur = nested;
    while (cur instanceof List<?> l) {
      dims.add((long) l.size());
      cur = l.isEmpty() ? null : l.get(0);
    }
    Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
    List<Object> flat = new ArrayList<>();
    flatten(nested, flat);
    if (flat.get(0) instanceof String) {
      NdArray<String> a = NdArrays.ofObjects(String.class, shape);
      var it = flat.iterator();
      a.scalars().forEach(s -> s.setObject((String) it.next()));
      return a;
    }
    if (flat.get(0) instanceof Integer || flat.get(0) instanceof Long) {
      LongNdArray a = NdArrays.ofLongs(shape);
      var it = flat.iterator();
      a.scalars().forEach(s -> s.setLong(((Number) it.next()).longValue()));
      return a;
    }
    return PreprocessingKerasTest.floats(nested);
  }

  private static void flatten(Object o, List<Object> out) {
    if (o instanceof List<?> l) {
      l.forEach(e -> flatten(e, out));
    } else {
      out.add(o);
    }
  }
}
