package io.jkeras.layers;

import static io.jkeras.layers.LayerTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Permute, RepeatVector, Rescaling, SpatialDropout1D/2D, GaussianNoise and GaussianDropout: shapes, errors,
 * configs and summary rows as Keras 3.
 */
class ReshapingRegularizationLayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void permuteAndRepeatVector() {
    // keras.io: Permute((2, 1)) on (None, 10, 64) gives (None, 64, 10); RepeatVector(3) on (None, 32), (None, 3, 32).
    assertEquals("(None, 64, 10)", shape(new Permute(2, 1).apply(Input.of(10, 64))));
    assertEquals("(None, 5, 2, 3)", shape(new Permute(3, 1, 2).apply(Input.of(2, 3, 5))));
    assertEquals("(None, 3, 32)", shape(new RepeatVector(3).apply(Input.of(32))));
    Permute p = new Permute(2, 1);
    assertEquals(List.of(2, 1), p.getConfig().get("dims"));
    assertEquals(3, new RepeatVector(3).getConfig().get("n"));
    Keras.clearSession();
    assertEquals("permute", new Permute(1).name());
    assertEquals("repeat_vector", new RepeatVector(2).name());

    String m = assertThrows(IllegalArgumentException.class, () -> new Permute(1, 3)).getMessage();
    assertTrue(m.contains("Permute") && m.contains("consecutive and start from 1") && m.contains("[1, 3]"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Permute(2, 1).apply(Input.of(4))).getMessage();
    assertTrue(m.contains("rank 3") && m.contains("(None, 4)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new RepeatVector(2).apply(Input.of(4, 5))).getMessage();
    assertTrue(m.contains("RepeatVector") && m.contains("rank 2") && m.contains("(None, 4, 5)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new RepeatVector(0)).getMessage();
    assertTrue(m.contains("'n'") && m.contains("0"), m);
  }

  @Test
  void rescaling() {
    Rescaling r = new Rescaling(1.0 / 255);
    var x = Input.builder(28, 28, 1).dtype(DType.INT32).build();
    SymbolicTensor y = r.apply(x);
    assertEquals("(None, 28, 28, 1)", shape(y));
    assertEquals(DType.FLOAT32, y.dtype());
    assertEquals(0, r.countParams());
    assertEquals(Map.of("scale", 1.0 / 255, "offset", 0.0), Map.of("scale", r.getConfig().get("scale"),
        "offset", r.getConfig().get("offset")));
    String m = assertThrows(IllegalArgumentException.class,
        () -> LayerRegistry.fromConfig("Rescaling", Map.of("scale", List.of(0.5, 0.25)))).getMessage();
    assertTrue(m.contains("Rescaling") && m.contains("scale"), m);
  }

  @Test
  void noiseLayersKeepTheShapeAndCheckTheirArguments() {
    var seq = Input.of(100, 16);
    var img = Input.of(28, 28, 32);
    assertEquals("(None, 100, 16)", shape(new SpatialDropout1D(0.2).apply(seq)));
    assertEquals("(None, 28, 28, 32)", shape(new SpatialDropout2D(0.2).apply(img)));
    assertEquals("(None, 28, 28, 32)", shape(new GaussianNoise(0.1).apply(img)));
    assertEquals("(None, 28, 28, 32)", shape(new GaussianDropout(0.1).apply(img)));
    SpatialDropout2D first = new SpatialDropout2D(0.5).dataFormat("channels_first");
    assertTrue(first.ownMaskAxis(1) && !first.ownMaskAxis(3) && first.ownMaskAxis(0));
    SpatialDropout2D last = new SpatialDropout2D(0.5);
    assertTrue(last.ownMaskAxis(3) && !last.ownMaskAxis(1) && !last.ownMaskAxis(2));
    assertEquals(0.5, new GaussianDropout(0.2).stddev(), 1e-12);   // sqrt(0.2 / 0.8)

    String m = assertThrows(IllegalArgumentException.class, () -> new SpatialDropout2D(0.2).apply(seq))
        .getMessage();
    assertTrue(m.contains("SpatialDropout2D") && m.contains("rank 4") && m.contains("(None, 100, 16)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new SpatialDropout1D(0.2).apply(img)).getMessage();
    assertTrue(m.contains("rank 3") && m.contains("(None, 28, 28, 32)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new SpatialDropout1D(1.0)).getMessage();
    assertTrue(m.contains("rate") && m.contains("1.0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(1.5)).getMessage();
    assertTrue(m.contains("stddev") && m.contains("1.5"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(-0.1)).getMessage();
    assertTrue(m.contains("rate") && m.contains("-0.1"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new SpatialDropout2D(0.1).dataFormat("nhwc"))
        .getMessage();
    assertTrue(m.contains("data_format") && m.contains("nhwc"), m);
  }

  @Test
  void configsAsKeras() {
    Map<String, Object> sd = new SpatialDropout2D(0.25).getConfig();
    // Keras 3.15's BaseSpatialDropout.get_config: rate, seed, name, dtype (a bare name), then data_format
    assertEquals(List.of("rate", "seed", "name", "dtype", "data_format"), List.copyOf(sd.keySet()));
    assertEquals("float32", sd.get("dtype"));
    assertEquals("channels_last", sd.get("data_format"));
    assertNull(sd.get("seed"));
    assertEquals(List.of("stddev", "seed"), List.copyOf(new GaussianNoise(0.1).getConfig().keySet()).subList(3, 5));
    assertEquals(List.of("rate", "seed"), List.copyOf(new GaussianDropout(0.1).getConfig().keySet()).subList(3, 5));
    // Keras' SpatialDropout configs have no 'trainable' key.
    SpatialDropout1D k = (SpatialDropout1D) LayerRegistry.fromConfig("SpatialDropout1D",
        Map.of("rate", 0.3, "seed", 5, "name", "sd", "dtype", "float32"));
    assertEquals(5L, k.seed().orElseThrow());
    for (Layer layer : List.of(new Permute(3, 1, 2), new RepeatVector(4).name("rep"), new Rescaling(0.5),
        new Rescaling(1 / 127.5, -1), new SpatialDropout1D(0.1), new SpatialDropout1D(0.2).seed(3),
        new SpatialDropout2D(0.3).dataFormat("channels_first").seed(1), new GaussianNoise(0.2).seed(9),
        new GaussianNoise(0), new GaussianDropout(0.4), new GaussianDropout(0.1).seed(2))) {
      LayerTestSupport.assertConfigRoundTrips(layer);
    }
  }

  @Test
  void modelJsonAndSummaryRows() {
    var x = Input.of(12, 8);
    Rescaling rescale = new Rescaling(1 / 127.5, -1);
    SpatialDropout1D sd1 = new SpatialDropout1D(0.1);
    Permute permute = new Permute(2, 1);
    Reshape toImage = new Reshape(8, 3, 4);
    SpatialDropout2D sd2 = new SpatialDropout2D(0.1);
    GaussianNoise noise = new GaussianNoise(0.05);
    GaussianDropout gdrop = new GaussianDropout(0.1);
    Flatten flat = new Flatten();
    RepeatVector repeat = new RepeatVector(2);
    var y = sd1.apply(rescale.apply(x));
    y = permute.apply(y);                               // (None, 8, 12)
    y = sd2.apply(toImage.apply(y));                    // (None, 8, 3, 4)
    y = gdrop.apply(noise.apply(y));
    y = repeat.apply(new Dense(5).apply(flat.apply(y)));
    Model model = Model.of(x, y);
    assertEquals(96 * 5 + 5, model.countParams());
    LayerTestSupport.assertSummaryRow(model, rescale, "(None, 12, 8)", "0");
    LayerTestSupport.assertSummaryRow(model, sd1, "(None, 12, 8)", "0");
    LayerTestSupport.assertSummaryRow(model, permute, "(None, 8, 12)", "0");
    LayerTestSupport.assertSummaryRow(model, sd2, "(None, 8, 3, 4)", "0");
    LayerTestSupport.assertSummaryRow(model, noise, "(None, 8, 3, 4)", "0");
    LayerTestSupport.assertSummaryRow(model, gdrop, "(None, 8, 3, 4)", "0");
    LayerTestSupport.assertSummaryRow(model, repeat, "(None, 2, 5)", "0");
    assertEquals("spatial_dropout1d", sd1.name());
    assertEquals("spatial_dropout2d", sd2.name());
    assertEquals("gaussian_noise", noise.name());
    assertEquals("gaussian_dropout", gdrop.name());
    LayerTestSupport.assertModelJsonRoundTrips(model);
  }
}
