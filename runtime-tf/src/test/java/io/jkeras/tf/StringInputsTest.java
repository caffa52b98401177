package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.StringLookup;
import io.jkeras.layers.TextVectorization;
import io.jkeras.training.Fit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Raw strings through a model: fit on Java String arrays (shuffled batches), predict, save, export, bad input. */
class StringInputsTest {
  @TempDir Path tmp;

  private static final String[][] TEXTS = {
      {"what a great film"}, {"a terrible boring film"}, {"great acting and great story"}, {"boring and bad"},
      {"I loved it, great!"}, {"bad plot, terrible acting"}, {"great fun"}, {"terrible"}};
  private static final float[][] LABELS = {{1}, {0}, {1}, {0}, {1}, {0}, {1}, {0}};

  private static Model classifier() {
    SymbolicTensor text = Input.of("text", DType.STRING, 1);
    TextVectorization vectorize = new TextVectorization().outputMode("multi_hot").adapt(TEXTS);
    return Model.of(text, new Dense(1).activation("sigmoid").apply(vectorize.apply(text)));
  }

  @Test
  void aTextClassifierTrainsOnJavaStringsAndSurvivesSaveAndExport() throws Exception {
    Model m = classifier();
    m.runtimeOptions(RuntimeOptions.defaults().seed(1));
    m.compile(Compile.optimizer(new io.jkeras.optimizers.Adam(0.1)).loss("binary_crossentropy").metrics("accuracy"));
    m.fit(TEXTS, LABELS, Fit.epochs(30).batchSize(3).verbose(0));
    Map<String, Double> logs = m.evaluate(TEXTS, LABELS);
    assertEquals(1.0, logs.get("accuracy"), 0.0, "separable toy reviews: " + logs);
    String[][] unseen = {{"a great great film"}, {"terrible and boring"}};
    FloatNdArray p = m.predict(unseen);
    assertTrue(p.getFloat(0, 0) > 0.5f && p.getFloat(1, 0) < 0.5f, "unseen reviews: " + p.getFloat(0, 0) + ", "
        + p.getFloat(1, 0));
    Path file = tmp.resolve("text.keras");
    m.save(file);
    try (Model loaded = Model.load(file)) {
      assertEquals(p.getFloat(0, 0), loaded.predict(unseen).getFloat(0, 0), 0f, "loaded model, same prediction");
    }
    Path dir = tmp.resolve("text_export");
    m.export(dir);
    NdArray<String> raw = NdArrays.ofObjects(String.class, Shape.of(2, 1));
    raw.setObject("a great great film", 0, 0);
    raw.setObject("terrible and boring", 1, 0);
    try (SavedModel served = SavedModel.load(dir)) {
      assertEquals(p.getFloat(1, 0), served.predict(raw).getFloat(1, 0), 1e-6f, "the export takes raw strings");
    }
    m.close();
  }

  @Test
  void numbersFedToAStringInputAreAClearError() {
    try (Model m = classifier()) {
      var e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[][] {{1f}, {2f}}));
      assertTrue(e.getMessage().contains("'text'") && e.getMessage().contains("string"), e.getMessage());
    }
    SymbolicTensor ids = Input.of("ids", DType.INT64, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> new StringLookup().vocabulary(List.of("a"))
        .apply(ids));
    assertTrue(e.getMessage().contains("string_lookup") && e.getMessage().contains("int64"), e.getMessage());
  }

  @Test
  void outOfVocabularyStringsFailWithoutOovIndices() {
    SymbolicTensor in = Input.of("word", DType.STRING, 1);
    try (Model m = Model.of(in, new StringLookup().numOovIndices(0).vocabulary(List.of("a", "b")).apply(in))) {
      assertEquals(1f, m.predict(new String[][] {{"b"}}).getFloat(0, 0), 0f);
      var e = assertThrows(RuntimeException.class, () -> m.predict(new String[][] {{"a"}, {"zebra"}}));
      assertTrue(e.getMessage().contains("num_oov_indices=0") && e.getMessage().contains("zebra"), e.getMessage());
    }
  }
}
