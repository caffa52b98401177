package io.jkeras.layers;

import static io.jkeras.layers.LayerTestSupport.assertConfigRoundTrips;
import static io.jkeras.layers.LayerTestSupport.assertError;
import static io.jkeras.layers.LayerTestSupport.assertModelJsonRoundTrips;
import static io.jkeras.layers.LayerTestSupport.assertSummaryRow;
import static io.jkeras.layers.LayerTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, UpSampling2D, ZeroPadding2D,
 * Cropping2D, Cropping1D: output shapes from Keras 3's rules, no weights, configs, summary rows and errors.
 */
class PoolingResizingLayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void pooling1d() {
    SymbolicTensor x = Input.of(10, 8);
    MaxPooling1D m = new MaxPooling1D();
    assertEquals("(None, 5, 8)", shape(m.apply(x)));                                            // pool 2, stride 2
    assertEquals(0, m.countParams());
    assertEquals("max_pooling1d", m.name());
    assertEquals("(None, 5, 8)", shape(new MaxPooling1D(3).strides(2).padding("same").apply(x)));   // ceil(10/2)
    assertEquals("(None, 4, 8)", shape(new MaxPooling1D(3).strides(2).apply(x)));          // floor((10-3)/2)+1
    AveragePooling1D a = new AveragePooling1D(3);
    assertEquals("(None, 3, 8)", shape(a.apply(x)));                                       // floor((10-3)/3)+1
    assertEquals("average_pooling1d", a.name());
    assertEquals("(None, 10, 8)", shape(new AveragePooling1D(3).strides(1).padding("same").apply(x)));
    assertEquals("(None, None, 8)", shape(new AveragePooling1D().apply(Input.of(-1, 8))));
    Map<String, Object> c = new AveragePooling1D(3).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format"),
        List.copyOf(c.keySet()));
    assertEquals(List.of(3), c.get("pool_size"));
    assertEquals(List.of(3), c.get("strides"));   // strides=None means the pool size
  }

  @Test
  void globalPooling1d() {
    SymbolicTensor x = Input.of(10, 8);
    GlobalAveragePooling1D a = new GlobalAveragePooling1D();
    assertEquals("(None, 8)", shape(a.apply(x)));
    assertEquals("global_average_pooling1d", a.name());
    assertEquals("(None, 8)", shape(new GlobalMaxPooling1D().apply(x)));
    assertEquals("(None, 1, 8)", shape(new GlobalMaxPooling1D().keepdims(true).apply(x)));
    assertEquals("(None, 10)", shape(new GlobalAveragePooling1D().dataFormat("channels_first").apply(x)));
    assertEquals("(None, 10, 1)",
        shape(new GlobalMaxPooling1D().dataFormat("channels_first").keepdims(true).apply(x)));
    assertEquals(List.of("name", "trainable", "dtype", "data_format", "keepdims"),
        List.copyOf(new GlobalMaxPooling1D().getConfig().keySet()));
  }

  @Test
  void upSampling2d() {
    SymbolicTensor x = Input.of(7, 7, 64);
    UpSampling2D u = new UpSampling2D();
    assertEquals("(None, 14, 14, 64)", shape(u.apply(x)));
    assertEquals(0, u.countParams());
    assertEquals("up_sampling2d", u.name());
    assertEquals("(None, 14, 21, 64)", shape(new UpSampling2D(2, 3).interpolation("bilinear").apply(x)));
    assertEquals("(None, None, 21, 3)", shape(new UpSampling2D(3).apply(Input.of(-1, 7, 3))));
    Map<String, Object> c = new UpSampling2D().getConfig();
    assertEquals(List.of(2, 2), c.get("size"));
    assertEquals("nearest", c.get("interpolation"));
    assertEquals(List.of("name", "trainable", "dtype", "size", "data_format", "interpolation"),
        List.copyOf(c.keySet()));
    assertEquals("bilinear", new UpSampling2D().interpolation("BILINEAR").interpolation());
    assertError(() -> new UpSampling2D().interpolation("bicubic"), "UpSampling2D", "interpolation", "bicubic");
  }

  @Test
  void zeroPadding2d() {
    SymbolicTensor x = Input.of(28, 28, 1);
    ZeroPadding2D z = new ZeroPadding2D();
    assertEquals("(None, 30, 30, 1)", shape(z.apply(x)));
    assertEquals("zero_padding2d", z.name());
    assertEquals("(None, 31, 31, 1)", shape(new ZeroPadding2D(1, 2, 0, 3).apply(x)));
    assertEquals("(None, 32, 34, 1)", shape(new ZeroPadding2D(2, 3).apply(x)));
    assertEquals(List.of(List.of(1, 1), List.of(1, 1)), new ZeroPadding2D().getConfig().get("padding"));
    // Keras accepts an int, a pair (symmetric rows, cols) or ((top, bottom), (left, right))
    assertArrayEquals(new int[] {2, 2, 2, 2},
        ((ZeroPadding2D) LayerRegistry.fromConfig("ZeroPadding2D", Map.of("padding", 2))).padding());
    assertArrayEquals(new int[] {1, 1, 3, 3},
        ((ZeroPadding2D) LayerRegistry.fromConfig("ZeroPadding2D", Map.of("padding", List.of(1, 3)))).padding());
    assertArrayEquals(new int[] {1, 2, 3, 4}, ((ZeroPadding2D) LayerRegistry.fromConfig("ZeroPadding2D",
        Map.of("padding", List.of(List.of(1, 2), List.of(3, 4))))).padding());
    assertError(() -> new ZeroPadding2D(-1), "ZeroPadding2D", "padding", "negative");
    assertError(() -> LayerRegistry.fromConfig("ZeroPadding2D", Map.of("data_format", "channels_first")),
        "ZeroPadding2D", "channels_last");
  }

  @Test
  void cropping() {
    SymbolicTensor x = Input.of(28, 28, 3);
    Cropping2D c = new Cropping2D(2, 2, 4, 4);
    assertEquals("(None, 24, 20, 3)", shape(c.apply(x)));
    assertEquals("cropping2d", c.name());
    assertEquals("(None, 28, 28, 3)", shape(new Cropping2D().apply(x)));
    assertEquals("(None, 26, 22, 3)", shape(new Cropping2D(1, 3).apply(x)));
    assertEquals(List.of(List.of(0, 0), List.of(0, 0)), new Cropping2D().getConfig().get("cropping"));
    assertError(() -> new Cropping2D(14, 14, 0, 0).apply(x), "(Cropping2D)",
        "smaller than the corresponding spatial dimension", "(None, 28, 28, 3)", "((14, 14), (0, 0))");
    SymbolicTensor s = Input.of(10, 8);
    Cropping1D d = new Cropping1D();
    assertEquals("(None, 8, 8)", shape(d.apply(s)));
    assertEquals("cropping1d", d.name());
    assertEquals("(None, 8, 8)", shape(new Cropping1D(2, 0).apply(s)));
    assertEquals("(None, None, 8)", shape(new Cropping1D(3).apply(Input.of(-1, 8))));
    assertEquals(List.of(1, 1), new Cropping1D().getConfig().get("cropping"));
    assertError(() -> new Cropping1D(5, 5).apply(s), "(Cropping1D)", "smaller than the input length",
        "(None, 10, 8)");
    assertError(() -> new Cropping1D(-1, 0), "Cropping1D", "cropping");
  }

  @Test
  void errorsNameTheLayerAndShapes() {
    assertError(() -> new MaxPooling1D().apply(Input.of(4, 4, 1)), "'max_pooling1d' (MaxPooling1D)", "rank-3",
        "(None, 4, 4, 1)");
    assertError(() -> new AveragePooling1D(5).apply(Input.of(3, 2)), "pool_size (5,)", "(None, 3, 2)");
    assertError(() -> new GlobalMaxPooling1D().apply(Input.of(4)), "(GlobalMaxPooling1D)", "rank-3");
    assertError(() -> new UpSampling2D().apply(Input.of(4, 4)), "(UpSampling2D)", "rank-4", "(None, 4, 4)");
    assertError(() -> new MaxPooling1D(0), "pool_size");
    assertError(() -> LayerRegistry.fromConfig("MaxPooling1D", Map.of("data_format", "channels_first")),
        "MaxPooling1D", "channels_last");
  }

  static List<Layer> configuredLayers() {
    return List.of(
        new MaxPooling1D(3).strides(1).padding("same"),
        new AveragePooling1D().name("avg"),
        new GlobalAveragePooling1D().keepdims(true),
        new GlobalMaxPooling1D().dataFormat("channels_first"),
        new UpSampling2D(2, 3).interpolation("bilinear"),
        new ZeroPadding2D(1, 2, 3, 4),
        new Cropping2D(0, 1, 2, 3).trainable(false),
        new Cropping1D(2, 0));
  }

  @Test
  void configRoundTrips() {
    assertConfigRoundTrips(configuredLayers());
  }

  @Test
  void modelJsonAndSummary() {
    SymbolicTensor seq = Input.of("sequence", 20, 4);
    SymbolicTensor a = new MaxPooling1D().apply(new Cropping1D(2, 2).apply(seq));
    a = new GlobalAveragePooling1D().apply(new AveragePooling1D(2).padding("same").apply(a));
    SymbolicTensor b = new GlobalMaxPooling1D().apply(seq);
    SymbolicTensor image = Input.of("image", 8, 8, 3);
    SymbolicTensor c = new Cropping2D(1).apply(new ZeroPadding2D(2).apply(new UpSampling2D().apply(image)));
    Model model = Model.of(List.of(seq, image), List.of(a, b, c));
    assertModelJsonRoundTrips(model);

    Keras.clearSession();
    Sequential s = Sequential.of(new ZeroPadding2D(1, 2, 0, 3).inputShape(28, 28, 1), new UpSampling2D(2),
        new Cropping2D(2, 2, 4, 4));
    String text = s.summaryString();
    assertSummaryRow(text, "zero_padding2d", "ZeroPadding2D", "(None, 31, 31, 1)", "0");
    assertSummaryRow(text, "up_sampling2d", "UpSampling2D", "(None, 62, 62, 1)", "0");
    assertSummaryRow(text, "cropping2d", "Cropping2D", "(None, 58, 54, 1)", "0");
    Sequential t = Sequential.of(new Cropping1D().inputShape(10, 8), new MaxPooling1D(), new AveragePooling1D(),
        new GlobalMaxPooling1D());
    text = t.summaryString();
    assertSummaryRow(text, "cropping1d", "Cropping1D", "(None, 8, 8)", "0");
    assertSummaryRow(text, "max_pooling1d", "MaxPooling1D", "(None, 4, 8)", "0");
    assertSummaryRow(text, "average_pooling1d", "AveragePooling1D", "(None, 2, 8)", "0");
    assertSummaryRow(text, "global_max_pooling1d", "GlobalMaxPooling1D", "(None, 8)", "0");
    Sequential u = Sequential.of(new GlobalAveragePooling1D().inputShape(10, 8));
    assertSummaryRow(u.summaryString(), "global_average_pooling1d", "GlobalAveragePooling1D", "(None, 8)", "0");
  }
}
