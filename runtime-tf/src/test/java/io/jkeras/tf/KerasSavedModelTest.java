package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.saving.Npz;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;

/**
 * SavedModels exported by Python Keras 3 ({@code model.export(dir)}, TF 2.21) load in {@link SavedModel} and
 * predict what Keras predicted. Fixtures: {@code tools/keras-crosscheck/export_keras_savedmodel.py}; the
 * dict-output model keeps its output names, the list-output one is named {@code output_0}, {@code output_1} by
 * Keras' ExportArchive.
 */
class KerasSavedModelTest {
  private static Path resource(String name) throws URISyntaxException {
    return Path.of(KerasSavedModelTest.class.getResource("/keras-savedmodel/" + name).toURI());
  }

  private static FloatNdArray array(Npz.Array a) {
    float[] f = a.floats();
    FloatNdArray x = NdArrays.ofFloats(Shape.of(a.shape()));
    x.copyFrom(org.tensorflow.ndarray.buffer.DataBuffers.of(f, true, false));
    return x;
  }

  @ParameterizedTest
  @CsvSource({"dict_model, score, klass", "list_model, output_0, output_1"})
  void predictsWhatKerasPredicted(String model, String out0, String out1) throws Exception {
    Map<String, Npz.Array> fixture = Npz.read(resource(model + ".npz"));
    try (SavedModel served = SavedModel.load(resource(model))) {
      assertEquals(List.of("extra", "features"), served.inputNames().stream().sorted().toList());
      assertEquals(List.of(out0, out1).stream().sorted().toList(), served.outputNames().stream().sorted().toList());
      assertArrayEquals(new long[] {-1, 4}, served.inputShape("features").asArray());
      Map<String, FloatNdArray> inputs = new LinkedHashMap<>();
      inputs.put("features", array(fixture.get("input/features")));
      inputs.put("extra", array(fixture.get("input/extra")));
      Map<String, FloatNdArray> out = served.predict(inputs);
      for (String name : List.of(out0, out1)) {
        FloatNdArray keras = array(fixture.get("output/" + name));
        FloatNdArray ours = out.get(name);
        assertArrayEquals(keras.shape().asArray(), ours.shape().asArray(), name);
        float[][] k = StdArrays.array2dCopyOf(keras);
        float[][] o = StdArrays.array2dCopyOf(ours);
        for (int i = 0; i < k.length; i++) {
          for (int j = 0; j < k[i].length; j++) {
            assertTrue(Math.abs(k[i][j] - o[i][j]) <= 1e-6, name + "[" + i + "][" + j + "]: Keras " + k[i][j]
                + ", SavedModel " + o[i][j]);
          }
        }
      }
    }
  }
}
