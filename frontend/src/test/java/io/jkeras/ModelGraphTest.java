package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graph features of the model language against Keras' numbers: shared layers, models used as layers,
 * several inputs and outputs, and the accessors {@code layers/getLayer/inputs/outputs}.
 */
class ModelGraphTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  private static List<String> names(List<? extends Layer> layers) {
    List<String> out = new ArrayList<>();
    layers.forEach(l -> out.add(l.name()));
    return out;
  }

  @Test
  void sharedLayer_oneSetOfWeightsTwoNodes() {
    var a = Input.of(16);
    var b = Input.of(16);
    var shared = new Dense(8);
    var ya = shared.apply(a);
    var yb = shared.apply(b);
    assertEquals(2, shared.inboundNodes().size());
    assertEquals(2, shared.weights().size()); // one kernel, one bias
    assertEquals(0, ya.nodeIndex());
    assertEquals(1, yb.nodeIndex());
    var out = new Dense(1).apply(new Concatenate().apply(ya, yb));
    var model = Model.of(List.of(a, b), out);
    // Keras: Dense(16 -> 8) = 16*8 + 8 = 136, counted once; Dense(16 -> 1) = 17.
    assertEquals(16 * 8 + 8 + 16 + 1, model.countParams());
    assertEquals(4, model.weights().size());
    assertEquals(List.of("input_layer", "input_layer_1", "dense", "concatenate", "dense_1"), names(model.layers()));
  }

  @Test
  void sharedLayer_differentShapesAreRejected() {
    var shared = new Dense(8);
    shared.apply(Input.of(16));
    var e = assertThrows(IllegalArgumentException.class, () -> shared.apply(Input.of(5)));
    assertTrue(e.getMessage().contains("dense"), e.getMessage());
  }

  @Test
  void modelAsLayer_sharesWeightsAndShapes() {
    var in = Input.of(32);
    var code = new Dense(16).name("code");
    var encoder = Model.of(in, code.apply(in)).name("encoder");
    var x1 = Input.of(32);
    var x2 = Input.of(32);
    var e1 = encoder.apply(x1);
    var e2 = encoder.apply(x2);
    assertEquals("(None, 16)", Shapes.format(e1.shape()));
    assertEquals(2, encoder.inboundNodes().size());
    var model = Model.of(List.of(x1, x2), new Dense(4).apply(new Concatenate().apply(e1, e2)));
    // The encoder's weights are the very Variables of its Dense, and count once: 32*16+16 + 32*4+4.
    assertSame(code.weights().get(0), encoder.weights().get(0));
    assertSame(code.weights().get(0), model.weights().get(0));
    assertEquals(32 * 16 + 16 + 32 * 4 + 4, model.countParams());
    assertEquals(List.of("input_layer_1", "input_layer_2", "encoder", "concatenate", "dense"),
        names(model.layers()));
    assertSame(encoder, model.getLayer("encoder"));
    assertEquals(32 * 16 + 16, model.getLayer("encoder").countParams());
  }

  @Test
  void modelAsLayer_withSeveralOutputs() {
    var in = Input.of(10);
    var h = new Dense(6).apply(in);
    var twoHeads = Model.of(in, List.of(new Dense(3).apply(h), new Dense(1).apply(h)));
    var x = Input.of(10);
    List<SymbolicTensor> outs = twoHeads.applyAll(List.of(x));
    assertEquals(2, outs.size());
    assertEquals("(None, 3)", Shapes.format(outs.get(0).shape()));
    assertEquals("(None, 1)", Shapes.format(outs.get(1).shape()));
    assertEquals(1, outs.get(1).tensorIndex());
    var e = assertThrows(IllegalArgumentException.class, () -> twoHeads.apply(Input.of(10)));
    assertTrue(e.getMessage().contains("2 outputs"), e.getMessage());
  }

  @Test
  void modelAsLayer_wrongInputShapeIsNamed() {
    var in = Input.of(4);
    var inner = Model.of(in, new Dense(2).apply(in)).name("inner");
    var e = assertThrows(IllegalArgumentException.class, () -> inner.apply(Input.of(5)));
    assertTrue(e.getMessage().contains("inner") && e.getMessage().contains("(None, 5)"), e.getMessage());
  }

  @Test
  void severalInputsAndOutputs_byName() {
    Model m = ExampleModels.multimodal();
    // Keras flattens dicts by sorted key.
    assertEquals(List.of("audio", "image", "metadata", "video"), m.inputNames());
    assertEquals(List.of("classification_output", "regression_output"), m.outputNames());
    assertEquals("(None, 100)", Shapes.format(m.inputs().get(0).shape()));
    assertEquals("(None, 10)", Shapes.format(m.outputs().get(0).shape()));
    assertEquals("(None, 1)", Shapes.format(m.outputs().get(1).shape()));
    assertEquals(List.of("audio", "image", "metadata", "video"), names(m.inputLayers()));
    assertTrue(m.inputsByName() && m.outputsByName());
    assertEquals(List.of("image", "conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "video", "flatten",
        "metadata", "audio", "flatten_1", "concatenate", "dense", "classification_output", "regression_output"),
        names(m.layers()));
  }

  @Test
  void severalInputsAndOutputs_byList() {
    var a = Input.of("a", 3);
    var b = Input.of("b", 5);
    var merged = new Concatenate().apply(b, a);
    var o1 = new Dense(2).name("first").apply(merged);
    var o2 = new Dense(1).name("second").apply(merged);
    var model = Model.of(List.of(b, a), List.of(o2, o1));
    assertEquals(List.of("b", "a"), model.inputNames());
    assertEquals(List.of("second", "first"), model.outputNames());
    assertSame(b, model.inputs().get(0));
    assertSame(o2, model.outputs().get(0));
    assertFalse(model.inputsByName());
    assertEquals(8 * 2 + 2 + 8 + 1, model.countParams());
  }

  @Test
  void layersAndGetLayer() {
    Model m = ExampleModels.functionalCnn();
    assertEquals(8, m.layers().size());
    assertTrue(m.layers().get(0) instanceof InputLayer);
    assertEquals("conv2d_1", m.getLayer(3).name());
    assertEquals(18_496, m.getLayer("conv2d_1").countParams());
    var e = assertThrows(IllegalArgumentException.class, () -> m.getLayer("conv2d_9"));
    assertTrue(e.getMessage().contains("conv2d_9") && e.getMessage().contains("dense_1"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> m.getLayer(8));

    Keras.clearSession();
    Sequential s = ExampleModels.sequentialCnn();
    assertEquals(7, s.layers().size()); // no InputLayer, as in Keras
    assertEquals("conv2d", s.getLayer(0).name());
    assertEquals(1, s.inputs().size());
    assertEquals("(None, 28, 28, 1)", Shapes.format(s.inputs().get(0).shape()));
  }

  @Test
  void unbuiltSequential_buildsOnFirstCall() {
    var stack = Sequential.of(new Dense(8), new Dense(4));
    assertFalse(stack.hasGraph());
    assertEquals(0, stack.countParams());
    var in = Input.of(6);
    var y = stack.apply(in);
    assertEquals("(None, 4)", Shapes.format(y.shape()));
    assertEquals(6 * 8 + 8 + 8 * 4 + 4, stack.countParams());
    var model = Model.of(in, y);
    assertEquals(List.of("input_layer", "sequential"), names(model.layers()));
  }

  @Test
  void freezingAModel() {
    Model m = ExampleModels.functionalCnn();
    m.trainable(false);
    assertEquals(0, m.trainableWeights().size());
    assertEquals(8, m.nonTrainableWeights().size());
    assertTrue(m.summaryString().contains(" Non-trainable params: 121,930 (476.29 KB)"));
  }

  @Test
  void mapInputs_orderIsByKey() {
    var x = Input.of("x", 2);
    var y = Input.of("y", 3);
    var out = new Dense(1).apply(new Concatenate().apply(y, x));
    var model = Model.of(Map.of("y", y, "x", x), out);
    assertEquals(List.of("x", "y"), model.inputNames());
    assertSame(x, model.inputs().get(0));
  }
}
