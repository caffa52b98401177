package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which outputs carry masks, and of what shape, as Keras 3's compute_mask methods say. */
class MaskedLayersTest {

  private static String mask(SymbolicTensor t) {
    return t.maskShape().map(Shapes::format).orElse("none");
  }

  private static SymbolicTensor masked(int steps, int features) {
    return new Masking(0.0).apply(Input.of(steps, features));
  }

  @Test
  void mergesOrTheMasksOnlyWhenEveryInputHasOne() {
    SymbolicTensor a = masked(5, 3);
    SymbolicTensor b = masked(5, 3);
    SymbolicTensor plain = Input.of(5, 3);
    for (Merge<?> m : List.of(new Add(), new Subtract(), new Multiply(), new Average(), new Maximum(),
        new Minimum())) {
      assertEquals("(None, 5)", mask(m.apply(a, b)), m.className());
    }
    assertFalse(new Add().apply(a, plain).hasMask(), "Keras: None if any input has no mask");
    assertFalse(new Maximum().apply(plain, a).hasMask());
    // Dot supports masking (no warning) but its output has no mask.
    assertFalse(new Dot(2).apply(a, b).hasMask());
  }

  @Test
  void concatenateMasks() {
    SymbolicTensor a = masked(5, 3);
    SymbolicTensor plain = Input.of(5, 2);
    assertEquals("(None, 5)", mask(new Concatenate().apply(List.of(a, plain))));
    assertEquals("(None, 7)", mask(new Concatenate(1).apply(List.of(a, Input.of(2, 3)))));
    assertFalse(new Concatenate().apply(List.of(Input.of(5, 3), plain)).hasMask());
  }

  @Test
  void globalAveragePoolingTakesTheMaskAndDropsIt() {
    SymbolicTensor a = masked(5, 3);
    GlobalAveragePooling1D avg = new GlobalAveragePooling1D();
    assertTrue(avg.supportsMasking());
    assertFalse(avg.apply(a).hasMask());
    assertFalse(new GlobalMaxPooling1D().supportsMasking(), "Keras 3's GlobalMaxPooling1D takes no mask");
    var ids = Input.of("ids", DType.INT32, 6);
    assertFalse(new GlobalAveragePooling1D().apply(new Embedding(9, 4).maskZero(true).apply(ids)).hasMask());
  }

  @Test
  void softmaxPassesTheMaskOnAndChecksItBroadcasts() {
    SymbolicTensor scores = masked(4, 4);   // mask (None, 4) against (None, 4, 4): broadcasts
    assertEquals("(None, 4)", mask(new Softmax().apply(scores)));
    SymbolicTensor wide = masked(4, 6);     // mask (None, 4) against (None, 4, 6): 4 vs 6
    var e = assertThrows(IllegalArgumentException.class, () -> new Softmax().apply(wide));
    assertTrue(e.getMessage().contains("mask must be broadcastable to the inputs")
        && e.getMessage().contains("(None, 4, 6)"), e.getMessage());
  }

  @Test
  void softmaxTakesAnExplicitMask() {
    SymbolicTensor scores = Input.of(4, 6);
    SymbolicTensor keep = Input.of(1, 6);
    Softmax softmax = new Softmax();
    SymbolicTensor y = softmax.applyCall(List.of(scores), java.util.Map.of("mask", keep)).get(0);
    assertEquals("(None, 4, 6)", Shapes.format(y.shape()));
    assertFalse(y.hasMask());
    io.jkeras.Model model = io.jkeras.Model.of(List.of(scores, keep), y);
    String json = model.toJson();
    assertTrue(json.contains("\"mask\""), json);
    assertEquals(json, io.jkeras.Model.fromJson(json).toJson());

    var bad = assertThrows(IllegalArgumentException.class,
        () -> new Softmax().applyCall(List.of(scores), java.util.Map.of("mask", Input.of(4, 5))));
    assertTrue(bad.getMessage().contains("mask.shape=(None, 4, 5)"), bad.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class,
        () -> new Softmax().applyCall(List.of(scores), java.util.Map.of("axis", 1)));
    assertTrue(unknown.getMessage().contains("call argument 'axis' is not supported"), unknown.getMessage());
  }
}
