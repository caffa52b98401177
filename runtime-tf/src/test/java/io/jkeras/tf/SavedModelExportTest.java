package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** {@code model.export(dir)} writes a SavedModel that TF Java loads and that predicts what the model predicts. */
class SavedModelExportTest {
  @TempDir Path tmp;

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private static FloatNdArray random(Random r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) r.nextDouble()));
    return a;
  }

  private static float maxAbsDiff(FloatNdArray a, FloatNdArray b) {
    assertEquals(a.shape(), b.shape());
    float[] x = new float[(int) a.size()];
    float[] y = new float[(int) b.size()];
    a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(x, false, false));
    b.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(y, false, false));
    float max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs(x[i] - y[i]));
    }
    return max;
  }

  private static Model cnn() {
    var inputs = Input.of(28, 28, 1);
    var x = new Conv2D(32, 3, 3).activation("relu").apply(inputs);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dense(64).activation("relu").apply(x);
    var outputs = new Dense(10).activation("softmax").apply(x);
    return Model.of(inputs, outputs);
  }

  @Test
  void trainedCnnExportsAndReloadsThroughTheSignatureByName() throws IOException {
    Random r = new Random(1);
    FloatNdArray x = random(r, 64, 28, 28, 1);
    int[] y = new int[64];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextInt(10);
    }
    Model model = cnn();
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(2).seed(3));
    model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    model.fit(x, y, Fit.epochs(1).batchSize(32).verbose(0));
    FloatNdArray expected = model.predict(x);

    Path dir = tmp.resolve("cnn");
    model.export(dir);
    assertTrue(Files.exists(dir.resolve("saved_model.pb")));

    // Through TF Java's own loader and the signature, by the model's names.
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
        TFloat32 in = TFloat32.tensorOf(x.shape(), t -> x.copyTo(t))) {
      var fn = bundle.function("serving_default");
      assertEquals(List.of("input_layer"), List.copyOf(fn.signature().inputNames()));
      assertEquals(List.of("dense_1"), List.copyOf(fn.signature().outputNames()));
      // Shape.equals treats unknown dimensions as never equal, so compare the dimensions.
      assertEquals(List.of(-1L, 28L, 28L, 1L),
          java.util.Arrays.stream(fn.signature().getInputs().get("input_layer").shape.asArray()).boxed().toList());
      try (var result = fn.call(Map.of("input_layer", in))) {
        Tensor out = result.get("dense_1").orElseThrow();
        assertEquals(0f, maxAbsDiff(expected, TfTensors.copyOf((TFloat32) out)), 1e-6f);
      }
    }
    // Through jkeras' wrapper, with another batch size (the batch dimension is dynamic).
    try (SavedModel served = SavedModel.load(dir)) {
      FloatNdArray part = x.slice(org.tensorflow.ndarray.index.Indices.range(0, 5));
      FloatNdArray got = served.predict(part);
      assertEquals(Shape.of(5, 10), got.shape());
      assertEquals(0f, maxAbsDiff(model.predict(part), got), 1e-6f);
    }
  }

  @Test
  void multimodalModelExportsWithNamedInputsAndOutputs() throws IOException {
    var image = Input.of("image", 64, 64, 3);
    var metadata = Input.of("metadata", 10);
    var audio = Input.of("audio", 100);
    var video = Input.of("video", 128, 128, 3);
    var x = new Conv2D(32, 3, 3).activation("relu").apply(image);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    var v = new Flatten().apply(video);
    var merged = new Concatenate().apply(List.of(x, metadata, audio, v));
    var h = new Dense(128).activation("relu").apply(merged);
    var cls = new Dense(10).activation("softmax").name("classification_output").apply(h);
    var reg = new Dense(1).name("regression_output").apply(h);
    Model model = Model.of(
        Map.of("image", image, "metadata", metadata, "audio", audio, "video", video),
        Map.of("classification_output", cls, "regression_output", reg));
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(2).seed(4));

    Random r = new Random(2);
    Map<String, FloatNdArray> data = new HashMap<>();
    data.put("image", random(r, 3, 64, 64, 3));
    data.put("metadata", random(r, 3, 10));
    data.put("audio", random(r, 3, 100));
    data.put("video", random(r, 3, 128, 128, 3));
    Map<String, FloatNdArray> expected = model.predictOutputs(data);

    Path dir = tmp.resolve("multimodal");
    model.export(dir);
    try (SavedModel served = SavedModel.load(dir)) {
      assertEquals(List.of("audio", "image", "metadata", "video"), served.inputNames().stream().sorted().toList());
      assertEquals(List.of("classification_output", "regression_output"),
          served.outputNames().stream().sorted().toList());
      Map<String, FloatNdArray> got = served.predict(data);
      for (String name : List.of("classification_output", "regression_output")) {
        assertEquals(0f, maxAbsDiff(expected.get(name), got.get(name)), 1e-6f, name);
      }
      var e = assertThrows(IllegalArgumentException.class, () -> served.predict(Map.of("picture", data.get("image"))));
      assertTrue(e.getMessage().contains("no input 'picture'"), e.getMessage());
    }
  }

  @Test
  void exportHoldsTheInferenceGraphOnlyAndReplacesAnEarlierExport() throws IOException {
    SymbolicTensor in = Input.of("features", 6);
    SymbolicTensor h = new Dense(8).activation("relu").apply(in);
    h = new Dropout(0.5).apply(new BatchNormalization().apply(h));
    Model model = Model.of(in, new Dense(3).activation("softmax").name("probs").apply(h));
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(9));
    model.compile(Compile.optimizer("sgd").loss("sparse_categorical_crossentropy"));
    Random r = new Random(5);
    FloatNdArray x = random(r, 40, 6);
    int[] y = new int[40];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextInt(3);
    }
    Path dir = tmp.resolve("bn");
    model.export(dir); // before training
    model.fit(x, y, Fit.epochs(2).batchSize(8).verbose(0));
    model.export(dir); // replaces the first export
    FloatNdArray expected = model.predict(x);
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
      List<String> ops = new ArrayList<>();
      Iterator<GraphOperation> it = bundle.graph().operations();
      while (it.hasNext()) {
        ops.add(it.next().name());
      }
      assertFalse(ops.stream().anyMatch(n -> n.startsWith("training/")), "training pass exported: " + ops);
      assertFalse(ops.stream().anyMatch(n -> n.contains("Adam") || n.contains("gradients")), ops.toString());
    }
    try (SavedModel served = SavedModel.load(dir)) {
      assertEquals(0f, maxAbsDiff(expected, served.predict(Map.of("features", x)).get("probs")), 1e-6f);
    }
    try (var files = Files.list(tmp)) {
      assertEquals(List.of("bn"), files.map(p -> p.getFileName().toString()).toList(), "no temporary left");
    }
    if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
      // the export gets a plain directory's (umask) permissions, so a server running as another user can read it
      Path plain = Files.createDirectory(tmp.resolve("plain"));
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir));
    }
  }

  @Test
  void badTargetsAndSourcesGiveClearErrors() throws IOException {
    SymbolicTensor in = Input.of(2);
    Model model = Model.of(in, new Dense(1).apply(in));
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1));
    var missing = assertThrows(NoSuchFileException.class, () -> model.export(tmp.resolve("no/such/dir")));
    assertTrue(missing.getMessage().contains("no" + java.io.File.separator + "such"), missing.getMessage());
    Files.writeString(tmp.resolve("file"), "x");
    var inTheWay = assertThrows(IOException.class, () -> model.export(tmp.resolve("file")));
    assertTrue(inTheWay.getMessage().contains("not a directory"), inTheWay.getMessage());
    var notSaved = assertThrows(IOException.class, () -> SavedModel.load(tmp));
    assertTrue(notSaved.getMessage().contains("no saved_model.pb"), notSaved.getMessage());
    assertEquals(tmp.resolve("absent") + ": no SavedModel directory",
        assertThrows(NoSuchFileException.class, () -> SavedModel.load(tmp.resolve("absent"))).getMessage());
  }
}
