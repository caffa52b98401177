package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** LayerNormalization and Normalization: shapes, weights, parameter counts and configs as in Keras 3. */
class NormalizationLayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  private static String describe(Layer layer) {
    StringBuilder sb = new StringBuilder();
    for (Variable v : layer.weights()) {
      sb.append(v.name()).append(Shapes.format(v.shape())).append(v.trainable() ? "" : "(nt)").append(' ');
    }
    return sb.toString().trim();
  }

  @Test
  void layerNormalizationWeightsAndParams() {
    SymbolicTensor x = Input.of(8, 32);
    LayerNormalization ln = new LayerNormalization();
    assertEquals("(None, 8, 32)", Shapes.format(ln.apply(x).shape()));
    // Keras: gamma and beta of the normalized axis, 2 * 32 = 64 trainable params.
    assertEquals("gamma(32,) beta(32,)", describe(ln));
    assertEquals(64, ln.countParams());
    assertEquals("layer_normalization", ln.name());
    assertEquals("Ones", ln.weights().get(0).initializer().className());
    assertEquals("Zeros", ln.weights().get(1).initializer().className());

    LayerNormalization multi = new LayerNormalization().axis(1, 2);
    multi.apply(Input.of(4, 5, 3));
    assertEquals("gamma(4, 5) beta(4, 5)", describe(multi));

    LayerNormalization bare = new LayerNormalization().center(false).scale(false);
    bare.apply(x);
    assertEquals(0, bare.countParams());
    LayerNormalization rms = new LayerNormalization().rmsScaling(true);
    rms.apply(x);
    assertEquals("gamma(32,)", describe(rms));
  }

  @Test
  void layerNormalizationConfigAndErrors() {
    LayerNormalization ln = new LayerNormalization().epsilon(1e-6).center(false).name("ln");
    Map<String, Object> before = ln.getConfig();
    assertEquals(-1, before.get("axis"));
    assertEquals(1e-6, before.get("epsilon"));
    assertEquals(false, before.get("center"));
    assertEquals(false, before.get("rms_scaling"));
    ln.apply(Input.of(6));
    // Keras turns the axis into a list when the layer is built.
    assertEquals(List.of(-1), ln.getConfig().get("axis"));
    LayerNormalization back = LayerNormalization.fromConfig(ln.getConfig());
    assertArrayEquals(new int[] {-1}, back.axis());
    assertEquals(1e-6, back.epsilon());
    assertFalse(back.center());

    String m = assertThrows(IllegalArgumentException.class,
        () -> new LayerNormalization().axis(3).apply(Input.of(4))).getMessage();
    assertTrue(m.contains("axis 3") && m.contains("(None, 4)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> ln.apply(Input.of(7))).getMessage();
    assertTrue(m.contains("'ln'") && m.contains("(None, 7)") && m.contains("(None, 6)"), m);
    assertThrows(IllegalArgumentException.class, () -> new LayerNormalization().epsilon(0));
  }

  @Test
  void normalizationAdaptMatchesKerasDocExamples() {
    // keras.io: adapt on [[0,7,4],[2,9,6],[0,7,4],[2,9,6]] gives mean (1, 8, 5) and variance (1, 1, 1).
    Normalization n = new Normalization();
    n.adapt(new float[][] {{0, 7, 4}, {2, 9, 6}, {0, 7, 4}, {2, 9, 6}});
    assertArrayEquals(new float[] {1, 8, 5}, n.adaptedMean(), 1e-6f);
    assertArrayEquals(new float[] {1, 1, 1}, n.adaptedVariance(), 1e-6f);
    // axis=None: one mean and variance over all of [1..5]: 3 and 2.
    Normalization all = new Normalization().axisNone();
    all.adapt(new double[] {1, 2, 3, 4, 5});
    assertArrayEquals(new float[] {3}, all.adaptedMean(), 1e-6f);
    assertArrayEquals(new float[] {2}, all.adaptedVariance(), 1e-6f);
  }

  @Test
  void normalizationAdaptOnRank3PerLastAxisAgainstTwoPassReference() {
    SplittableRandom r = new SplittableRandom(3);
    float[][][] data = new float[5][4][3];
    double[] sum = new double[3];
    for (float[][] a : data) {
      for (float[] b : a) {
        for (int c = 0; c < 3; c++) {
          b[c] = (float) (r.nextGaussian() * (c + 1) + c * 10);
          sum[c] += b[c];
        }
      }
    }
    double[] var = new double[3];
    for (float[][] a : data) {
      for (float[] b : a) {
        for (int c = 0; c < 3; c++) {
          var[c] += Math.pow(b[c] - sum[c] / 20, 2) / 20;
        }
      }
    }
    Normalization n = new Normalization();
    n.adapt(data);
    for (int c = 0; c < 3; c++) {
      assertEquals(sum[c] / 20, n.adaptedMean()[c], 1e-5);
      assertEquals(var[c], n.adaptedVariance()[c], 1e-4);
    }
    // Keeping axes 1 and 2: one statistic per (4, 3) cell over the 5 examples.
    Normalization cells = new Normalization().axis(1, 2);
    cells.adapt(data);
    assertEquals(12, cells.adaptedMean().length);
    assertEquals((data[0][2][1] + data[1][2][1] + data[2][2][1] + data[3][2][1] + data[4][2][1]) / 5.0,
        cells.adaptedMean()[2 * 3 + 1], 1e-5);
  }

  @Test
  void normalizationWeightsCountAsKerasDoes() {
    Normalization n = new Normalization();
    n.adapt(new float[][] {{0, 7, 4}, {2, 9, 6}});
    SymbolicTensor x = Input.of(3);
    Model model = Model.of(x, new Dense(2).apply(n.apply(x)));
    // Keras: mean (3,), variance (3,) and an int64 count () -> 7 non-trainable params.
    assertEquals("mean(3,)(nt) variance(3,)(nt) count()(nt)", describe(n));
    assertEquals(DType.INT64, n.weights().get(2).dtype());
    assertEquals(7, n.countParams());
    assertTrue(n.trainableWeights().isEmpty());
    assertEquals(7 + 8, model.countParams());
    String summary = model.summaryString();
    assertTrue(summary.contains("│ normalization (Normalization)   │ (None, 3)              │             7 │"),
        summary);
    // 6 float32 + 1 int64 = 32 bytes.
    assertTrue(summary.contains(" Non-trainable params: 7 (32.00 B)"), summary);
    // Initial values of the weights are the adapted statistics.
    assertArrayEquals(new float[] {1, 8, 5},
        n.weights().get(0).initializer().generate(Shape.of(3), new SplittableRandom(0)));
    assertArrayEquals(new float[] {2},
        n.weights().get(2).initializer().generate(Shape.scalar(), new SplittableRandom(0)));
  }

  @Test
  void normalizationWithGivenStatisticsHasNoWeights() {
    Normalization n = new Normalization().mean(3).variance(2).name("norm");
    n.apply(Input.of(1));
    assertEquals(0, n.countParams());
    Map<String, Object> c = n.getConfig();
    assertEquals(List.of(-1), c.get("axis"));
    assertEquals(3.0, c.get("mean"));
    assertEquals(2.0, c.get("variance"));
    assertEquals(false, c.get("invert"));
    Normalization back = Normalization.fromConfig(c);
    assertTrue(back.hasGivenStatistics());
    assertArrayEquals(new float[] {3, 3}, back.statistics(new long[] {2})[0]);

    Normalization perFeature = new Normalization().mean(1, 2, 3).variance(1, 4, 9).invert(true);
    perFeature.apply(Input.of(5, 3));
    assertEquals(List.of(1.0, 2.0, 3.0), perFeature.getConfig().get("mean"));
    assertArrayEquals(new float[] {1, 4, 9}, perFeature.statistics(new long[] {3})[1]);

    String m = assertThrows(IllegalArgumentException.class,
        () -> new Normalization().mean(1, 2).variance(1, 2).apply(Input.of(3))).getMessage();
    assertTrue(m.contains("(None, 3)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Normalization().mean(1).apply(Input.of(3)))
        .getMessage();
    assertTrue(m.contains("'mean' and 'variance'"), m);
    assertThrows(IllegalStateException.class, () -> new Normalization().mean(1).variance(1).adapt(new float[] {1}));
    Normalization adapted = new Normalization();
    adapted.adapt(new float[][] {{1, 2}});
    m = assertThrows(IllegalArgumentException.class, () -> adapted.apply(Input.of(3))).getMessage();
    assertTrue(m.contains("(None, 3)"), m);
  }

  @Test
  void jsonRoundTrip() {
    SymbolicTensor x = Input.of(4, 6);
    SymbolicTensor y = new LayerNormalization().epsilon(1e-5).apply(new Normalization().mean(0.5).variance(4)
        .apply(x));
    Model model = Model.of(x, y);
    String json = model.toJson();
    Model back = Model.fromJson(json);
    assertEquals(json, back.toJson());
    assertEquals(model.countParams(), back.countParams());
  }
}
