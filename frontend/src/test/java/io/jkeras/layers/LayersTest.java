package io.jkeras.layers;

import static io.jkeras.layers.LayerTestSupport.assertConfigRoundTrips;
import static io.jkeras.layers.LayerTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.Variable;
import io.jkeras.constraints.MaxNorm;
import io.jkeras.constraints.NonNeg;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.HeNormal;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.regularizers.L1L2;
import io.jkeras.regularizers.L2;
import io.jkeras.saving.KerasSerializable;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Output shapes, parameter counts and configs of the layers, against Keras 3's rules. */
class LayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  // ------------------------------------------------------------------ shapes and parameters

  @Test
  void denseAppliesToTheLastAxisOfARank3Input() {
    var x = Input.of(5, 8);
    Dense d = new Dense(4);
    assertEquals("(None, 5, 4)", shape(d.apply(x)));
    assertEquals(8 * 4 + 4, d.countParams());
    assertEquals(Shape.of(8, 4), d.weights().get(0).shape());
  }

  @Test
  void averagePooling2D() {
    var x = Input.of(26, 26, 32);
    AveragePooling2D p = new AveragePooling2D();
    assertEquals("(None, 13, 13, 32)", shape(p.apply(x)));
    assertEquals(0, p.countParams());
    assertEquals("average_pooling2d", p.name());
    // 3x3 window, stride 2, valid: floor((7 - 3) / 2) + 1 = 3; same: ceil(7 / 2) = 4
    var y = Input.of(7, 7, 3);
    assertEquals("(None, 3, 3, 3)", shape(new AveragePooling2D(3, 3).strides(2, 2).apply(y)));
    assertEquals("(None, 4, 4, 3)", shape(new AveragePooling2D(3, 3).strides(2, 2).padding("same").apply(y)));
    AveragePooling2D q = new AveragePooling2D(3, 2);
    assertEquals(List.of(3, 2), q.getConfig().get("pool_size"));
    assertEquals(List.of(3, 2), q.getConfig().get("strides"));
  }

  @Test
  void globalPooling2D() {
    var x = Input.of(7, 7, 64);
    assertEquals("(None, 64)", shape(new GlobalAveragePooling2D().apply(x)));
    assertEquals("(None, 64)", shape(new GlobalMaxPooling2D().apply(x)));
    GlobalAveragePooling2D keep = new GlobalAveragePooling2D().keepdims(true);
    assertEquals("(None, 1, 1, 64)", shape(keep.apply(x)));
    assertEquals("global_average_pooling2d_1", keep.name());
    var cf = Input.of(64, 7, 5);
    GlobalMaxPooling2D first = new GlobalMaxPooling2D().dataFormat("channels_first");
    assertEquals("(None, 64)", shape(first.apply(cf)));
    assertEquals(2, first.reductionAxes()[0]);
    assertEquals("(None, 64, 1, 1)",
        shape(new GlobalMaxPooling2D().dataFormat("channels_first").keepdims(true).apply(cf)));
    assertEquals(Map.of("data_format", "channels_last", "keepdims", false),
        sub(new GlobalAveragePooling2D().getConfig(), "data_format", "keepdims"));
    String m = assertThrows(IllegalArgumentException.class, () -> new GlobalAveragePooling2D().apply(Input.of(10)))
        .getMessage();
    assertTrue(m.contains("GlobalAveragePooling2D") && m.contains("rank-4") && m.contains("(None, 10)"), m);
  }

  @Test
  void reshape() {
    var x = Input.of(12);
    assertEquals("(None, 3, 4)", shape(new Reshape(3, 4).apply(x)));
    assertEquals("(None, 3, 2, 2)", shape(new Reshape(-1, 2, 2).apply(x)));
    assertEquals("(None, 12)", shape(new Reshape(-1).apply(new Reshape(2, 6).apply(x))));
    var unknown = Input.of(-1, 4);
    assertEquals("(None, None, 2)", shape(new Reshape(-1, 2).apply(unknown)));
    assertEquals(List.of(-1, 2, 2), new Reshape(-1, 2, 2).getConfig().get("target_shape"));
    String m = assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1)).getMessage();
    assertTrue(m.contains("target_shape") && m.contains("(-1, -1)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, 5).apply(x)).getMessage();
    assertTrue(m.contains("Reshape") && m.contains("(None, 12)") && m.contains("(-1, 5)"), m);
  }

  @Test
  void addBroadcastsLikeKerasMerge() {
    var a = Input.of(4, 64);
    var b = Input.of(1, 64);
    var c = Input.of(64);
    var one = Input.of(1);
    assertEquals("(None, 4, 64)", shape(new Add().apply(a, a)));
    assertEquals("(None, 4, 64)", shape(new Add().apply(a, b)));
    assertEquals("(None, 4, 64)", shape(new Add().apply(c, a)));      // lower rank aligned at the end
    assertEquals("(None, 4, 64)", shape(new Add().apply(one, b, a)));
    var u = Input.of(-1, 64);
    assertEquals("(None, None, 64)", shape(new Add().apply(u, a)));
    Add add = new Add();
    add.apply(a, b);
    assertEquals(0, add.countParams());
    var fixed = Input.builder(3).batchSize(8).build();
    assertEquals("(8, 3)", shape(new Add().apply(Input.of(3), fixed)));
    var other = Input.builder(3).batchSize(4).build();
    String m = assertThrows(IllegalArgumentException.class, () -> new Add().apply(fixed, other)).getMessage();
    assertTrue(m.contains("batch") && m.contains("(8, 3)") && m.contains("(4, 3)"), m);
  }

  @Test
  void activationAndDropoutKeepTheShape() {
    var x = Input.of(5, 3);
    Activation act = new Activation("swish");
    assertEquals("(None, 5, 3)", shape(act.apply(x)));
    assertEquals("silu", act.activation());
    assertEquals("activation", act.name());
    Dropout drop = new Dropout(0.5);
    assertEquals("(None, 5, 3)", shape(drop.apply(x)));
    assertEquals(0, drop.countParams());
    assertEquals("(None, 5, 3)", shape(new Dropout(0.2).noiseShape(null, 1, 3).seed(7).apply(x)));
    String m = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0)).getMessage();
    assertTrue(m.contains("Dropout") && m.contains("rate") && m.contains("1.0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1)).getMessage();
    assertTrue(m.contains("rate") && m.contains("-0.1"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> new Dropout(0.5).noiseShape(null, 2, 3).apply(x)).getMessage();
    assertTrue(m.contains("noise_shape") && m.contains("(None, 2, 3)") && m.contains("(None, 5, 3)"), m);
  }

  @Test
  void batchNormalizationWeightsAndParams() {
    var x = Input.of(10);
    BatchNormalization bn = new BatchNormalization();
    assertEquals("(None, 10)", shape(bn.apply(x)));
    assertEquals(40, bn.countParams());
    List<String> names = new ArrayList<>();
    for (Variable v : bn.weights()) {
      names.add(v.name() + (v.trainable() ? "" : " (non-trainable)") + " " + Shapes.format(v.shape()));
    }
    assertEquals(List.of("gamma (10,)", "beta (10,)", "moving_mean (non-trainable) (10,)",
        "moving_variance (non-trainable) (10,)"), names);
    assertEquals(20, bn.nonTrainableWeights().stream().mapToLong(Variable::size).sum());
    assertEquals(20, bn.trainableWeights().stream().mapToLong(Variable::size).sum());
    assertEquals("ones", bn.weights().get(0).initializer().className().toLowerCase());
    assertEquals("Zeros", bn.weights().get(2).initializer().className());
    assertEquals("Ones", bn.weights().get(3).initializer().className());

    // After a conv: one statistic per channel, 4 * 32 params, 64 non-trainable.
    var img = Input.of(26, 26, 32);
    BatchNormalization conv = new BatchNormalization();
    conv.apply(img);
    assertEquals(128, conv.countParams());
    assertEquals(64, conv.nonTrainableWeights().stream().mapToLong(Variable::size).sum());

    BatchNormalization bare = new BatchNormalization().center(false).scale(false);
    bare.apply(x);
    assertEquals(20, bare.countParams());
    assertTrue(bare.trainableWeights().isEmpty());

    BatchNormalization axis1 = new BatchNormalization().axis(1);
    assertEquals("(None, 5, 7)", shape(axis1.apply(Input.of(5, 7))));
    assertEquals(20, axis1.countParams());
    assertEquals(List.of(0, 2), java.util.Arrays.stream(axis1.reductionAxes(3)).boxed().toList());

    assertThrows(IllegalStateException.class, () -> bn.momentum(0.5));
    String m = assertThrows(IllegalArgumentException.class, () -> bn.apply(Input.of(11))).getMessage();
    assertTrue(m.contains("batch_normalization") && m.contains("(None, 11)") && m.contains("(None, 10)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().axis(3).apply(x))
        .getMessage();
    assertTrue(m.contains("axis 3") && m.contains("(None, 10)"), m);
  }

  @Test
  void batchNormalizationCountsAsNonTrainableInAModel() {
    // Keras: Dense(64) on 784 inputs = 50,240; BatchNormalization(64) = 256, of which 128 non-trainable.
    var model = new Sequential(List.of(new Dense(64).inputShape(784), new BatchNormalization(), new Dense(10)));
    assertEquals(50_240 + 256 + 650, model.countParams());
    assertEquals(128, model.nonTrainableWeights().stream().mapToLong(Variable::size).sum());
    assertEquals(50_240 + 128 + 650, model.trainableWeights().stream().mapToLong(Variable::size).sum());
  }

  @Test
  void aSmallResidualBlockBuilds() {
    var inputs = Input.of(32, 32, 3);
    var x = new Conv2D(16, 3).padding("same").useBias(false).apply(inputs);
    x = new BatchNormalization().apply(x);
    x = new Activation("relu").apply(x);
    var y = new Conv2D(16, 3).padding("same").apply(x);
    var z = new Add().apply(x, y);
    z = new AveragePooling2D().apply(z);
    z = new GlobalAveragePooling2D().apply(z);
    z = new Dropout(0.3).apply(z);
    var out = new Dense(10).activation("softmax").apply(new Reshape(16).apply(z));
    Model model = Model.of(inputs, out);
    // 432 (conv, no bias) + 64 (bn) + 2,320 (conv) + 170 (dense)
    assertEquals(432 + 64 + 2320 + 170, model.countParams());
    assertEquals("(None, 10)", shape(model.outputs().get(0)));
  }

  // ------------------------------------------------------------------ config round trips

  private static List<Layer> configuredLayers() {
    return List.of(
        new Dense(7).activation("relu").useBias(false).kernelInitializer(new HeNormal(3L))
            .kernelRegularizer(new L2(1e-4)).kernelConstraint(new MaxNorm(3)).name("dense_a"),
        new Conv2D(8, 3, 2).strides(2, 1).padding("same").biasInitializer(new Constant(0.1))
            .activityRegularizer(new L1L2(0.1, 0.2)).biasConstraint(new NonNeg()),
        new MaxPooling2D(3, 3).strides(1, 1),
        new AveragePooling2D(2, 3).padding("same"),
        new GlobalAveragePooling2D().keepdims(true),
        new GlobalMaxPooling2D().dataFormat("channels_first"),
        new Flatten(),
        new Concatenate(1),
        new Reshape(-1, 4),
        new Add().name("merge"),
        new Activation("gelu").trainable(false),
        new Dropout(0.25).noiseShape(null, 1).seed(11),
        new Dropout(0.1),
        new BatchNormalization().axis(1).momentum(0.9).epsilon(1e-5).center(false)
            .gammaInitializer(new RandomUniform(0.9, 1.1, 5L)).movingVarianceInitializer("constant")
            .gammaRegularizer(new L2(0.01)).gammaConstraint(new NonNeg()),
        new BatchNormalization().inputShape(10));
  }

  @Test
  void configRoundTripsThroughTheRegistryAndJson() {
    assertConfigRoundTrips(configuredLayers());
  }

  @Test
  void kerasConfigKeysAndDefaults() {
    Map<String, Object> bn = new BatchNormalization().getConfig();
    assertEquals(List.of("name", "trainable", "dtype", "axis", "momentum", "epsilon", "center", "scale",
        "beta_initializer", "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
        "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint", "synchronized"),
        List.copyOf(bn.keySet()));
    assertEquals(-1, bn.get("axis"));
    assertEquals(0.99, bn.get("momentum"));
    assertEquals(1e-3, bn.get("epsilon"));
    assertEquals("Zeros", ((KerasSerializable) bn.get("beta_initializer")).className());
    assertEquals("Ones", ((KerasSerializable) bn.get("moving_variance_initializer")).className());
    Map<String, Object> drop = new Dropout(0.5).getConfig();
    assertEquals(List.of("rate", "seed", "noise_shape"), List.copyOf(drop.keySet()).subList(3, 6));
    assertFalse(new Add().getConfig().containsKey("axis"));
    assertEquals("relu", new Activation("relu").getConfig().get("activation"));
    // a Keras 3 JSON config for BatchNormalization, as model.to_json() writes it
    Map<String, Object> keras = Map.of("name", "bn", "trainable", true, "dtype", "float32", "axis", -1,
        "momentum", 0.9, "epsilon", 0.001, "center", true, "scale", false,
        "beta_initializer", Map.of("module", "keras.initializers", "class_name", "Zeros", "config", Map.of()),
        "gamma_regularizer", Map.of("module", "keras.regularizers", "class_name", "L2",
            "config", Map.of("l2", 0.01)));
    BatchNormalization b = (BatchNormalization) LayerRegistry.fromConfig("BatchNormalization", keras);
    assertEquals("bn", b.name());
    assertEquals(0.9, b.momentum());
    assertFalse(b.scale());
    b.apply(Input.of(6));
    assertEquals(18, b.countParams());
  }

  private static Map<String, Object> sub(Map<String, Object> m, String... keys) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : keys) {
      out.put(k, m.get(k));
    }
    return out;
  }
}
