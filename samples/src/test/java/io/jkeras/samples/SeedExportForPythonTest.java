package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.saving.Npz;
import io.jkeras.tf.SavedModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Exports the seed CNN and the multimodal model as SavedModels under {@code target/keras-crosscheck/}, each with
 * an {@code .npz} of its inputs and jkeras' predictions ({@code input/<name>}, {@code output/<name>}), for
 * {@code tools/keras-crosscheck/load_jkeras_savedmodel.py}, which loads them with Python TensorFlow
 * ({@code tf.saved_model.load(dir).signatures["serving_default"]}) and compares. Here the exports are reloaded
 * with TF Java and must give the same predictions. Runs only with {@code -Dkeras.crosscheck=true}: after it, in the
 * same JVM, {@code RawTfCnnTest}'s 30-step loss comparison drifts past its 2e-3 tolerance (native TF/oneDNN
 * state), and the export itself is covered by runtime-tf's {@code SavedModelExportTest}.
 */
@EnabledIfSystemProperty(named = "keras.crosscheck", matches = "true")
class SeedExportForPythonTest {
  static final Path OUT = Path.of("target", "keras-crosscheck");

  private static FloatNdArray random(SplittableRandom r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) r.nextDouble()));
    return a;
  }

  private static Npz.Array npz(FloatNdArray a) {
    float[] f = new float[(int) a.size()];
    a.copyTo(DataBuffers.of(f, false, false));
    return Npz.Array.ofFloats(f, a.shape().asArray());
  }

  private static void exportAndCheck(String name, Model model, Map<String, FloatNdArray> inputs) throws IOException {
    Files.createDirectories(OUT);
    Path dir = OUT.resolve(name);
    model.export(dir);
    Map<String, FloatNdArray> predicted = model.predictOutputs(inputs);
    Map<String, Npz.Array> arrays = new LinkedHashMap<>();
    inputs.forEach((k, v) -> arrays.put("input/" + k, npz(v)));
    predicted.forEach((k, v) -> arrays.put("output/" + k, npz(v)));
    try (OutputStream out = Files.newOutputStream(OUT.resolve(name + ".npz"))) {
      Npz.write(arrays, out);
    }
    try (SavedModel served = SavedModel.load(dir)) {
      Map<String, FloatNdArray> got = served.predict(inputs);
      assertEquals(predicted.keySet(), got.keySet());
      for (String k : predicted.keySet()) {
        float[] e = npz(predicted.get(k)).floats();
        float[] g = npz(got.get(k)).floats();
        for (int i = 0; i < e.length; i++) {
          assertTrue(Math.abs(e[i] - g[i]) <= 1e-6, name + " " + k + "[" + i + "]: " + e[i] + " vs " + g[i]);
        }
      }
    }
  }

  /** Seeds the model's own runtime (not Keras.setRandomSeed, which would reach the tests that run after). */
  private static Model seeded(Model model) {
    model.runtimeOptions(RuntimeOptions.defaults().seed(42));
    return model;
  }

  @Test
  void exportsTheSeedModels() throws IOException {
    Keras.clearSession();
    SplittableRandom r = new SplittableRandom(1);
    exportAndCheck("functional_cnn", seeded(SeedPrograms.functionalCnn()),
        Map.of("input_layer", random(r, 4, 28, 28, 1)));
    Map<String, FloatNdArray> mm = new LinkedHashMap<>();
    mm.put("image", random(r, 3, 64, 64, 3));
    mm.put("metadata", random(r, 3, 10));
    mm.put("audio", random(r, 3, 100));
    mm.put("video", random(r, 3, 128, 128, 3));
    exportAndCheck("multimodal", seeded(SeedPrograms.multimodal()), mm);
  }
}
