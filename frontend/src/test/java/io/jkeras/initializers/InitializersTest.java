package io.jkeras.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Keras 3's initializers: defaults, the statistics of large samples against the formulas, fans, seeds, config. */
class InitializersTest {
  /** Standard deviation of N(0, 1) truncated to [-2, 2], from its density (computed here, not copied). */
  private static final double TRUNC_STD = truncatedStd();

  private static double truncatedStd() {
    // Var = 1 - 2 * 2 * phi(2) / (2 * Phi(2) - 1), with phi the density and Phi the CDF (Simpson's rule).
    double phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
    int n = 20000;
    double h = 2.0 / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double x = i * h;
      double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += w * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }
    double mass = 2 * sum * h / 3;   // P(-2 <= Z <= 2)
    return Math.sqrt(1 - 4 * phi2 / mass);
  }

  private static final Shape BIG = Shape.of(500, 400);

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  private static double maxAbs(float[] v, double center) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x - center));
    }
    return m;
  }

  private static float[] draw(Initializer init, Shape shape) {
    return init.generate(shape, new SplittableRandom(1234));
  }

  private static void assertClose(double expected, double actual, double relTol, String what) {
    assertTrue(Math.abs(expected - actual) <= relTol * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }

  @Test
  void truncationConstantMatchesKeras() {
    assertEquals(0.87962566103423978, TRUNC_STD, 1e-6);
  }

  @Test
  void zerosOnesConstant() {
    assertArrayEquals(new float[6], draw(new Zeros(), Shape.of(2, 3)));
    float[] ones = draw(new Ones(), Shape.of(4));
    assertArrayEquals(new float[] {1, 1, 1, 1}, ones);
    float[] c = draw(new Constant(0.25), Shape.of(3, 1));
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, c);
    assertEquals(0.0, new Constant().value());
  }

  @Test
  void randomNormalDefaultsAndStatistics() {
    RandomNormal d = new RandomNormal();
    assertEquals(0.0, d.mean());
    assertEquals(0.05, d.stddev());
    float[] v = draw(new RandomNormal(1.5, 0.3, null), BIG);
    assertEquals(1.5, mean(v), 0.3 * 5 / Math.sqrt(v.length));
    assertClose(0.3, std(v), 0.01, "std");
    // an untruncated normal reaches beyond two standard deviations
    assertTrue(maxAbs(v, 1.5) > 2 * 0.3);
  }

  @Test
  void randomUniformDefaultsAndStatistics() {
    RandomUniform d = new RandomUniform();
    assertEquals(-0.05, d.minVal());
    assertEquals(0.05, d.maxVal());
    float[] v = draw(new RandomUniform(-2, 6), BIG);
    for (float x : v) {
      assertTrue(x >= -2 && x <= 6, "value " + x + " outside [-2, 6]");
    }
    assertEquals(2.0, mean(v), 8 / Math.sqrt(12) * 5 / Math.sqrt(v.length));
    assertClose(8 / Math.sqrt(12), std(v), 0.01, "std");
  }

  @Test
  void truncatedNormalDefaultsAndStatistics() {
    TruncatedNormal d = new TruncatedNormal();
    assertEquals(0.0, d.mean());
    assertEquals(0.05, d.stddev());
    float[] v = draw(new TruncatedNormal(-1, 0.5, null), BIG);
    assertTrue(maxAbs(v, -1) <= 2 * 0.5 + 1e-6, "values beyond two stddev: " + maxAbs(v, -1));
    assertEquals(-1.0, mean(v), 0.5 * 5 / Math.sqrt(v.length));
    assertClose(0.5 * TRUNC_STD, std(v), 0.01, "std");
  }

  @Test
  void fansOfDenseAndConvKernels() {
    assertArrayEquals(new long[] {1, 1}, VarianceScaling.computeFans(Shape.scalar()));
    assertArrayEquals(new long[] {7, 7}, VarianceScaling.computeFans(Shape.of(7)));
    assertArrayEquals(new long[] {784, 64}, VarianceScaling.computeFans(Shape.of(784, 64)));
    // Conv2D kernel (kh, kw, in, out): receptive field 3 * 3 = 9
    assertArrayEquals(new long[] {9 * 16, 9 * 32}, VarianceScaling.computeFans(Shape.of(3, 3, 16, 32)));
  }

  @Test
  void glorotUniformOnAConvKernelUsesTheReceptiveField() {
    Shape kernel = Shape.of(5, 5, 20, 40);
    float[] v = draw(new GlorotUniform(), kernel);
    double limit = Math.sqrt(6.0 / (25 * 20 + 25 * 40));
    for (float x : v) {
      assertTrue(Math.abs(x) <= limit, "value " + x + " beyond limit " + limit);
    }
    assertTrue(maxAbs(v, 0) > 0.99 * limit);
    assertClose(limit / Math.sqrt(3), std(v), 0.02, "std");
  }

  @Test
  void varianceScalingFamilyMatchesFormulas() {
    long fanIn = 500;
    long fanOut = 400;
    Map<Initializer, double[]> expected = new HashMap<>();
    // {expected std, bound (0 = untruncated normal)}
    double glorotU = Math.sqrt(6.0 / (fanIn + fanOut));
    double heU = Math.sqrt(6.0 / fanIn);
    double lecunU = Math.sqrt(3.0 / fanIn);
    expected.put(new GlorotUniform(), new double[] {glorotU / Math.sqrt(3), glorotU});
    expected.put(new HeUniform(), new double[] {heU / Math.sqrt(3), heU});
    expected.put(new LecunUniform(), new double[] {lecunU / Math.sqrt(3), lecunU});
    // truncated normals: the std after truncation is sqrt(scale / n) (Keras' /0.8796 correction)
    double glorotN = Math.sqrt(2.0 / (fanIn + fanOut));
    double heN = Math.sqrt(2.0 / fanIn);
    double lecunN = Math.sqrt(1.0 / fanIn);
    expected.put(new GlorotNormal(), new double[] {glorotN, 2 * glorotN / TRUNC_STD});
    expected.put(new HeNormal(), new double[] {heN, 2 * heN / TRUNC_STD});
    expected.put(new LecunNormal(), new double[] {lecunN, 2 * lecunN / TRUNC_STD});
    double vsOut = Math.sqrt(3.0 / fanOut);
    expected.put(new VarianceScaling(3.0, "fan_out", "untruncated_normal"), new double[] {vsOut, 0});
    double vsAvgU = Math.sqrt(3 * 0.5 / ((fanIn + fanOut) / 2.0));
    expected.put(new VarianceScaling(0.5, "fan_avg", "uniform"), new double[] {vsAvgU / Math.sqrt(3), vsAvgU});
    for (Map.Entry<Initializer, double[]> e : expected.entrySet()) {
      float[] v = draw(e.getKey(), BIG);
      String what = e.getKey().toString();
      assertEquals(0.0, mean(v), e.getValue()[0] * 5 / Math.sqrt(v.length), what + " mean");
      assertClose(e.getValue()[0], std(v), 0.015, what + " std");
      if (e.getValue()[1] > 0) {
        assertTrue(maxAbs(v, 0) <= e.getValue()[1] * (1 + 1e-6), what + " bound");
        assertTrue(maxAbs(v, 0) > 0.99 * e.getValue()[1], what + " reaches its bound");
      }
    }
  }

  @Test
  void varianceScalingDefaultsAndValidation() {
    VarianceScaling d = new VarianceScaling();
    assertEquals(1.0, d.scale());
    assertEquals("fan_in", d.mode());
    assertEquals("truncated_normal", d.distribution());
    assertEquals("truncated_normal", new VarianceScaling(1, "fan_in", "normal").distribution());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(0, "fan_in", "uniform"))
        .getMessage().contains("scale"));
    String m = assertThrows(IllegalArgumentException.class,
        () -> new VarianceScaling(1, "fan_sideways", "uniform")).getMessage();
    assertTrue(m.contains("mode") && m.contains("fan_sideways"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(1, "fan_in", "cauchy"))
        .getMessage();
    assertTrue(m.contains("distribution") && m.contains("cauchy"), m);
  }

  @Test
  void orthogonalColumnsAndRows() {
    for (Shape s : List.of(Shape.of(60, 20), Shape.of(20, 60), Shape.of(3, 3, 4, 10))) {
      float[] v = draw(new Orthogonal(2.0, null), s);
      int cols = (int) s.get(s.numDimensions() - 1);
      int rows = v.length / cols;
      boolean byColumns = rows >= cols;
      int k = Math.min(rows, cols);
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          double dot = 0;
          for (int i = 0; i < Math.max(rows, cols); i++) {
            dot += byColumns ? v[i * cols + a] * v[i * cols + b] : v[a * cols + i] * v[b * cols + i];
          }
          assertEquals(a == b ? 4.0 : 0.0, dot, 1e-4, "Gram matrix of " + s + " at " + a + "," + b);
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> draw(new Orthogonal(), Shape.of(5)));
  }

  @Test
  void identity() {
    float[] v = draw(new Identity(3.0), Shape.of(2, 3));
    assertArrayEquals(new float[] {3, 0, 0, 0, 3, 0}, v);
    String m = assertThrows(IllegalArgumentException.class, () -> draw(new Identity(), Shape.of(2, 2, 2)))
        .getMessage();
    assertTrue(m.contains("Identity") && m.contains("(2, 2, 2)"), m);
  }

  @Test
  void ownSeedGivesTheSameValuesEveryCallAndIgnoresTheGenerator() {
    for (Initializer init : List.of(new RandomNormal(0, 1, 42L), new RandomUniform(-1, 1, 42L),
        new TruncatedNormal(0, 1, 42L), new GlorotUniform(42L), new HeNormal(42L), new Orthogonal(1, 42L))) {
      float[] a = init.generate(Shape.of(30, 20), new SplittableRandom(1));
      float[] b = init.generate(Shape.of(30, 20), new SplittableRandom(2));
      assertArrayEquals(a, b, init.toString());
      float[] other = Initializers.fromConfig(Map.of("class_name", init.className(),
          "config", withSeed(init.getConfig(), 43L))).generate(Shape.of(30, 20), new SplittableRandom(1));
      assertFalse(Arrays.equals(a, other), init + ": another seed, other values");
    }
  }

  private static Map<String, Object> withSeed(Map<String, Object> config, long seed) {
    Map<String, Object> c = new HashMap<>(config);
    c.put("seed", seed);
    return c;
  }

  @Test
  void unseededDrawsFromTheGivenGenerator() {
    Initializer init = new GlorotNormal();
    assertArrayEquals(init.generate(Shape.of(10, 10), new SplittableRandom(5)),
        init.generate(Shape.of(10, 10), new SplittableRandom(5)));
    SplittableRandom r = new SplittableRandom(5);
    float[] first = init.generate(Shape.of(10, 10), r);
    float[] second = init.generate(Shape.of(10, 10), r);
    assertFalse(Arrays.equals(first, second));
  }

  @Test
  void getBySnakeCaseAndClassName() {
    Map<String, Class<?>> names = Map.ofEntries(
        Map.entry("zeros", Zeros.class), Map.entry("ones", Ones.class), Map.entry("constant", Constant.class),
        Map.entry("random_normal", RandomNormal.class), Map.entry("random_uniform", RandomUniform.class),
        Map.entry("truncated_normal", TruncatedNormal.class),
        Map.entry("variance_scaling", VarianceScaling.class), Map.entry("glorot_uniform", GlorotUniform.class),
        Map.entry("glorot_normal", GlorotNormal.class), Map.entry("he_normal", HeNormal.class),
        Map.entry("he_uniform", HeUniform.class), Map.entry("lecun_normal", LecunNormal.class),
        Map.entry("lecun_uniform", LecunUniform.class), Map.entry("orthogonal", Orthogonal.class),
        Map.entry("identity", Identity.class));
    for (Map.Entry<String, Class<?>> e : names.entrySet()) {
      Initializer bySnake = Initializers.get(e.getKey());
      assertEquals(e.getValue(), bySnake.getClass(), e.getKey());
      Initializer byClass = Initializers.get(e.getValue().getSimpleName());
      assertEquals(bySnake, byClass);
      assertEquals(e.getValue().getSimpleName(), bySnake.className());
    }
    String m = assertThrows(IllegalArgumentException.class, () -> Initializers.get("glorot_unifrom"))
        .getMessage();
    assertTrue(m.contains("glorot_unifrom") && m.contains("glorot_uniform"), m);
  }

  @Test
  void fromConfigHonoursValuesAndRoundTrips() {
    Initializer init = Initializers.fromConfig(Map.of("module", "keras.initializers",
        "class_name", "RandomNormal", "config", Map.of("mean", 1, "stddev", 0.5, "seed", 3),
        "registered_name", "RandomNormal"));
    RandomNormal rn = assertInstanceOf(RandomNormal.class, init);
    assertEquals(1.0, rn.mean());
    assertEquals(0.5, rn.stddev());
    assertEquals(3L, rn.seed());
    Map<String, Object> nullSeed = new HashMap<>();
    nullSeed.put("seed", null);
    nullSeed.put("scale", 2.0);
    nullSeed.put("mode", "fan_avg");
    nullSeed.put("distribution", "uniform");
    VarianceScaling vs = assertInstanceOf(VarianceScaling.class,
        Initializers.fromConfig(Map.of("class_name", "VarianceScaling", "config", nullSeed)));
    assertEquals(2.0, vs.scale());
    assertEquals("fan_avg", vs.mode());
    assertEquals(null, vs.seed());

    for (Initializer i : List.of(new Zeros(), new Ones(), new Constant(2.5), new RandomNormal(0.1, 0.2, 7L),
        new RandomUniform(-3, 3, 8L), new TruncatedNormal(0, 1, null), new VarianceScaling(2, "fan_out",
            "untruncated_normal", 9L), new GlorotUniform(1L), new GlorotNormal(), new HeNormal(2L),
        new HeUniform(), new LecunNormal(), new LecunUniform(3L), new Orthogonal(1.5, 4L), new Identity(0.5))) {
      Initializer back = Initializers.fromConfig(Map.of("class_name", i.className(), "config", i.getConfig()));
      assertEquals(i, back);
      assertEquals(i.getConfig(), back.getConfig());
      assertEquals(i.getClass(), back.getClass());
    }
    assertEquals(Map.of("seed", 1L), new GlorotUniform(1L).getConfig());
    assertEquals(List.of("seed", "mean", "stddev"), List.copyOf(new RandomNormal().getConfig().keySet()));
  }
}
