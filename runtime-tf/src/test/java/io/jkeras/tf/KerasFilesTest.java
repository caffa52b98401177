package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Model;
import io.jkeras.saving.Npz;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Model files written by Python Keras 3.15.1 / TensorFlow 2.21 ({@code tools/keras-crosscheck/make_keras_files.py},
 * {@code src/test/resources/keras-files/}) load with {@code Model.load}: the {@code .keras} archive and the legacy
 * {@code .h5} file of each model predict what Keras predicted (1e-5), and a compiled model's next two training
 * steps give Keras' losses and predictions after them (the model Keras loads from the {@code .keras} file, and the
 * saved model itself), so architecture, weights, compile config and optimizer state all came across. Between them the models
 * use every layer class jkeras registers.
 */
class KerasFilesTest {
  static final String MODELS = "conv2d,conv1d_3d,merging,recurrent,embedding,attention,nested,sequential_noise,ops_layers";

  @TempDir Path tmp;

  static Path resource(String name) throws URISyntaxException {
    return Path.of(KerasFilesTest.class.getResource("/keras-files/" + name).toURI());
  }

  static NdArray<?> array(Npz.Array a) {
    if (a.isFloat()) {
      FloatNdArray x = NdArrays.ofFloats(Shape.of(a.shape()));
      x.copyFrom(DataBuffers.of(a.floats(), true, false));
      return x;
    }
    int[] ints = new int[a.longs().length];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = Math.toIntExact(a.longs()[i]);
    }
    var x = NdArrays.ofInts(Shape.of(a.shape()));
    x.copyFrom(DataBuffers.of(ints, true, false));
    return x;
  }

  /** The fixture's arrays under {@code prefix/} in the model's order of {@code names}. */
  static List<NdArray<?>> arrays(Map<String, Npz.Array> fixture, String prefix, List<String> names) {
    List<NdArray<?>> out = new ArrayList<>();
    for (String n : names) {
      Npz.Array a = fixture.get(prefix + "/" + n);
      assertTrue(a != null, "fixture has no " + prefix + "/" + n + "; it has " + fixture.keySet());
      out.add(array(a));
    }
    return out;
  }

  static Object feed(List<NdArray<?>> arrays) {
    return arrays.size() == 1 ? arrays.get(0) : arrays;
  }

  static void assertPredicts(Model model, Map<String, Npz.Array> fixture, String what) {
    assertPredicts(model, fixture, "y", what);
  }

  /** The model's predictions on {@code x/...} equal the fixture's {@code prefix/<output>} within 1e-5. */
  static void assertPredicts(Model model, Map<String, Npz.Array> fixture, String prefix, String what) {
    Object x = feed(arrays(fixture, "x", model.inputNames()));
    Map<String, FloatNdArray> out = model.predictOutputs(x);
    assertEquals(model.outputNames(), List.copyOf(out.keySet()), what);
    for (String name : model.outputNames()) {
      Npz.Array keras = fixture.get(prefix + "/" + name);
      assertTrue(keras != null, what + ": fixture has no " + prefix + "/" + name + "; it has " + fixture.keySet());
      FloatNdArray ours = out.get(name);
      assertArrayEquals(keras.shape(), ours.shape().asArray(), what + ": shape of " + name);
      float[] o = new float[keras.floats().length];
      ours.copyTo(DataBuffers.of(o, false, false));
      double max = 0;
      for (int i = 0; i < o.length; i++) {
        max = Math.max(max, Math.abs(o[i] - keras.floats()[i]));
      }
      assertTrue(max <= 1e-5, what + ": output " + name + " differs from Keras' by " + max);
    }
  }

  /** The loss of one training step on the fixture's batch, as Keras' {@code train_on_batch}. */
  static double nextLoss(Model model, Map<String, Npz.Array> fixture) {
    Object x = feed(arrays(fixture, "x", model.inputNames()));
    Map<String, NdArray<?>> y = new LinkedHashMap<>();
    List<NdArray<?>> t = arrays(fixture, "t", model.outputNames());
    for (int i = 0; i < t.size(); i++) {
      y.put(model.outputNames().get(i), t.get(i));
    }
    return model.trainOnBatch(x, model.outputNames().size() == 1 ? t.get(0) : y).get("loss");
  }

  static void assertLoss(double keras, double ours, String what) {
    assertEquals(keras, ours, 1e-5 * Math.max(1, Math.abs(keras)), what + ": Keras " + keras + ", jkeras " + ours);
  }

  /**
   * Two training steps give the fixture's two losses ({@code key}): the first depends on the weights and the
   * compile config, the second on the optimizer's state too.
   */
  static void assertTrainsOn(Model model, Map<String, Npz.Array> fixture, String key, String what) {
    float[] losses = fixture.get(key).floats();
    for (int i = 0; i < losses.length; i++) {
      assertLoss(losses[i], nextLoss(model, fixture), what + ", loss of step " + (i + 1) + " after loading");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv2d", "conv1d_3d", "merging", "recurrent", "embedding", "attention", "nested",
      "sequential_noise"})
  void kerasArchivePredictsAndTrainsOnAsInKeras(String name) throws Exception {
    Map<String, Npz.Array> fixture = Npz.read(resource(name + ".npz"));
    try (Model model = Model.load(resource(name + ".keras"))) {
      assertEquals(name, model.name());
      assertPredicts(model, fixture, name + ".keras");
      assertEquals(fixture.containsKey("loss_keras"), model.isCompiled(), name + ": compiled");
      if (model.isCompiled()) {
        assertTrainsOn(model, fixture, "loss_keras", name + ".keras");
        assertPredicts(model, fixture, "y_after", name + ".keras after two steps");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv2d", "conv1d_3d", "merging", "recurrent", "embedding", "attention", "nested",
      "sequential_noise"})
  void legacyH5PredictsAndTrainsOnAsTheSavedModel(String name) throws Exception {
    Map<String, Npz.Array> fixture = Npz.read(resource(name + ".npz"));
    try (Model model = Model.load(resource(name + ".h5"))) {
      assertPredicts(model, fixture, name + ".h5");
      assertEquals(fixture.containsKey("loss_next"), model.isCompiled(), name + ": compiled");
      if (model.isCompiled()) {
        assertTrainsOn(model, fixture, "loss_next", name + ".h5");
        assertPredicts(model, fixture, "y_after", name + ".h5 after two steps");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv2d", "recurrent", "attention", "nested"})
  void weightsOfKerasFilesLoadIntoTheSameArchitecture(String name) throws Exception {
    Map<String, Npz.Array> fixture = Npz.read(resource(name + ".npz"));
    for (String file : List.of(name + ".keras", name + ".h5")) {
      try (Model source = Model.load(resource(name + ".keras"));
          Model model = Model.fromJson(source.toJson())) {
        model.loadWeights(resource(file));
        assertPredicts(model, fixture, "loadWeights(" + file + ")");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv2d", "merging", "recurrent", "attention", "nested"})
  void aKerasModelSavedByJkerasLoadsAndTrainsTheSame(String name) throws Exception {
    Map<String, Npz.Array> fixture = Npz.read(resource(name + ".npz"));
    Path again = tmp.resolve(name + ".keras");
    Path weights = tmp.resolve(name + ".weights.h5");
    try (Model model = Model.load(resource(name + ".keras"))) {
      model.save(again);
      model.saveWeights(weights);
    }
    try (Model model = Model.load(again)) {
      assertPredicts(model, fixture, "re-saved " + name);
      assertTrainsOn(model, fixture, "loss_keras", "re-saved " + name);
      assertPredicts(model, fixture, "y_after", "re-saved " + name + " after two steps");
    }
    try (Model source = Model.load(resource(name + ".keras")); Model model = Model.fromJson(source.toJson())) {
      model.loadWeights(weights);
      assertPredicts(model, fixture, "loadWeights(" + weights.getFileName() + ")");
    }
  }

  /**
   * Writes what {@code tools/keras-crosscheck/load_jkeras_keras.py} gives Python Keras: each fixture model after
   * two more training steps in jkeras, saved by jkeras ({@code target/keras-crosscheck/<name>.keras} and {@code
   * .weights.h5}) with an {@code .npz} of the batch, jkeras' predictions, the targets and the losses of jkeras'
   * next two steps; jkeras reads its own file back to the same predictions and losses.
   */
  @ParameterizedTest
  @ValueSource(strings = {"conv2d", "conv1d_3d", "merging", "recurrent", "embedding", "attention", "nested",
      "sequential_noise"})
  void filesForPythonKeras(String name) throws Exception {
    Path out = Path.of("target", "keras-crosscheck");
    java.nio.file.Files.createDirectories(out);
    Map<String, Npz.Array> fixture = Npz.read(resource(name + ".npz"));
    Map<String, Npz.Array> written = new LinkedHashMap<>();
    Path file = out.resolve(name + ".keras");
    try (Model model = Model.load(resource(name + ".keras"))) {
      fixture.forEach((k, v) -> {
        if (k.startsWith("x/") || k.startsWith("t/")) {
          written.put(k, v);
        }
      });
      if (model.isCompiled()) {
        nextLoss(model, fixture);
        nextLoss(model, fixture);
      }
      model.save(file);
      model.saveWeights(out.resolve(name + ".weights.h5"));
      Map<String, FloatNdArray> preds = model.predictOutputs(feed(arrays(fixture, "x", model.inputNames())));
      preds.forEach((k, v) -> {
        float[] f = new float[Math.toIntExact(v.shape().size())];
        v.copyTo(DataBuffers.of(f, false, false));
        written.put("y/" + k, Npz.Array.ofFloats(f, v.shape().asArray()));
      });
      if (model.isCompiled()) {
        float first = (float) nextLoss(model, fixture);
        written.put("loss_next", Npz.Array.ofFloats(new float[] {first, (float) nextLoss(model, fixture)}, 2));
      }
    }
    try (java.io.OutputStream os = java.nio.file.Files.newOutputStream(out.resolve(name + ".npz"))) {
      Npz.write(written, os);
    }
    try (Model back = Model.load(file)) {
      assertPredicts(back, written, "jkeras' own " + name + ".keras");
      if (back.isCompiled()) {
        assertTrainsOn(back, written, "loss_next", "jkeras' own " + name);
      }
    }
  }

  /**
   * A Keras 2 (tf.keras 2.2.4-tf) model file: its config as tf.keras wrote it (list-style inbound nodes, {@code
   * batch_input_shape}, initializers with a dtype), weights named {@code dense_1/kernel:0}; the training config
   * (Keras 2's Adam with {@code decay}) is read too.
   */
  @org.junit.jupiter.api.Test
  void aKeras2H5ModelFileLoads() throws Exception {
    Map<String, Npz.Array> fixture = Npz.read(resource("iris_keras2.npz"));
    try (Model model = Model.load(resource("iris_keras2.h5"))) {
      assertEquals("iris_model", model.name());
      assertEquals(List.of("input_1"), model.inputNames());
      assertPredicts(model, fixture, "iris_keras2.h5");
      assertTrue(model.isCompiled());
      assertEquals(0.01, model.compileConfig().optimizer().learningRate(), 1e-9);
    }
  }

  // ---------------------------------------------------------------- bad input (issue 14, item 7)

  private static String loadError(Path f) {
    return org.junit.jupiter.api.Assertions.assertThrows(io.jkeras.saving.SavingException.class,
        () -> Model.load(f)).getMessage();
  }

  @org.junit.jupiter.api.Test
  void aLayerClassJkerasLacksIsNamedWithTheFile() throws Exception {
    for (String file : List.of("unsupported.keras", "unsupported.h5")) {
      Path f = resource(file);
      String msg = loadError(f);
      assertTrue(msg.startsWith("Cannot load model from " + f + ": its config does not describe a model jkeras"
          + " can build: Unknown layer class 'Identity'"), msg);
      assertTrue(msg.contains("LayerRegistry.registerSerializable"), msg);
    }
  }

  @org.junit.jupiter.api.Test
  void weightsOfAnotherArchitectureAreRefusedAndNothingIsLoaded() throws Exception {
    try (Model source = Model.load(resource("nested.keras")); Model model = Model.fromJson(source.toJson())) {
      List<FloatNdArray> before = model.getWeights();
      // conv2d's first layers with weights are convolutions: Keras 3 keys ("layers/conv2d") the nested model has
      // no layer for.
      String msg = org.junit.jupiter.api.Assertions.assertThrows(io.jkeras.saving.SavingException.class,
          () -> model.loadWeights(resource("conv2d.keras"))).getMessage();
      assertTrue(msg.startsWith("Cannot load weights from " + resource("conv2d.keras") + " into model 'nested': the"
          + " file has no weights for layer "), msg);
      // Legacy .h5: matched by position, so the count of layers with weights is what differs.
      msg = org.junit.jupiter.api.Assertions.assertThrows(io.jkeras.saving.SavingException.class,
          () -> model.loadWeights(resource("conv2d.h5"))).getMessage();
      assertTrue(msg.contains("the file holds weights for 6 layer(s)"), msg);
      assertTrue(msg.contains("but model 'nested' has 3 layer(s) with weights"), msg);
      List<FloatNdArray> after = model.getWeights();
      for (int i = 0; i < before.size(); i++) {
        assertEquals(before.get(i), after.get(i), "weight " + i + " unchanged");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aWeightOfTheWrongShapeNamesLayerWeightAndBothShapes() throws Exception {
    // recurrent with 5 LSTM units instead of 4: the same layers, other shapes.
    try (Model source = Model.load(resource("recurrent.keras"))) {
      String json = source.toJson().replace("\"units\": 4", "\"units\": 5");
      try (Model model = Model.fromJson(json)) {
        List<FloatNdArray> before = model.getWeights();
        String msg = org.junit.jupiter.api.Assertions.assertThrows(io.jkeras.saving.SavingException.class,
            () -> model.loadWeights(resource("recurrent.keras"))).getMessage();
        assertTrue(msg.contains("layer 'lstm"), msg);
        assertTrue(msg.contains("saved under 'layers/lstm/cell'), weight 'kernel' has shape (3, 20) in the model"
            + " but (3, 16) in the file"), msg);
        msg = org.junit.jupiter.api.Assertions.assertThrows(io.jkeras.saving.SavingException.class,
            () -> model.loadWeights(resource("recurrent.h5"))).getMessage();
        assertTrue(msg.contains("weight 'kernel' has shape (3, 20) in the model but (3, 16) in the file"), msg);
        assertTrue(msg.contains("in the file)"), msg);
        List<FloatNdArray> after = model.getWeights();
        for (int i = 0; i < before.size(); i++) {
          assertEquals(before.get(i), after.get(i), "weight " + i + " unchanged");
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void theFixturesCoverEveryRegisteredLayerClass() throws IOException, URISyntaxException {
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (String name : MODELS.split(",")) {
      try (Model model = Model.load(resource(name + ".keras"))) {
        collect(model, seen);
      }
    }
    java.util.Set<String> missing = new java.util.TreeSet<>(io.jkeras.layers.LayerRegistry.knownClassNames());
    missing.removeAll(seen);
    // Layers other tests register (custom layers) are not jkeras' own.
    missing.removeIf(n -> !isJkerasLayer(n));
    // Keras saves a Lambda's Python bytecode, which Java cannot run; jkeras' own Lambda saves a registered name.
    missing.remove("Lambda");
    assertEquals(java.util.Set.of(), missing, "registered layer classes no Keras fixture uses");
  }

  private static boolean isJkerasLayer(String className) {
    try {
      Class.forName("io.jkeras.layers." + className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void collect(io.jkeras.layers.Layer layer, java.util.Set<String> seen) {
    seen.add(layer.className());
    if (layer instanceof Model m) {
      m.layers().forEach(l -> collect(l, seen));
      if (m instanceof io.jkeras.Sequential s) {
        s.inputLayer().ifPresent(l -> seen.add(l.className()));
      }
    } else if (layer instanceof io.jkeras.layers.Bidirectional b) {
      collect(b.forwardLayer(), seen);
      collect(b.backwardLayer(), seen);
    } else if (layer instanceof io.jkeras.layers.TimeDistributed t) {
      collect(t.layer(), seen);
    }
  }
}
