package io.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.ExampleModels;
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
 * {@code summaryString()} against golden files that Keras 3.15.1 itself printed ({@code model.summary()} in
 * tools/keras-crosscheck/summaries.py; the earlier hand-derived files were byte-identical).
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

  @Test
  void functionalCnn_matchesKeras() throws IOException {
    assertEquals(golden("functional_cnn.txt"), ExampleModels.functionalCnn().summaryString());
  }

  @Test
  void sequentialCnn_hasNoInputRow() throws IOException {
    assertEquals(golden("sequential_cnn.txt"), ExampleModels.sequentialCnn().summaryString());
  }

  @Test
  void unbuiltSequential_printsQuestionMarks() throws IOException {
    var model = Sequential.of(new Dense(4), new Dense(2));
    assertEquals(golden("sequential_unbuilt.txt"), model.summaryString());
  }

  @Test
  void multimodal_hasConnectedToColumn() throws IOException {
    assertEquals(golden("multimodal.txt"), ExampleModels.multimodal().summaryString());
  }

  @Test
  void sharedLayer_listsBothCalls() throws IOException {
    assertEquals(golden("shared_layer.txt"), ExampleModels.sharedLayerModel().summaryString());
  }

  @Test
  void nestedModel_isOneFunctionalRow() throws IOException {
    assertEquals(golden("nested_model.txt"), ExampleModels.nestedModel().summaryString());
  }

  @Test
  void sequentialLikeRule() {
    assertTrue(SummaryPrinter.isSequentialLike(ExampleModels.functionalCnn().graph()));
    assertFalse(SummaryPrinter.isSequentialLike(ExampleModels.sharedLayerModel().graph()));
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
    assertEquals(List.of("max_pooling2d[0]…"), SummaryPrinter.wrap("max_pooling2d[0][0]", 17, 'l'));
    assertEquals(List.of("(None, 62, 62,   ", "32)              "),
        SummaryPrinter.wrap("(None, 62, 62, 32)", 17, 'l'));
    assertEquals(List.of("      7,911,296"), SummaryPrinter.wrap("7,911,296", 15, 'r'));
  }

  @Test
  void layerShapes_formatAsKeras() {
    var in = Input.of(10);
    var h = new Dense(6).apply(in);
    var twoHeads = Model.of(in, List.of(new Dense(3).apply(h), new Dense(1).apply(h)));
    // Before its first call a model shows the shapes its graph computes; a list of outputs prints as Python's list.
    twoHeads.applyAll(List.of(Input.of(10)));
    assertEquals("[(None, 3), (None, 1)]", SummaryPrinter.formatLayerShape(twoHeads));
    assertEquals("?", SummaryPrinter.formatLayerShape(new Dense(2)));
    // Keras joins the dimensions itself, so a rank-1 shape has no trailing comma.
    assertEquals("(None)", SummaryPrinter.formatShape(org.tensorflow.ndarray.Shape.of(-1)));
  }

  @Test
  void explicitLineLength() {
    String wide = ExampleModels.multimodal().summaryString(108);
    // 31, 27, 17, 28 columns, 5 borders: 108 characters per table line.
    assertEquals(108, wide.lines().skip(1).findFirst().orElseThrow().length());
    assertTrue(wide.contains("│ concatenate (Concatenate)     │ (None, 61806)             │               0 │ flatten[0][0],             │"), wide);
  }

  @Test
  void expandNestedAndShowTrainable() throws IOException {
    Model model = ExampleModels.nestedModel();
    ((Model) model.getLayer("encoder")).trainable(false);
    String text = SummaryPrinter.summarize(model,
        new SummaryPrinter.Options().expandNested(true).showTrainable(true));
    assertEquals(golden("nested_expanded_trainable.txt"), text);
  }

  @Test
  void layerRange() throws IOException {
    String text = SummaryPrinter.summarize(ExampleModels.multimodal(),
        new SummaryPrinter.Options().layerRange("conv2d_1", "flatten"));
    assertEquals(golden("multimodal_range.txt"), text);
  }
}
