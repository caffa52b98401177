package io.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Lambda;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LayerRegistry;
import io.jkeras.util.Naming;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Layers written in ops, as Keras' "Making new layers and models via subclassing" guide: no runtime needed. */
class CustomLayerTest {

  /** The guide's {@code Linear}: {@code x @ w + b}. */
  public static final class Linear extends BaseLayer<Linear> {
    private final int units;
    private Variable w;
    private Variable b;

    public Linear(int units) {
      this.units = units;
    }

    public static Linear fromConfig(Map<String, ?> config) {
      Linear l = new Linear(((Number) config.get("units")).intValue());
      l.name((String) config.get("name"));
      return l;
    }

    @Override
    protected void build(Shape in) {
      w = addWeight("w", Shape.of(in.get(in.numDimensions() - 1), units), "random_normal", true);
      b = addWeight("b", Shape.of(units), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.add(Ops.matmul(x, w), b);
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("units", units);
      return c;
    }
  }

  /** The guide's MLPBlock: three Linear sublayers, relu between. */
  public static final class MlpBlock extends BaseLayer<MlpBlock> {
    private final Linear l1 = new Linear(32);
    private final Linear l2 = new Linear(32);
    private final Linear l3 = new Linear(1);

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return l3.apply(Ops.relu(l2.apply(Ops.relu(l1.apply(x)))));
    }
  }

  @BeforeEach
  void resetNames() {
    Naming.reset();
  }

  private static List<Long> dims(SymbolicTensor t) {
    return Arrays.stream(t.shape().asArray()).boxed().toList();
  }

  @Test
  void linearInfersItsShapeAndCreatesItsWeights() {
    SymbolicTensor x = Input.of(4);
    Linear l = new Linear(3);
    SymbolicTensor y = l.apply(x);
    assertEquals(List.of(-1L, 3L), dims(y));
    assertEquals(15, l.countParams());
    assertTrue(l.usesOpsCall());
    assertFalse(new Dense(3).usesOpsCall(), "built-in layers keep their lowering");
    assertEquals(1, l.inboundNodes().size(), "the trace records no extra node");
    assertEquals("linear", l.name());
  }

  @Test
  void sublayersAreTrackedInOrderAndTheirWeightsBelongToTheBlock() {
    SymbolicTensor x = Input.of(64);
    MlpBlock block = new MlpBlock();
    SymbolicTensor y = block.apply(x);
    assertEquals(List.of(-1L, 1L), dims(y));
    assertEquals(3, block.sublayers().size());
    assertEquals(64 * 32 + 32 + 32 * 32 + 32 + 32 + 1, block.countParams());
    assertEquals(List.of("linear/w", "linear/b", "linear_1/w", "linear_1/b", "linear_2/w", "linear_2/b"),
        block.weights().stream().map(Variable::path).toList());
    for (Layer sub : block.sublayers()) {
      assertTrue(sub.inboundNodes().isEmpty(), sub.name() + " was applied only inside the block's call");
    }
    Model m = Model.of(x, y);
    assertEquals(block.countParams(), m.countParams());
    String summary = m.summaryString();
    assertTrue(summary.contains("mlp_block (MlpBlock)"), summary);
    assertTrue(summary.contains("3,169"), summary);
  }

  @Test
  void freezingTheBlockFreezesItsSublayers() {
    SymbolicTensor x = Input.of(8);
    MlpBlock block = new MlpBlock();
    block.apply(x);
    block.trainable(false);
    assertTrue(block.trainableWeights().isEmpty());
  }

