package io.jkeras.layers;

import static io.jkeras.layers.LayerTestSupport.assertConfigRoundTrips;
import static io.jkeras.layers.LayerTestSupport.assertError;
import static io.jkeras.layers.LayerTestSupport.assertModelJsonRoundTrips;
import static io.jkeras.layers.LayerTestSupport.assertSummaryRow;
import static io.jkeras.layers.LayerTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.constraints.MaxNorm;
import io.jkeras.constraints.NonNeg;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.HeNormal;
import io.jkeras.regularizers.L1L2;
import io.jkeras.regularizers.L2;
import io.jkeras.saving.KerasSerializable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/**
 * Conv1D, Conv3D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D: output shapes, weights and parameter counts
 * from Keras 3's formulas, configs (keys, defaults, round trips), summary rows and errors.
 */
class ConvolutionLayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void conv1d() {
    SymbolicTensor x = Input.of(100, 8);
    Conv1D c = new Conv1D(16, 3);
    assertEquals("(None, 98, 16)", shape(c.apply(x)));                 // 100 - 3 + 1
    assertEquals(3 * 8 * 16 + 16, c.countParams());                     // 400
    assertEquals(Shape.of(3, 8, 16), c.weights().get(0).shape());
    assertEquals("conv1d", c.name());
    // "same": ceil(100 / 2); "causal" keeps the length; dilation 4 valid: 100 - (3 - 1) * 4
    assertEquals("(None, 50, 16)", shape(new Conv1D(16, 3).strides(2).padding("same").apply(x)));
    assertEquals("(None, 100, 16)", shape(new Conv1D(16, 3).padding("causal").dilationRate(2).apply(x)));
    assertEquals("(None, 34, 16)", shape(new Conv1D(16, 3).padding("causal").strides(3).apply(x)));
    assertEquals("(None, 92, 16)", shape(new Conv1D(16, 3).dilationRate(4).apply(x)));
    Conv1D grouped = new Conv1D(16, 3).groups(4).useBias(false);
    assertEquals("(None, 98, 16)", shape(grouped.apply(x)));
    assertEquals(3 * (8 / 4) * 16, grouped.countParams());              // 96
    assertEquals("(None, None, 4)", shape(new Conv1D(4, 5).apply(Input.of(-1, 2))));
  }

  @Test
  void conv3d() {
    SymbolicTensor x = Input.of(16, 32, 32, 3);
    Conv3D c = new Conv3D(8, 3).activation("relu");
    assertEquals("(None, 14, 30, 30, 8)", shape(c.apply(x)));
    assertEquals(3 * 3 * 3 * 3 * 8 + 8, c.countParams());               // 656
    assertEquals(Shape.of(3, 3, 3, 3, 8), c.weights().get(0).shape());
    Conv3D d = new Conv3D(8, 1, 3, 3).strides(1, 2, 2).padding("same");
    assertEquals("(None, 16, 16, 16, 8)", shape(d.apply(x)));
    assertEquals(1 * 3 * 3 * 3 * 8 + 8, d.countParams());               // 224
    Conv3D g = new Conv3D(6, 3).groups(3).dilationRate(2);
    assertEquals("(None, 12, 28, 28, 6)", shape(g.apply(x)));            // 16 - (3 - 1) * 2
    assertEquals(27 * 1 * 6 + 6, g.countParams());                        // 168
    assertEquals("conv3d_2", g.name());
  }

  @Test
  void conv2dTranspose() {
    SymbolicTensor x = Input.of(7, 7, 64);
    Conv2DTranspose t = new Conv2DTranspose(32, 3).strides(2).padding("same");
    SymbolicTensor y = t.apply(x);
    assertEquals("(None, 14, 14, 32)", shape(y));                          // in * stride
    assertEquals(3 * 3 * 32 * 64 + 32, t.countParams());                   // 18,464
    assertEquals(Shape.of(3, 3, 32, 64), t.weights().get(0).shape());      // (kh, kw, filters, in)
    assertEquals("conv2d_transpose", t.name());
    Conv2DTranspose u = new Conv2DTranspose(1, 4).strides(2);
    assertEquals("(None, 30, 30, 1)", shape(u.apply(y)));                  // (14 - 1) * 2 + max(4, 2)
    assertEquals(4 * 4 * 1 * 32 + 1, u.countParams());                     // 513
    // valid with stride > kernel: (7 - 1) * 3 + max(2, 3); with output_padding 1: (7 - 1) * 2 + 3 + 1
    assertEquals("(None, 21, 21, 4)", shape(new Conv2DTranspose(4, 2).strides(3).apply(x)));
    assertEquals("(None, 16, 16, 4)", shape(new Conv2DTranspose(4, 3).strides(2).outputPadding(1).apply(x)));
    // same with output_padding 1: (7 - 1) * 2 + 3 % 2 + 1; dilated valid: (7 - 1) + (3 - 1) * 2 + 1
    assertEquals("(None, 14, 13, 4)",
        shape(new Conv2DTranspose(4, 3).strides(2).padding("same").outputPadding(1, 0).apply(x)));
    assertEquals("(None, 11, 11, 4)", shape(new Conv2DTranspose(4, 3).dilationRate(2).apply(x)));
    assertEquals(3 * 3 * 4 * 64, new Conv2DTranspose(4, 3).useBias(false).apply(x).node().layer().countParams());
  }

  @Test
  void depthwiseConv2d() {
    SymbolicTensor x = Input.of(32, 32, 16);
    DepthwiseConv2D d = new DepthwiseConv2D(3).padding("same");
    assertEquals("(None, 32, 32, 16)", shape(d.apply(x)));
    assertEquals(3 * 3 * 16 * 1 + 16 * 1, d.countParams());               // 160
    assertEquals("depthwise_conv2d", d.name());
    DepthwiseConv2D m = new DepthwiseConv2D(3).depthMultiplier(2).strides(2);
    assertEquals("(None, 15, 15, 32)", shape(m.apply(x)));                 // floor((32 - 3) / 2) + 1
    assertEquals(3 * 3 * 16 * 2 + 16 * 2, m.countParams());               // 320
    assertEquals("kernel", m.weights().get(0).name());
    assertEquals(Shape.of(3, 3, 16, 2), m.weights().get(0).shape());
    assertEquals(Shape.of(32), m.weights().get(1).shape());
    DepthwiseConv2D noBias = new DepthwiseConv2D(5, 3).dilationRate(2).useBias(false);
    assertEquals("(None, 24, 28, 16)", shape(noBias.apply(x)));            // 32 - 4 * 2, 32 - 2 * 2
    assertEquals(5 * 3 * 16, noBias.countParams());
  }

  @Test
  void separableConv2d() {
    SymbolicTensor x = Input.of(32, 32, 16);
    SeparableConv2D s = new SeparableConv2D(32, 3).padding("same").activation("relu");
    assertEquals("(None, 32, 32, 32)", shape(s.apply(x)));
    assertEquals(3 * 3 * 16 * 1 + 16 * 1 * 32 + 32, s.countParams());     // 688
    SeparableConv2D m = new SeparableConv2D(32, 3).depthMultiplier(2);
    assertEquals("(None, 30, 30, 32)", shape(m.apply(x)));
    assertEquals(3 * 3 * 16 * 2 + 16 * 2 * 32 + 32, m.countParams());     // 1,344
    assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"),
        m.weights().stream().map(io.jkeras.Variable::name).toList());
    assertEquals(Shape.of(3, 3, 16, 2), m.weights().get(0).shape());
    assertEquals(Shape.of(1, 1, 32, 32), m.weights().get(1).shape());
    assertEquals("separable_conv2d_1", m.name());
  }

  @Test
  void kerasConfigKeysAndDefaults() {
    Map<String, Object> c1 = new Conv1D(4, 3).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
        "data_format", "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "bias_constraint"), List.copyOf(c1.keySet()));
    assertEquals(List.of(3), c1.get("kernel_size"));
    assertEquals(List.of(1), c1.get("strides"));
    assertEquals(List.of(1), c1.get("dilation_rate"));
    assertEquals("valid", c1.get("padding"));
    assertEquals(1, c1.get("groups"));
    assertEquals("linear", c1.get("activation"));
    assertEquals("GlorotUniform", ((KerasSerializable) c1.get("kernel_initializer")).className());
    assertEquals(List.of(2, 2, 2), new Conv3D(1, 2).getConfig().get("kernel_size"));
    Map<String, Object> t = new Conv2DTranspose(4, 3).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
        "output_padding", "data_format", "dilation_rate", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "bias_constraint"), List.copyOf(t.keySet()));
    assertNull(t.get("output_padding"));
    Map<String, Object> d = new DepthwiseConv2D(3).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "depth_multiplier", "kernel_size", "strides", "padding",
        "data_format", "dilation_rate", "activation", "use_bias", "depthwise_initializer", "bias_initializer",
        "depthwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
        "bias_constraint"), List.copyOf(d.keySet()));
    assertEquals(1, d.get("depth_multiplier"));
    Map<String, Object> s = new SeparableConv2D(8, 3).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "depth_multiplier", "filters", "kernel_size", "strides",
        "padding", "data_format", "dilation_rate", "activation", "use_bias", "depthwise_initializer",
        "pointwise_initializer", "bias_initializer", "depthwise_regularizer", "pointwise_regularizer",
        "bias_regularizer", "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
        "bias_constraint"), List.copyOf(s.keySet()));
  }

  @Test
  void readsKerasConfigs() {
    // as Keras 3's get_config writes them (tuples as lists, initializers as {module, class_name, config})
    Map<String, Object> glorot = Map.of("module", "keras.initializers", "class_name", "GlorotUniform",
        "config", Map.of());
    Map<String, Object> keras = new java.util.LinkedHashMap<>(Map.of("name", "tcn", "filters", 8,
        "kernel_size", List.of(5), "strides", List.of(1), "padding", "causal", "data_format", "channels_last",
        "dilation_rate", List.of(4), "groups", 1, "activation", "relu"));
    keras.put("use_bias", true);
    keras.put("kernel_initializer", glorot);
    Conv1D c = (Conv1D) LayerRegistry.fromConfig("Conv1D", keras);
    assertEquals(Padding.CAUSAL, c.padding());
    assertEquals("(None, 50, 8)", shape(c.apply(Input.of(50, 2))));
    Conv2DTranspose t = (Conv2DTranspose) LayerRegistry.fromConfig("Conv2DTranspose", Map.of("filters", 3,
        "kernel_size", List.of(3, 3), "strides", List.of(2, 2), "padding", "same", "output_padding", List.of(1, 1)));
    assertEquals("(None, 14, 14, 3)", shape(t.apply(Input.of(7, 7, 1))));   // (7 - 1) * 2 + 1 + 1
    DepthwiseConv2D d = (DepthwiseConv2D) LayerRegistry.fromConfig("DepthwiseConv2D",
        Map.of("kernel_size", 3, "depth_multiplier", 3));
    assertEquals("(None, 4, 4, 6)", shape(d.apply(Input.of(6, 6, 2))));
    assertError(() -> LayerRegistry.fromConfig("Conv3D", Map.of("filters", 2, "kernel_size", 3,
        "data_format", "channels_first")), "Conv3D", "channels_last", "channels_first");
  }

  static List<Layer> configuredLayers() {
    return List.of(
        new Conv1D(8, 5).strides(2).padding("causal").dilationRate(1).groups(2).activation("gelu")
            .kernelInitializer(new HeNormal(3L)).kernelRegularizer(new L2(1e-4)).biasConstraint(new NonNeg()),
        new Conv1D(4, 1),
        new Conv3D(6, 1, 2, 3).strides(1, 2, 1).padding("same").dilationRate(1).useBias(false)
            .activityRegularizer(new L1L2(0.1, 0.2)).kernelConstraint(new MaxNorm(2)).name("volume"),
        new Conv2DTranspose(3, 4, 2).strides(2, 2).outputPadding(1, 0).biasInitializer(new Constant(0.5)),
        new Conv2DTranspose(3, 3).dilationRate(2).padding("same"),
        new DepthwiseConv2D(3, 2).depthMultiplier(4).strides(2).padding("same").activation("relu")
            .depthwiseInitializer("he_uniform").depthwiseRegularizer(new L2(0.01)).depthwiseConstraint(new NonNeg()),
        new SeparableConv2D(16, 3).depthMultiplier(2).dilationRate(2).pointwiseInitializer("zeros")
            .pointwiseRegularizer(new L2(0.1)).pointwiseConstraint(new MaxNorm(1)).biasRegularizer(new L2(0.2)));
  }

  @Test
  void configRoundTrips() {
    assertConfigRoundTrips(configuredLayers());
  }

  @Test
  void modelJsonAndSummary() {
    SymbolicTensor seq = Input.of("sequence", 20, 4);
    SymbolicTensor a = new Conv1D(8, 3).padding("causal").apply(seq);
    SymbolicTensor image = Input.of("image", 16, 16, 3);
    SymbolicTensor b = new DepthwiseConv2D(3).depthMultiplier(2).apply(image);
    b = new SeparableConv2D(8, 3).padding("same").apply(b);
    b = new Conv2DTranspose(4, 3).strides(2).padding("same").apply(b);
    SymbolicTensor vol = Input.of("volume", 4, 8, 8, 1);
    SymbolicTensor c = new Conv3D(2, 3).padding("same").apply(vol);
    Model model = Model.of(List.of(seq, image, vol), List.of(a, b, c));
    String summary = model.summaryString();
    assertSummaryRow(summary, "conv1d", "Conv1D", "(None, 20, 8)", "104");   // 3*4*8 + 8
    assertModelJsonRoundTrips(model);

    Keras.clearSession();
    Sequential s = Sequential.of(new Conv1D(16, 3).inputShape(100, 8), new Conv1D(8, 3).groups(2));
    String text = s.summaryString();
    assertSummaryRow(text, "conv1d", "Conv1D", "(None, 98, 16)", "400");
    assertSummaryRow(text, "conv1d_1", "Conv1D", "(None, 96, 8)", "200");   // 3*8*8 + 8
    Sequential s2 = Sequential.of(new DepthwiseConv2D(3).depthMultiplier(2).strides(2).inputShape(32, 32, 16),
        new SeparableConv2D(32, 3).padding("same"), new Conv2DTranspose(32, 3).strides(2).padding("same"));
    text = s2.summaryString();
    assertSummaryRow(text, "depthwise_conv2d", "DepthwiseConv2D", "(None, 15, 15, 32)", "320");
    assertSummaryRow(text, "separable_conv2d", "SeparableConv2D", "(None, 15, 15, 32)", "1,344");
    assertSummaryRow(text, "conv2d_transpose", "Conv2DTranspose", "(None, 30, 30, 32)", "9,248");   // 9*32*32+32
    Sequential s3 = Sequential.of(new Conv3D(8, 3).inputShape(16, 32, 32, 3));
    assertSummaryRow(s3.summaryString(), "conv3d", "Conv3D", "(None, 14, 30, 30, 8)", "656");
  }

  @Test
  void conv2dKeepsItsConfigAndMessagesOnBaseConv() {
    Map<String, Object> c = new Conv2D(4, 3).getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
        "data_format", "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer",
        "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
        "bias_constraint"), List.copyOf(c.keySet()));
    assertEquals(List.of(3, 3), c.get("kernel_size"));
    assertEquals(List.of(1, 1), c.get("strides"));
    assertEquals(List.of(2, 1), new Conv2D(1, 3).strides(2, 1).getConfig().get("strides"));
    assertEquals(List.of(2, 2), new Conv2D(1, 3).dilationRate(2, 2).getConfig().get("dilation_rate"));
    assertError(() -> new Conv2D(4, 0, 3), "Conv2D: argument 'kernel_size' must be positive, got (0, 3)");
    assertError(() -> new Conv2D(0, 0), "Conv2D: argument 'filters' must be a positive integer, got 0");
    assertError(() -> new Conv2D(4, 3).strides(0), "(Conv2D): argument 'strides' must be positive, got (0, 0)");
    assertError(() -> Conv2D.fromConfig(Map.of("filters", 4, "kernel_size", 3, "strides", List.of(1, 1, 1))),
        "Conv2D config: 'strides' must be an int or a pair");
    assertError(() -> new Conv2D(4, 5).apply(Input.of(4, 4, 1)), "(Conv2D)", "kernel_size (5, 5)", "(None, 4, 4, 1)");
  }

  @Test
  void errorsNameTheLayerAndShapes() {
    assertError(() -> new Conv1D(4, 3).apply(Input.of(10, 10, 3)), "'conv1d' (Conv1D)", "rank-3",
        "(None, 10, 10, 3)");
    assertError(() -> new Conv1D(4, 5).apply(Input.of(3, 2)), "kernel_size (5,)", "(None, 3, 2)");
    assertError(() -> new Conv3D(4, 3).padding("causal"), "Conv3D", "'valid' or 'same'", "causal");
    assertError(() -> new Conv1D(4, 3).groups(3), "groups", "filters=4");
    assertError(() -> new Conv1D(4, 3).groups(2).apply(Input.of(10, 3)), "divisible by groups=2");
    assertError(() -> new Conv3D(4, 3).strides(2).dilationRate(2).apply(Input.of(9, 9, 9, 1)),
        "strides > 1", "dilation_rate > 1");
    assertError(() -> new Conv3D(4, 3).strides(1, 2), "strides", "3 integers");
    assertError(() -> new Conv2DTranspose(4, 3).strides(2).outputPadding(2).apply(Input.of(5, 5, 1)),
        "output_padding", "strictly less than strides", "(2, 2)");
    assertError(() -> new Conv2DTranspose(4, 3).groups(2), "groups");
    assertError(() -> new DepthwiseConv2D(3).depthMultiplier(0), "depth_multiplier", "0");
    assertError(() -> new SeparableConv2D(0, 3), "filters");
    // The DepthwiseConv2D rejected above took the name 'depthwise_conv2d' at construction, as in Keras.
    assertError(() -> new DepthwiseConv2D(3).strides(2).dilationRate(2).apply(Input.of(9, 9, 1)),
        "'depthwise_conv2d_1' (DepthwiseConv2D)", "dilation_rate");
    // Keras 3 refuses this for Conv2D as well: "`strides > 1` not supported in conjunction with
    // `dilation_rate > 1`" (checked against keras 3.15.1).
    assertError(() -> new Conv2D(4, 3).strides(2, 2).dilationRate(2, 2).apply(Input.of(9, 9, 1)), "(Conv2D)",
        "dilation_rate");
    assertError(() -> new SeparableConv2D(2, 5).apply(Input.of(4, 4, 1)), "(SeparableConv2D)", "kernel_size (5, 5)");
  }
}
