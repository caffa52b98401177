package io.jkeras.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.LayerConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras' penalties {@code l1 * sum|w| + l2 * sum w^2}, defaults, names and config. */
class RegularizersTest {
  private static final float[] W = {1.5f, -2f, 0f, 0.5f};
  private static final double SUM_ABS = 1.5 + 2 + 0 + 0.5;          // 4
  private static final double SUM_SQ = 2.25 + 4 + 0 + 0.25;        // 6.5

  @Test
  void defaults() {
    assertEquals(0.01, new L1().l1());
    assertEquals(0.0, new L1().l2());
    assertEquals(0.01, new L2().l2());
    assertEquals(0.0, new L2().l1());
    assertEquals(0.0, new L1L2().l1());
    assertEquals(0.0, new L1L2().l2());
  }

  @Test
  void penalties() {
    assertEquals(0.01 * SUM_ABS, new L1().penalty(W), 1e-12);
    assertEquals(0.3 * SUM_ABS, new L1(0.3).penalty(W), 1e-12);
    assertEquals(0.01 * SUM_SQ, new L2().penalty(W), 1e-12);
    assertEquals(0.2 * SUM_SQ, new L2(0.2).penalty(W), 1e-12);
    assertEquals(0.1 * SUM_ABS + 0.2 * SUM_SQ, new L1L2(0.1, 0.2).penalty(W), 1e-12);
    assertEquals(0.0, new L1L2().penalty(W));
  }

  @Test
  void negativeFactorsAreRejected() {
    String m = assertThrows(IllegalArgumentException.class, () -> new L2(-1)).getMessage();
    assertTrue(m.contains("L2") && m.contains("l2") && m.contains("-1"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new L1L2(Double.NaN, 0)).getMessage();
    assertTrue(m.contains("l1") && m.contains("NaN"), m);
  }

  @Test
  void namesAndConfig() {
    assertInstanceOf(L1.class, Regularizers.get("l1"));
    assertInstanceOf(L2.class, Regularizers.get("L2"));
    assertInstanceOf(L1L2.class, Regularizers.get("l1_l2"));
    assertEquals(new L2(), Regularizers.get("l2"));
    String m = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3")).getMessage();
    assertTrue(m.contains("l3") && m.contains("l2"), m);

    assertEquals(Map.of("l1", 0.3), new L1(0.3).getConfig());
    assertEquals(Map.of("l2", 0.2), new L2(0.2).getConfig());
    assertEquals(List.of("l1", "l2"), List.copyOf(new L1L2(1, 2).getConfig().keySet()));
    for (Regularizer r : List.of(new L1(0.5), new L2(1e-4), new L1L2(1e-5, 2e-5))) {
      Regularizer back = Regularizers.fromConfig(Map.of("module", "keras.regularizers",
          "class_name", r.className(), "config", r.getConfig()));
      assertEquals(r, back);
      assertEquals(r.penalty(W), back.penalty(W));
    }
    L2 fromJson = (L2) Regularizers.fromConfig(Map.of("class_name", "L2", "config", Map.of("l2", 1)));
    assertEquals(1.0, fromJson.l2());
  }

  @Test
  void layerConfigsReadsRegularizers() {
    assertNull(LayerConfigs.regularizer(null));
    L1 l1 = new L1();
    assertSame(l1, LayerConfigs.regularizer(l1));
    assertEquals(new L2(0.5), LayerConfigs.regularizer(Map.of("class_name", "L2", "config", Map.of("l2", 0.5))));
    assertEquals(new L1L2(), LayerConfigs.regularizer("l1_l2"));
  }
}
