package io.jkeras.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Dense;
import io.jkeras.util.Naming;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A functional model holding layers written in ops, applied as a layer of another model (Keras' VAE: an encoder
 * with a {@code Sampling} layer, called on a new input): the inner layers' shapes come from their traced calls.
 */
class NestedOpsModelTest {

  /** Two inputs, one output: {@code a + 2 b}. */
  static final class TwoInputs extends BaseLayer<TwoInputs> {
    @Override
    public SymbolicTensor call(List<SymbolicTensor> in) {
      return Ops.add(in.get(0), Ops.multiply(in.get(1), 2.0));
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
  void aModelWithOpsLayersAppliesAsALayer() {
    SymbolicTensor x = Input.of(6);
    SymbolicTensor a = new Dense(3).apply(x);
    SymbolicTensor b = new Dense(3).apply(x);
    CustomLayerTest.Linear linear = new CustomLayerTest.Linear(4);
    SymbolicTensor out = linear.apply(new TwoInputs().apply(a, b));
    Model inner = Model.of(x, List.of(a, out)).name("inner");

    SymbolicTensor y = Input.of(6);
    List<SymbolicTensor> applied = inner.applyAll(List.of(y));
    assertEquals(List.of(-1L, 3L), dims(applied.get(0)));
    assertEquals(List.of(-1L, 4L), dims(applied.get(1)));
    Model outer = Model.of(y, applied.get(1));
    assertEquals(inner.countParams(), outer.countParams());
    assertEquals(6 * 3 + 3 + 6 * 3 + 3 + 3 * 4 + 4, outer.countParams());
    assertEquals(1, linear.inboundNodes().size(), "the shape trace records no node of the inner layers");
  }
}
