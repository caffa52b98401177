package io.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code summaryString()} against golden files written by make_golden.py (the real rich library driven as Keras'
 * print_summary drives it, with rows derived by hand from Keras' rules).
 */
class SummaryPrinterTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  static String golden(String name) throws IOException {
    try (InputStream in = SummaryPrinterTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IOException("missing golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Model functionalCnn() {
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

  static Sequential sequentialCnn() {
    return new Sequential(List.of(
        new Conv2D(32, 3, 3).activation("relu").inputShape(28, 28, 1),
        new MaxPooling2D(2, 2),
        new Conv2D(64, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dense(64).activation("relu"),
        new Dense(10).activation("softmax")));
  }

  static Model multimodal() {
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
    return Model.of(
        Map.of("image", image, "metadata", metadata, "audio", audio, "video", video),
        Map.of("classification_output", cls, "regression_output", reg));
  }

  /** Two inputs through one Dense (shared), concatenated, then Dense(1). */
  static Model sharedLayerModel() {
    var a = Input.of(16);
    var b = Input.of(16);
    var shared = new Dense(8);
    var merged = new Concatenate().apply(shared.apply(a), shared.apply(b));
    return Model.of(List.of(a, b), new Dense(1).apply(merged));
  }

  /** An encoder model used as a layer: Input(32) -> encoder -> Dense(4). */
  static Model nestedModel() {
    var in = Input.of(32);
    var encoder = Model.of(in, new Dense(16).name("code").apply(in)).name("encoder");
    var x = Input.of(32);
    return Model.of(x, new Dense(4).apply(encoder.apply(x)));
  }

  @Test
  void functionalCnn_matchesKeras() throws IOException {
    assertEquals(golden("functional_cnn.txt"), functionalCnn().summaryString());
  }

  @Test
  void sequentialCnn_hasNoInputRow() throws IOException {
    assertEquals(golden("sequential_cnn.txt"), sequentialCnn().summaryString());
  }

  @Test
  void unbuiltSequential_printsQuestionMarks() throws IOException {
    var model = Sequential.of(new Dense(4), new Dense(2));
    assertEquals(golden("sequential_unbuilt.txt"), model.summaryString());
  }

  @Test
  void multimodal_hasConnectedToColumn() throws IOException {
    assertEquals(golden("multimodal.txt"), multimodal().summaryString());
  }

  @Test
  void sharedLayer_listsBothCalls() throws IOException {
    assertEquals(golden("shared_layer.txt"), sharedLayerModel().summaryString());
  }

  @Test
  void nestedModel_isOneFunctionalRow() throws IOException {
    assertEquals(golden("nested_model.txt"), nestedModel().summaryString());
  }

  @Test
  void sequentialLikeRule() {
    assertTrue(SummaryPrinter.isSequentialLike(functionalCnn().graph()));
    assertFalse(SummaryPrinter.isSequentialLike(sharedLayerModel().graph()));
    // One input, two outputs: two nodes at depth 0.
    var in = Input.of(4);
    var h = new Dense(3).apply(in);
    assertFalse(SummaryPrinter.isSequentialLike(
        Model.of(in, List.of(new Dense(1).apply(h), new Dense(2).apply(h))).graph()));
  }

  @Test
  void columnWidthsFollowRich() {
    // Keras' widths for line_length 76 (34, 26, 16 plus padding), reduced by rich to fit 76 - 4 borders.
    assertEquals(List.of(33, 24, 15),
        List.of(SummaryPrinter.columnWidths(new double[] {0.45, 0.80, 1.0}, 76)[0],
            SummaryPrinter.columnWidths(new double[] {0.45, 0.80, 1.0}, 76)[1],
            SummaryPrinter.columnWidths(new double[] {0.45, 0.80, 1.0}, 76)[2]));
    int[] wide = SummaryPrinter.columnWidths(new double[] {0.3, 0.56, 0.74, 1.0}, 108);
    // 32, 28, 19, 29 (+2 each = 116) reduced by 116 - 103 = 13 with equal ratios: 3, 3, 4 (3.5 rounds to even), 3.
    assertEquals(List.of(31, 27, 17, 28), List.of(wide[0], wide[1], wide[2], wide[3]));
  }

  @Test
  void readableMemorySize_roundsLikePython() {
    assertEquals("476.29 KB", SummaryPrinter.readableMemorySize(121_930 * 4));
    assertEquals("0.00 B", SummaryPrinter.readableMemorySize(0));
    assertEquals("1023.00 B", SummaryPrinter.readableMemorySize(1023));
    assertEquals("1.00 KB", SummaryPrinter.readableMemorySize(1024));
    assertEquals("30.26 MB", SummaryPrinter.readableMemorySize(7_932_107 * 4.0));
  }

  @Test
  void wrapCutsLongWordsWithEllipsis() {
    assertEquals(List.of("max_pooling2d[0]…"), SummaryPrinter.wrap("max_pooling2d[0][0]", 17, false));
    assertEquals(List.of("(None, 62, 62,   ", "32)              "),
        SummaryPrinter.wrap("(None, 62, 62, 32)", 17, false));
    assertEquals(List.of("      7,911,296"), SummaryPrinter.wrap("7,911,296", 15, true));
  }
}
