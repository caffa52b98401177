package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three programs of DEVELOPERS.md build with Keras' names, shapes and parameter counts. */
class SeedProgramsTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
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

  private static List<String> describe(Model m) {
    List<String> rows = new ArrayList<>();
    for (Layer l : m.layers()) {
      String shape = l.inboundNodes().isEmpty() ? "?" : Shapes.format(l.inboundNodes().get(0).outputs().get(0).shape());
      rows.add(l.name() + " " + shape + " " + l.countParams());
    }
    return rows;
  }

  @Test
  void functionalCnnMatchesKeras() {
    Model m = functionalCnn();
    assertEquals(121_930, m.countParams());
    assertEquals(List.of(
        "input_layer (None, 28, 28, 1) 0",
        "conv2d (None, 26, 26, 32) 320",
        "max_pooling2d (None, 13, 13, 32) 0",
        "conv2d_1 (None, 11, 11, 64) 18496",
        "max_pooling2d_1 (None, 5, 5, 64) 0",
        "flatten (None, 1600) 0",
        "dense (None, 64) 102464",
        "dense_1 (None, 10) 650"), describe(m));
    assertEquals("functional", m.name());
  }

  @Test
  void sequentialCnnMatchesKeras() {
    Sequential m = sequentialCnn();
    assertEquals(121_930, m.countParams());
    assertEquals(7, m.layers().size());
    assertEquals("conv2d", m.layers().get(0).name());
    assertEquals("(None, 10)", Shapes.format(m.outputs().get(0).shape()));
  }

  @Test
  void multimodalMatchesKeras() {
    Model m = multimodal();
    assertEquals(7_932_107, m.countParams());
    assertEquals(7_911_296, m.getLayer("dense").countParams());
    assertEquals("(None, 61806)", Shapes.format(m.getLayer("concatenate").inboundNodes().get(0).outputs().get(0).shape()));
  }

  @Test
  void unusedInputIsRejected() {
    var a = Input.of(3);
    var b = Input.of(4);
    var y = new Dense(2).apply(a);
    var e = assertThrows(IllegalArgumentException.class, () -> Model.of(List.of(a, b), y));
    // The model is named at construction, as in Keras, so the message names it.
    assertEquals("Model 'functional': input 'input_layer_1' (None, 4) is not used to compute any output", e.getMessage());
  }
}
