package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Layer;
import io.jkeras.layers.RandomBrightness;
import io.jkeras.layers.RandomContrast;
import io.jkeras.layers.RandomFlip;
import io.jkeras.layers.RandomRotation;
import io.jkeras.layers.RandomTranslation;
import io.jkeras.layers.RandomZoom;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * The random image layers: identity in inference, changes in training that stay in range, fresh draws at
 * every training step, the same draws for the same seed. Their random streams are not Keras' (docs), so these
 * are properties, not fixtures; the deterministic parts are checked against Keras in PreprocessingKerasTest.
 */
class RandomImageLayersTest {

  static Stream<Supplier<Layer>> randomLayers() {
    return Stream.of(
        () -> new RandomFlip(),
        () -> new RandomRotation(0.2),
        () -> new RandomZoom(0.3),
        () -> new RandomTranslation(0.2, 0.3),
        () -> new RandomContrast(0.5),
        () -> new RandomBrightness(0.4));
  }

  private static FloatNdArray images(int n, int h, int w, int c, long seed) {
    java.util.Random r = new java.util.Random(seed);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, h, w, c));
    x.scalars().forEach(s -> s.setFloat(r.nextFloat() * 255f));
    return x;
  }

  @ParameterizedTest
  @MethodSource("randomLayers")
  void inferencePassesImagesThroughAndTrainingChangesThemWithinRange(Supplier<Layer> make) {
    FloatNdArray x = images(8, 6, 7, 2, 1);
    Layer layer = make.get();
    SymbolicTensor in = Input.of(6, 7, 2);
    try (Model m = Model.of(in, layer.apply(in))) {
      assertEquals(0f, maxAbsDiff(x, m.predict(x)), 0f, layer.className() + " is the identity in inference");
    }
    FloatNdArray t = PreprocessingKerasTest.run(make.get(), x, true);
    assertEquals(x.shape(), t.shape());
    assertTrue(maxAbsDiff(x, t) > 1f, layer.className() + " changes images in training");
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : values(t)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    // every layer keeps pixels in [0, 255]: moves (interpolation of in-range values) or clips to value_range
    assertTrue(min >= -1e-3f && max <= 255f + 1e-3f, layer.className() + " range [" + min + ", " + max + "]");
  }

  @Test
  void flipsAboutHalfTheImagesAndEachExactly() {
    FloatNdArray x = images(200, 3, 4, 1, 2);
    FloatNdArray y = PreprocessingKerasTest.run(new RandomFlip(RandomFlip.HORIZONTAL).seed(4), x, true);
    int flipped = 0;
    for (int n = 0; n < 200; n++) {
      boolean same = true;
      boolean mirrored = true;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          same &= y.getFloat(n, i, j, 0) == x.getFloat(n, i, j, 0);
          mirrored &= y.getFloat(n, i, j, 0) == x.getFloat(n, i, 3 - j, 0);
        }
      }
      assertTrue(same ^ mirrored, "image " + n + " is either kept or mirrored");
      flipped += mirrored ? 1 : 0;
    }
    assertTrue(flipped > 70 && flipped < 130, "about half flipped: " + flipped);
  }

  @Test
  void rotationDrawsOneAnglePerImage() {
    FloatNdArray one = images(1, 8, 8, 1, 3);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 8, 8, 1));
    for (int n = 0; n < 4; n++) {
      one.slice(org.tensorflow.ndarray.index.Indices.at(0)).copyTo(x.slice(org.tensorflow.ndarray.index.Indices.at(n)));
    }
    FloatNdArray y = PreprocessingKerasTest.run(new RandomRotation(0.5).seed(9), x, true);
    List<Float> centres = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      centres.add(y.getFloat(n, 1, 1, 0));
    }
    assertEquals(4, centres.stream().distinct().count(), "four copies of an image, four angles: " + centres);
  }

  /**
   * In a model, the layer acts in training steps only (evaluate gives the plain model's loss), draws anew at
   * every step, and a seed repeats the draws in a fresh model. SGD with learning rate 0 keeps the weights, so
   * every loss difference comes from the augmentation.
   */
  @Test
  void trainingStepsDrawAnewAndSeedsRepeat() {
    FloatNdArray x = images(16, 6, 6, 1, 5);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(16, 1));
    double[] first = losses(7, x, y);
    double[] again = losses(7, x, y);
    double[] other = losses(8, x, y);
    assertEquals(first[0], again[0], 0.0, "same seed, same first step");
    assertEquals(first[1], again[1], 0.0, "same seed, same second step");
    assertNotEquals(first[0], first[1], "a new draw at the next step");
    assertNotEquals(first[0], other[0], "another seed, other draws");
    assertEquals(first[2], first[3], 1e-6, "evaluate: the identity, as without the layer");
  }

  private static double[] losses(long seed, FloatNdArray x, FloatNdArray y) {
    SymbolicTensor in = Input.of(6, 6, 1);
    SymbolicTensor aug = new RandomBrightness(0.5).seed(seed).apply(new RandomRotation(0.3).seed(seed).apply(in));
    Dense dense = new Dense(1).kernelInitializer("ones");
    try (Model m = Model.of(in, dense.apply(new Flatten().apply(aug)));
        Model plain = plainModel()) {
      m.runtimeOptions(RuntimeOptions.defaults().seed(1));
      m.compile(Compile.optimizer(new SGD(0.0)).loss("mse"));
      plain.compile(Compile.optimizer(new SGD(0.0)).loss("mse"));
      double a = m.trainOnBatch(x, y).get("loss");
      double b = m.trainOnBatch(x, y).get("loss");
      return new double[] {a, b, m.evaluate(x, y).get("loss"), plain.evaluate(x, y).get("loss")};
    }
  }

  private static Model plainModel() {
    SymbolicTensor in = Input.of(6, 6, 1);
    return Model.of(in, new Dense(1).kernelInitializer("ones").apply(new Flatten().apply(in)));
  }

  @Test
  void badArgumentsNameTheLayer() {
    assertThrows(IllegalArgumentException.class, () -> new RandomRotation(1.5));
    assertThrows(IllegalArgumentException.class, () -> new RandomZoom(-1.0));
    assertThrows(IllegalArgumentException.class, () -> new RandomContrast(-0.5));
    assertThrows(IllegalArgumentException.class, () -> new RandomFlip("diagonal"));
    var e = assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0.1).fillMode("mirror"));
    assertTrue(e.getMessage().contains("RandomRotation") && e.getMessage().contains("mirror"), e.getMessage());
    SymbolicTensor flat = Input.of(5);
    var e2 = assertThrows(IllegalArgumentException.class, () -> new RandomZoom(0.1).apply(flat));
    assertTrue(e2.getMessage().contains("random_zoom") && e2.getMessage().contains("(None, 5)"), e2.getMessage());
    SymbolicTensor unknown = Input.of(-1, -1, 3);
    var e3 = assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0.1).apply(unknown));
    assertTrue(e3.getMessage().contains("known height and width"), e3.getMessage());
  }

  private static float[] values(FloatNdArray a) {
    float[] v = new float[(int) a.size()];
    a.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
    return v;
  }

  private static float maxAbsDiff(FloatNdArray a, FloatNdArray b) {
    float[] p = values(a);
    float[] q = values(b);
    float max = 0;
    for (int i = 0; i < p.length; i++) {
      max = Math.max(max, Math.abs(p[i] - q[i]));
    }
    return max;
  }
}
