package io.jkeras.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.LayerConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Keras' constraint formulas, defaults, names and config. */
class ConstraintsTest {
  private static final double EPS = 1e-7;
  // A (2, 2) kernel [[3, 1], [4, 0]]: column norms (axis 0) are 5 and 1, row norms (axis 1) sqrt(10), 4.
  private static final float[] W = {3, 1, 4, 0};
  private static final Shape S = Shape.of(2, 2);

  @Test
  void defaults() {
    assertEquals(2.0, new MaxNorm().maxValue());
    assertArrayEquals(new int[] {0}, new MaxNorm().axis());
    MinMaxNorm mm = new MinMaxNorm();
    assertEquals(0.0, mm.minValue());
    assertEquals(1.0, mm.maxValue());
    assertEquals(1.0, mm.rate());
    assertArrayEquals(new int[] {0}, mm.axis());
    assertArrayEquals(new int[] {0}, new UnitNorm().axis());
  }

  @Test
  void maxNormScalesColumnsAboveTheCap() {
    float[] out = new MaxNorm(2.0).apply(W, S);
    // column 0 has norm 5 -> scaled by 2 / (eps + 5); column 1 has norm 1 -> kept (1 / (eps + 1)).
    double s0 = 2 / (EPS + 5);
    double s1 = 1 / (EPS + 1);
    assertArrayEquals(new float[] {(float) (3 * s0), (float) (1 * s1), (float) (4 * s0), 0f}, out, 1e-6f);
    // along axis 1 (rows): row norms sqrt(10) and 4, both capped at 2
    float[] rows = new MaxNorm(2.0, 1).apply(W, S);
    double r0 = 2 / (EPS + Math.sqrt(10));
    double r1 = 2 / (EPS + 4);
    assertArrayEquals(new float[] {(float) (3 * r0), (float) (1 * r0), (float) (4 * r1), 0f}, rows, 1e-6f);
  }

  @Test
  void maxNormOverSeveralAxesOfAConvKernel() {
    // (1, 1, 2, 2) kernel, axes [0, 1, 2]: one norm per filter, as Keras recommends for Conv2D
    float[] out = new MaxNorm(1.0, 0, 1, 2).apply(W, Shape.of(1, 1, 2, 2));
    double s0 = 1 / (EPS + 5);
    double s1 = 1 / (EPS + 1);
    assertArrayEquals(new float[] {(float) (3 * s0), (float) s1, (float) (4 * s0), 0f}, out, 1e-6f);
  }

  @Test
  void minMaxNormMovesByRate() {
    float[] out = new MinMaxNorm(2.0, 3.0, 0.5).apply(W, S);
    double d0 = 0.5 * 3 + 0.5 * 5;   // norm 5 clipped to 3
    double d1 = 0.5 * 2 + 0.5 * 1;   // norm 1 clipped to 2
    double s0 = d0 / (EPS + 5);
    double s1 = d1 / (EPS + 1);
    assertArrayEquals(new float[] {(float) (3 * s0), (float) s1, (float) (4 * s0), 0f}, out, 1e-6f);
  }

  @Test
  void unitNormAndNonNeg() {
    float[] out = new UnitNorm().apply(W, S);
    assertArrayEquals(new float[] {(float) (3 / (EPS + 5)), (float) (1 / (EPS + 1)), (float) (4 / (EPS + 5)), 0},
        out, 1e-6f);
    assertArrayEquals(new float[] {0, 2, 0, 0.5f}, new NonNeg().apply(new float[] {-1, 2, 0, 0.5f}, Shape.of(4)));
    String m = assertThrows(IllegalArgumentException.class, () -> new UnitNorm(2).apply(W, S)).getMessage();
    assertTrue(m.contains("UnitNorm") && m.contains("axis 2") && m.contains("(2, 2)"), m);
  }

  @Test
  void namesAndConfig() {
    assertInstanceOf(MaxNorm.class, Constraints.get("max_norm"));
    assertInstanceOf(MinMaxNorm.class, Constraints.get("MinMaxNorm"));
    assertInstanceOf(NonNeg.class, Constraints.get("non_neg"));
    assertInstanceOf(UnitNorm.class, Constraints.get("unit_norm"));
    String m = assertThrows(IllegalArgumentException.class, () -> Constraints.get("positive")).getMessage();
    assertTrue(m.contains("positive") && m.contains("non_neg"), m);

    assertEquals(List.of("max_value", "axis"), List.copyOf(new MaxNorm().getConfig().keySet()));
    assertEquals(List.of(0, 1, 2), new MaxNorm(3, 0, 1, 2).getConfig().get("axis"));
    assertEquals(0, new UnitNorm().getConfig().get("axis"));
    for (Constraint c : List.of(new MaxNorm(3, 0, 1, 2), new MinMaxNorm(0.5, 2, 0.7, 1), new NonNeg(),
        new UnitNorm(1))) {
      Constraint back = Constraints.fromConfig(Map.of("class_name", c.className(), "config", c.getConfig()));
      assertEquals(c, back);
    }
    // Keras writes MaxNorm's default max_value as the int 2
    MaxNorm fromJson = (MaxNorm) Constraints.fromConfig(
        Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 2, "axis", 0)));
    assertEquals(new MaxNorm(), fromJson);
  }

  @Test
  void layerConfigsReadsConstraints() {
    assertNull(LayerConfigs.constraint(null));
    assertEquals(new NonNeg(), LayerConfigs.constraint("non_neg"));
    assertEquals(new UnitNorm(1), LayerConfigs.constraint(Map.of("class_name", "UnitNorm",
        "config", Map.of("axis", 1))));
  }
}