  @Test
  void lambdaInfersItsShape() {
    SymbolicTensor a = Input.of(3, 4);
    SymbolicTensor y = new Lambda(t -> Ops.sum(Ops.square(t), -1)).apply(a);
    assertEquals(List.of(-1L, 3L), dims(y));
    SymbolicTensor b = Input.of(3, 4);
    SymbolicTensor z = Lambda.ofList(ts -> Ops.concatenate(ts, -1)).apply(a, b);
    assertEquals(List.of(-1L, 3L, 8L), dims(z));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Lambda(Ops::relu).outputShape(Shape.of(-1, 5)).apply(a));
    assertTrue(e.getMessage().contains("output_shape (None, 5)") && e.getMessage().contains("(None, 3, 4)"),
        e.getMessage());
  }

  @Test
  void opsBetweenLayersAreGraphNodes() {
    SymbolicTensor a = Input.of(4);
    SymbolicTensor b = Input.of(4);
    SymbolicTensor s = Ops.add(a, Ops.multiply(b, 2.0));
    SymbolicTensor y = new Dense(2).apply(s);
    Model m = Model.of(List.of(a, b), y);
    String summary = m.summaryString();
    assertTrue(summary.contains("add (Add)") && summary.contains("multiply (Multiply)"), summary);
  }

  @Test
  void incompatibleShapesNameTheOpTheLayerAndBothShapes() {
    class Bad extends BaseLayer<Bad> {
      @Override
      public SymbolicTensor call(List<SymbolicTensor> xs) {
        return Ops.add(xs.get(0), xs.get(1));
      }
    }
    Bad bad = new Bad();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> bad.apply(Input.of(3), Input.of(4)));
    String msg = e.getMessage();
    assertTrue(msg.contains("ops.add") && msg.contains("'bad' (Bad)") && msg.contains("(None, 3)")
        && msg.contains("(None, 4)"), msg);
    assertFalse(bad.isBuilt(), "a failed call leaves the layer unbuilt");
  }

  @Test
  void aFailedBuildLeavesNoWeights() {
    class Broken extends BaseLayer<Broken> {
      private Variable w;

      @Override
      protected void build(Shape in) {
        w = addWeight("w", Shape.of(3, 2), "ones", true);
      }

      @Override
      public SymbolicTensor call(SymbolicTensor x) {
        return Ops.matmul(x, w);   // (None, 4) @ (3, 2)
      }
    }
    Broken l = new Broken();
    assertThrows(IllegalArgumentException.class, () -> l.apply(Input.of(4)));
    assertTrue(l.weights().isEmpty());
    assertFalse(l.isBuilt());
  }

  @Test
  void aCallReturningNullIsRefusedClearly() {
    class Nothing extends BaseLayer<Nothing> {
      @Override
      public SymbolicTensor call(SymbolicTensor x) {
        return null;
      }
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Nothing().apply(Input.of(2)));
    assertTrue(e.getMessage().contains("'nothing' (Nothing)") && e.getMessage().contains("returned null"),
        e.getMessage());
  }

  @Test
  void weightsCanBeUsedInOpsOnlyInsideTheirCall() {
    Linear l = new Linear(2);
    l.apply(Input.of(3));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Ops.square(l.weights().get(0)));
    assertTrue(e.getMessage().contains("linear/w"), e.getMessage());
  }

  @Test
  void registeredLayersSurviveJson() {
    LayerRegistry.registerSerializable("my_layers", Linear.class, Linear::fromConfig);
    SymbolicTensor x = Input.of(5);
    Model m = Model.of(x, new Linear(3).apply(x));
    String json = m.toJson();
    assertTrue(json.contains("\"registered_name\": \"my_layers>Linear\""), json);
    Model back = Model.fromJson(json);
    assertEquals(m.summaryString(), back.summaryString());
    assertEquals(json, back.toJson());
  }

  @Test
  void anUnregisteredLayerNamesItselfAndHowToRegister() {
    String json = "{\"module\":\"keras.src.models.functional\",\"class_name\":\"Functional\",\"config\":{"
        + "\"name\":\"f\",\"trainable\":true,\"layers\":[{\"module\":\"keras.layers\",\"class_name\":\"InputLayer\","
        + "\"config\":{\"batch_shape\":[null,2],\"dtype\":\"float32\",\"sparse\":false,\"name\":\"in\"},"
        + "\"registered_name\":null,\"name\":\"in\",\"inbound_nodes\":[]},{\"module\":\"x\",\"class_name\":\"Gizmo\","
        + "\"config\":{\"name\":\"gizmo\"},\"registered_name\":\"acme>Gizmo\",\"name\":\"gizmo\",\"inbound_nodes\":"
        + "[{\"args\":[{\"class_name\":\"__keras_tensor__\",\"config\":{\"shape\":[null,2],\"dtype\":\"float32\","
        + "\"keras_history\":[\"in\",0,0]}}],\"kwargs\":{}}]}],\"input_layers\":[[\"in\",0,0]],"
        + "\"output_layers\":[[\"gizmo\",0,0]]},\"registered_name\":\"Functional\"}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.fromJson(json));
    assertTrue(e.getMessage().contains("acme>Gizmo") && e.getMessage().contains("registerSerializable"),
        e.getMessage());
  }
}
