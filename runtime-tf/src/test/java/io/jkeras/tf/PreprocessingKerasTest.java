package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.CenterCrop;
import io.jkeras.layers.Lambda;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerRegistry;
import io.jkeras.layers.RandomBrightness;
import io.jkeras.layers.RandomContrast;
import io.jkeras.layers.RandomFlip;
import io.jkeras.layers.RandomRotation;
import io.jkeras.layers.RandomTranslation;
import io.jkeras.layers.RandomZoom;
import io.jkeras.layers.Resizing;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The image preprocessing layers give Keras 3.15.1's outputs and configs (fixtures of
 * tools/keras-crosscheck/make_preprocessing_fixtures.py). The random layers are checked in training mode with
 * ranges of width zero, whose output is deterministic; the layer rebuilt from Keras' own config gives the same.
 */
class PreprocessingKerasTest {
  private static Map<String, Map<String, Object>> cases;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    try (InputStream in = PreprocessingKerasTest.class.getResourceAsStream("/preprocessing/preprocessing.json")) {
      Map<String, Object> all = new ObjectMapper().readValue(in, Map.class);
      cases = (Map<String, Map<String, Object>>) all.get("cases");
    }
  }

  static Stream<Arguments> imageCases() {
    return Stream.of(
        c("resizing_bilinear", () -> new Resizing(5, 7)),
        c("resizing_nearest", () -> new Resizing(5, 4).interpolation("nearest")),
        c("resizing_crop", () -> new Resizing(4, 4).cropToAspectRatio(true)),
        c("resizing_pad", () -> new Resizing(4, 8).padToAspectRatio(true).fillValue(0.5)),
        c("center_crop", () -> new CenterCrop(4, 3)),
        c("center_crop_up", () -> new CenterCrop(8, 8)),
        c("rotation_reflect", () -> new RandomRotation(0.1, 0.1).fillValue(0.25)),
        c("rotation_constant", () -> new RandomRotation(0.1, 0.1).fillMode("constant").fillValue(0.25)),
        c("rotation_wrap", () -> new RandomRotation(0.1, 0.1).fillMode("wrap").fillValue(0.25)),
        c("rotation_nearest", () -> new RandomRotation(0.1, 0.1).fillMode("nearest").fillValue(0.25)),
        c("rotation_nearest_interpolation", () -> new RandomRotation(-0.2, -0.2).interpolation("nearest")),
        c("rotation_inference", () -> new RandomRotation(0.3)),
        c("zoom", () -> new RandomZoom(new double[] {0.2, 0.2}, new double[] {-0.3, -0.3}).fillMode("constant")
            .fillValue(0.5)),
        c("zoom_keep_aspect", () -> new RandomZoom(new double[] {-0.25, -0.25}, null)),
        c("translation", () -> new RandomTranslation(new double[] {0.25, 0.25}, new double[] {-0.125, -0.125})
            .interpolation("nearest")),
        c("contrast", () -> new RandomContrast(-0.5, 0.5).valueRange(0, 1)),
        c("brightness", () -> new RandomBrightness(0.1, 0.1).valueRange(0, 1)),
        c("brightness_inference", () -> new RandomBrightness(0.3)),
        c("flip_config", () -> new RandomFlip("horizontal").seed(3)));
  }

  private static Arguments c(String name, Supplier<Layer> layer) {
    return Arguments.of(name, layer);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("imageCases")
  @SuppressWarnings("unchecked")
  void matchesKeras(String name, Supplier<Layer> make) {
    Map<String, Object> k = cases.get(name);
    Map<String, Object> kerasConfig = (Map<String, Object>) k.get("config");
    Layer layer = make.get();
    assertConfig(name, kerasConfig, layer.getConfig());
    // Keras' own config rebuilds the same layer
    Layer rebuilt = LayerRegistry.fromConfig(layer.className(), kerasConfig);
    assertConfig(name + " (from Keras' config)", kerasConfig, rebuilt.getConfig());
    FloatNdArray x = floats(k.get("x"));
    boolean training = (Boolean) k.get("training");
    if (name.equals("flip_config")) {
      return;   // its draws are random; RandomLayersTest checks them
    }
    for (Layer l : List.of(layer, rebuilt)) {
      FloatNdArray got = run(l, x, training);
      assertClose(name, floats(k.get("y")), got, 2e-5f);
    }
  }

  /** The layer's output on {@code x}, in training mode through a Lambda that calls it with training = true. */
  static FloatNdArray run(Layer layer, FloatNdArray x, boolean training) {
    long[] dims = x.shape().asArray();
    int[] in = new int[dims.length - 1];
    for (int i = 1; i < dims.length; i++) {
      in[i - 1] = (int) dims[i];
    }
    SymbolicTensor input = Input.of(in);
    SymbolicTensor out = training ? new Lambda(t -> layer.call(t, true)).apply(input) : layer.apply(input);
    try (Model m = Model.of(input, out)) {
      return m.predict(x);
    }
  }

  static void assertConfig(String name, Map<String, Object> keras, Map<String, Object> ours) {
    List<String> kk = new ArrayList<>(keras.keySet());
    List<String> ok = new ArrayList<>(ours.keySet());
    assertEquals(kk, ok, name + ": config keys (in Keras' order)");
    for (String key : kk) {
      if (key.equals("name")) {
        continue;
      }
      assertTrue(sameValue(keras.get(key), ours.get(key)),
          name + ": config '" + key + "': Keras " + keras.get(key) + ", jkeras " + ours.get(key));
    }
  }

  static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!sameValue(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Object key : x.keySet()) {
        if (!sameValue(x.get(key), y.get(key))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }

  /** A nested JSON list of numbers as a float array. */
  static FloatNdArray floats(Object nested) {
    List<Long> dims = new ArrayList<>();
    Object cur = nested;
    while (cur instanceof List<?> l) {
      dims.add((long) l.size());
      cur = l.isEmpty() ? null : l.get(0);
    }
    List<Float> flat = new ArrayList<>();
    flatten(nested, flat);
    float[] v = new float[flat.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = flat.get(i);
    }
    return NdArrays.wrap(Shape.of(dims.stream().mapToLong(Long::longValue).toArray()), DataBuffers.of(v, false, false));
  }

  private static void flatten(Object o, List<Float> out) {
    if (o instanceof List<?> l) {
      l.forEach(e -> flatten(e, out));
    } else {
      out.add(((Number) o).floatValue());
    }
  }

  static void assertClose(String name, FloatNdArray expected, FloatNdArray got, float tol) {
    assertArrayEquals(expected.shape().asArray(), got.shape().asArray(), name + ": Keras' output shape");
    float[] e = new float[(int) expected.size()];
    float[] g = new float[(int) got.size()];
    expected.copyTo(DataBuffers.of(e, false, false));
    got.copyTo(DataBuffers.of(g, false, false));
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], g[i], tol * Math.max(1, Math.abs(e[i])), name + ": value " + i);
    }
  }
}
