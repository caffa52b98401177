package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.util.Shapes;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Embedding against Keras 3: shapes, parameters, defaults, config and summary row. */
class EmbeddingTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void shapesAndParameters() {
    var ids = Input.of("tokens", DType.INT32, 20);
    Embedding e = new Embedding(10_000, 64);
    var y = e.apply(ids);
    assertEquals("(None, 20, 64)", Shapes.format(y.shape()));
    assertEquals(DType.FLOAT32, y.dtype());
    assertEquals(640_000, e.countParams());
    assertEquals("embeddings", e.weights().get(0).name());
    assertEquals(Shape.of(10_000, 64), e.weights().get(0).shape());
    // Any input rank: (None,) -> (None, 8); (None, 3, 4) -> (None, 3, 4, 8).
    assertEquals("(None, 8)", Shapes.format(new Embedding(5, 8).apply(Input.of()).shape()));
    assertEquals("(None, 3, 4, 8)", Shapes.format(new Embedding(5, 8).apply(Input.of(3, 4)).shape()));
  }

  @Test
  void kerasDefaults() {
    Embedding e = new Embedding(7, 3);
    Map<String, Object> c = e.getConfig();
    RandomUniform init = assertInstanceOf(RandomUniform.class, c.get("embeddings_initializer"));
    assertEquals(-0.05, init.minVal());
    assertEquals(0.05, init.maxVal());
    assertEquals(false, c.get("mask_zero"));
    assertEquals(7, c.get("input_dim"));
    assertEquals(3, c.get("output_dim"));
    assertEquals("embedding", e.name());
  }

  @Test
  void badArgumentsAreClearErrors() {
    var ex = assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 4));
    assertTrue(ex.getMessage().contains("input_dim=0"), ex.getMessage());
  }

  @Test
  void jsonRoundTripAndSummaryRow() {
    var ids = Input.of("tokens", DType.INT32, 12);
    var x = new Embedding(100, 16).maskZero(true).embeddingsInitializer("glorot_uniform").apply(ids);
    Model m = Model.of(ids, new Dense(1).apply(new Flatten().apply(x)));
    String json = m.toJson();
    Model copy = Model.fromJson(json);
    assertEquals(json, copy.toJson());
    assertEquals(m.countParams(), copy.countParams());
    Embedding e = assertInstanceOf(Embedding.class, copy.getLayer("embedding"));
    assertTrue(e.maskZero());
    String summary = m.summaryString();
    assertTrue(summary.contains("│ embedding (Embedding)           │ (None, 12, 16)         │         1,600 │"),
        summary);
  }
}
