package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.constraints.NonNeg;
import io.jkeras.initializers.Constant;
import io.jkeras.regularizers.L2;
import io.jkeras.saving.KerasSerializable;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** ReLU, LeakyReLU, PReLU, ELU and Softmax layers: names, defaults, shapes, parameters and configs as Keras 3. */
class ActivationLayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void kerasNamesAndDefaults() {
    var x = Input.of(10);
    ReLU relu = new ReLU();
    LeakyReLU leaky = new LeakyReLU();
    PReLU prelu = new PReLU();
    ELU elu = new ELU();
    Softmax softmax = new Softmax();
    for (Layer l : List.of(relu, leaky, prelu, elu, softmax)) {
      assertEquals("(None, 10)", Shapes.format(l.apply(x).shape()));
    }
    // Keras' to_snake_case of the class names.
    assertEquals(List.of("re_lu", "leaky_re_lu", "p_re_lu", "elu", "softmax"),
        List.of(relu.name(), leaky.name(), prelu.name(), elu.name(), softmax.name()));
    Map<String, Object> r = relu.getConfig();
    assertNull(r.get("max_value"));
    assertEquals(0.0, r.get("negative_slope"));
    assertEquals(0.0, r.get("threshold"));
    assertEquals(0.3, leaky.getConfig().get("negative_slope"));   // Keras 3's LeakyReLU default
    assertEquals(1.0, elu.getConfig().get("alpha"));
    assertEquals(-1, softmax.getConfig().get("axis"));
    assertEquals(List.of(1, 2), new Softmax(1, 2).getConfig().get("axis"));
    Map<String, Object> p = prelu.getConfig();
    assertEquals("Zeros", ((KerasSerializable) p.get("alpha_initializer")).className());
    assertNull(p.get("alpha_regularizer"));
    assertNull(p.get("alpha_constraint"));
    assertNull(p.get("shared_axes"));
    for (Layer l : List.of(relu, leaky, elu, softmax)) {
      assertEquals(0, l.countParams());
    }
  }

  @Test
  void preluParametersAsKeras() {
    // Keras: PReLU on (None, 28, 28, 32) has 25,088 parameters; shared over the spatial axes, 32.
    var img = Input.of(28, 28, 32);
    PReLU full = new PReLU();
    full.apply(img);
    assertEquals(28 * 28 * 32, full.countParams());
    assertEquals(Shape.of(28, 28, 32), full.weights().get(0).shape());
    assertEquals("alpha", full.weights().get(0).name());
    PReLU shared = new PReLU().sharedAxes(1, 2);
    shared.apply(img);
    assertEquals(32, shared.countParams());
    assertEquals(Shape.of(1, 1, 32), shared.weights().get(0).shape());
    // A Dense(64) followed by PReLU: 64 more parameters.
    var model = new Sequential(List.of(new Dense(64).inputShape(100), new PReLU()));
    assertEquals(100 * 64 + 64 + 64, model.countParams());
    // Unknown sizes are fine on shared axes only.
    assertEquals(8, ((PReLU) new PReLU().sharedAxes(1)).apply(Input.of(-1, 8)).shape().get(2));
    String m = assertThrows(IllegalArgumentException.class, () -> new PReLU().apply(Input.of(-1, 8))).getMessage();
    assertTrue(m.contains("PReLU") && m.contains("(None, None, 8)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new PReLU().sharedAxes(3).apply(Input.of(4, 8)))
        .getMessage();
    assertTrue(m.contains("shared axis 3") && m.contains("(None, 4, 8)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> full.apply(Input.of(28, 28, 16))).getMessage();
    assertTrue(m.contains("p_re_lu") && m.contains("(None, 28, 28, 16)"), m);
  }

  @Test
  void badArgumentsAreClearErrors() {
    String m = assertThrows(IllegalArgumentException.class, () -> new ReLU().maxValue(-1.0)).getMessage();
    assertTrue(m.contains("ReLU") && m.contains("max_value") && m.contains("-1.0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new ReLU().negativeSlope(-0.1)).getMessage();
    assertTrue(m.contains("negative_slope") && m.contains("-0.1"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new ReLU().threshold(-2)).getMessage();
    assertTrue(m.contains("threshold") && m.contains("-2.0"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-0.3)).getMessage();
    assertTrue(m.contains("LeakyReLU") && m.contains("negative_slope") && m.contains("-0.3"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new Softmax(2).apply(Input.of(4))).getMessage();
    assertTrue(m.contains("Softmax") && m.contains("axis 2") && m.contains("(None, 4)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new PReLU().sharedAxes(0)).getMessage();
    assertTrue(m.contains("shared_axes"), m);
    assertThrows(IllegalStateException.class, () -> {
      ReLU r = new ReLU();
      r.apply(Input.of(3));
      r.maxValue(6.0);
    });
  }

  @Test
  void configsRoundTripAndReadKerasJson() {
    for (Layer layer : List.of(new ReLU(), new ReLU().maxValue(6.0).negativeSlope(0.1).threshold(0.5).name("r6"),
        new LeakyReLU(), new LeakyReLU(0.01), new ELU(), new ELU(0.5), new Softmax(), new Softmax(1, 2),
        new PReLU(), new PReLU().sharedAxes(1, 2).alphaInitializer(new Constant(0.25))
            .alphaRegularizer(new L2(1e-4)).alphaConstraint(new NonNeg()))) {
      LayerTestSupport.assertConfigRoundTrips(layer);
    }
    // Keras 2 configs name LeakyReLU's slope 'alpha'; Keras 3 still reads it.
    LeakyReLU old = (LeakyReLU) LayerRegistry.fromConfig("LeakyReLU", Map.of("name", "lr", "alpha", 0.2));
    assertEquals(0.2, old.negativeSlope());
    PReLU p = (PReLU) LayerRegistry.fromConfig("PReLU", Map.of("name", "pr", "shared_axes", List.of(1, 2),
        "alpha_initializer", Map.of("module", "keras.initializers", "class_name", "Constant",
            "config", Map.of("value", 0.25))));
    p.apply(Input.of(5, 5, 3));
    assertEquals(3, p.countParams());
    ReLU r = (ReLU) LayerRegistry.fromConfig("ReLU", Map.of("name", "r", "trainable", true, "dtype", "float32",
        "max_value", 6.0, "negative_slope", 0.0, "threshold", 0.0));
    assertEquals(6.0, r.maxValue().orElseThrow());
  }

  @Test
  void modelJsonAndSummaryRows() {
    var x = Input.of(28, 28, 32);
    ReLU relu = new ReLU().maxValue(6.0);
    LeakyReLU leaky = new LeakyReLU();
    PReLU full = new PReLU();
    PReLU shared = new PReLU().sharedAxes(1, 2);
    ELU elu = new ELU(0.5);
    Softmax softmax = new Softmax(1, 2);
    var y = softmax.apply(elu.apply(shared.apply(full.apply(leaky.apply(relu.apply(x))))));
    Model model = Model.of(x, y);
    assertEquals(25_088 + 32, model.countParams());
    LayerTestSupport.assertSummaryRow(model, relu, "(None, 28, 28, 32)", "0");
    LayerTestSupport.assertSummaryRow(model, leaky, "(None, 28, 28, 32)", "0");
    LayerTestSupport.assertSummaryRow(model, full, "(None, 28, 28, 32)", "25,088");
    LayerTestSupport.assertSummaryRow(model, shared, "(None, 28, 28, 32)", "32");
    LayerTestSupport.assertSummaryRow(model, elu, "(None, 28, 28, 32)", "0");
    LayerTestSupport.assertSummaryRow(model, softmax, "(None, 28, 28, 32)", "0");
    LayerTestSupport.assertModelJsonRoundTrips(model);
  }
}
