package io.jkeras.layers;

import static io.jkeras.layers.LayerTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multiply, Subtract, Average, Maximum, Minimum and Dot: shapes, errors, configs and summary rows as Keras 3. */
class MergingLayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void elementwiseMergesBroadcastLikeKerasMerge() {
    var a = Input.of(4, 64);
    var b = Input.of(1, 64);
    var c = Input.of(64);
    var u = Input.of(-1, 64);
    for (var merge : List.<java.util.function.Supplier<Merge<?>>>of(
        Multiply::new, Average::new, Maximum::new, Minimum::new)) {
      assertEquals("(None, 4, 64)", shape(merge.get().apply(a, b)));
      assertEquals("(None, 4, 64)", shape(merge.get().apply(c, a)));       // lower rank aligned at the end
      assertEquals("(None, 4, 64)", shape(merge.get().apply(List.of(b, c, a))));
      assertEquals("(None, None, 64)", shape(merge.get().apply(u, a)));
      assertEquals("(None, 64)", shape(merge.get().apply(List.of(c))));   // Keras allows a list of one
      Merge<?> m = merge.get();
      String msg = assertThrows(IllegalArgumentException.class, () -> m.apply(a, Input.of(3, 64))).getMessage();
      assertTrue(msg.contains(m.className()) && msg.contains("(None, 4, 64)") && msg.contains("(None, 3, 64)"), msg);
    }
    Subtract sub = new Subtract();
    assertEquals("(None, 4, 64)", shape(sub.apply(a, b)));
    assertEquals(0, sub.countParams());
    assertEquals("subtract", sub.name());
    String msg = assertThrows(IllegalArgumentException.class, () -> new Subtract().apply(List.of(a, b, c)))
        .getMessage();
    assertTrue(msg.contains("Subtract") && msg.contains("exactly 2 inputs") && msg.contains("3"), msg);
    var fixed = Input.builder(3).batchSize(8).build();
    var other = Input.builder(3).batchSize(4).build();
    msg = assertThrows(IllegalArgumentException.class, () -> new Multiply().apply(fixed, other)).getMessage();
    assertTrue(msg.contains("batch") && msg.contains("(8, 3)") && msg.contains("(4, 3)"), msg);
    assertEquals("(8, 3)", shape(new Maximum().apply(Input.of(3), fixed)));
  }

  @Test
  void dotShapesFollowBatchDot() {
    // keras.io: x (2, 3, 5) and y (2, 10, 3) with axes=(1, 2) give (2, 5, 10).
    var x = Input.builder(3, 5).batchSize(2).build();
    var y = Input.builder(10, 3).batchSize(2).build();
    assertEquals("(2, 5, 10)", shape(new Dot(1, 2).apply(x, y)));
    // keras.io: np.arange(10).reshape(1, 5, 2) and np.arange(10, 20).reshape(1, 2, 5), axes=(1, 2): (1, 2, 2)
    assertEquals("(None, 2, 2)", shape(new Dot(1, 2).apply(Input.of(5, 2), Input.of(2, 5))));
    var v = Input.of(8);
    Dot cos = new Dot(1).normalize(true);
    assertEquals("(None, 1)", shape(cos.apply(v, Input.of(8))));   // rank 1 becomes (batch, 1)
    assertEquals(0, cos.countParams());
    assertEquals("(None, 5, 7)", shape(new Dot(2).apply(Input.of(5, 4), Input.of(7, 4))));
    assertEquals("(None, 5, 7)", shape(new Dot(-1).apply(Input.of(5, 4), Input.of(7, 4))));
    assertEquals("(None, 7)", shape(new Dot(1, 1).apply(Input.of(4), Input.of(4, 7))));
    assertEquals("(None, 2, 3, 5)", shape(new Dot(3, 1).apply(Input.of(2, 3, 4), Input.of(4, 5))));
    // Dot(-1) on ranks 2 and 3 takes each input's own last axis.
    assertEquals("(None, 6)", shape(new Dot(-1).apply(Input.of(4), Input.of(6, 4))));

    String m = assertThrows(IllegalArgumentException.class, () -> new Dot(1).apply(v, Input.of(9))).getMessage();
    assertTrue(m.contains("Dot") && m.contains("8") && m.contains("9") && m.contains("(None, 8)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Dot(0).apply(v, v)).getMessage();
    assertTrue(m.contains("axis 0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Dot(1).apply(List.of(v, v, v))).getMessage();
    assertTrue(m.contains("exactly 2 inputs"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Dot(3).apply(v, v)).getMessage();
    assertTrue(m.contains("out of range") && m.contains("(None, 8)"), m);
  }

  @Test
  void configsAsKeras() {
    assertEquals(1, new Dot(1).getConfig().get("axes"));
    assertEquals(List.of(1, 2), new Dot(1, 2).getConfig().get("axes"));
    assertEquals(false, new Dot(1).getConfig().get("normalize"));
    assertEquals(List.of("name", "trainable", "dtype"), List.copyOf(new Multiply().getConfig().keySet()));
    Dot d = (Dot) LayerRegistry.fromConfig("Dot",
        Map.of("name", "sim", "trainable", true, "dtype", "float32", "axes", List.of(-1, -1), "normalize", true));
    assertEquals("sim", d.name());
    assertTrue(d.normalize());
    for (Layer layer : List.of(new Multiply(), new Subtract().name("diff"), new Average(), new Maximum(),
        new Minimum().trainable(false), new Dot(2).normalize(true), new Dot(1, 2), new Add())) {
      LayerTestSupport.assertConfigRoundTrips(layer);
    }
  }

  @Test
  void modelJsonAndSummaryRows() {
    var a = Input.of(16);
    var b = Input.of(16);
    Multiply mul = new Multiply();
    Subtract sub = new Subtract();
    Average avg = new Average();
    Maximum max = new Maximum();
    Minimum min = new Minimum();
    Dot dot = new Dot(1).normalize(true);
    var p = mul.apply(a, b);
    var q = sub.apply(a, b);
    var r = avg.apply(List.of(p, q, a));
    var s = max.apply(r, min.apply(p, q));
    var out = new Dense(1).apply(new Concatenate().apply(List.of(s, dot.apply(a, b))));
    Model model = Model.of(List.of(a, b), out);
    assertEquals(17 * 1 + 1, model.countParams());   // Dense(1) on 17 features; merges have none
    LayerTestSupport.assertSummaryRow(model, mul, "(None, 16)", "0");
    LayerTestSupport.assertSummaryRow(model, sub, "(None, 16)", "0");
    LayerTestSupport.assertSummaryRow(model, avg, "(None, 16)", "0");
    LayerTestSupport.assertSummaryRow(model, max, "(None, 16)", "0");
    LayerTestSupport.assertSummaryRow(model, min, "(None, 16)", "0");
    LayerTestSupport.assertSummaryRow(model, dot, "(None, 1)", "0");
    Model copy = LayerTestSupport.assertModelJsonRoundTrips(model);
    assertEquals(model.layers().stream().map(Layer::name).toList(), copy.layers().stream().map(Layer::name).toList());
    assertEquals(Dot.class, copy.getLayer("dot").getClass());
  }
}
