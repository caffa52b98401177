package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.activations.Activations;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numerical gradient checks of every layer lowering (float32 central differences on small networks). */
class LayerGradientTest {

  static void check(Model model) {
    try (GradientCheck g = new GradientCheck(model, 2, false, 7)) {
      g.check(12, 1e-2, 2e-2);
    }
  }

  @Test
  void denseRank2() {
    SymbolicTensor x = Input.of(5);
    check(Model.of(x, new Dense(3).apply(x)));
  }

  @Test
  void denseRank3AndNoBias() {
    SymbolicTensor x = Input.of(4, 5);
    check(Model.of(x, new Dense(3).useBias(false).apply(new Dense(6).apply(x))));
  }

  @Test
  void conv2dValid() {
    SymbolicTensor x = Input.of(6, 6, 2);
    check(Model.of(x, new Conv2D(3, 3, 2).apply(x)));
  }

  @Test
  void conv2dSameStridedDilatedGrouped() {
    SymbolicTensor x = Input.of(7, 7, 4);
    SymbolicTensor y = new Conv2D(4, 3).strides(2, 2).padding("same").apply(x);
    y = new Conv2D(2, 2).dilationRate(2, 2).apply(y);
    SymbolicTensor z = new Conv2D(4, 3).groups(2).padding("same").apply(x);
    check(Model.of(x, List.of(y, z)));
  }

  /** The training pass pools with TF's {@code MaxPool} (attributes), the inference pass with {@code MaxPoolV2}. */
  @Test
  void maxPoolingTrainingPassOp() {
    SymbolicTensor x = Input.of(5, 5, 2);
    SymbolicTensor a = new MaxPooling2D(2, 2).apply(x);
    SymbolicTensor b = new MaxPooling2D(3, 3).strides(2, 2).padding("same").apply(x);
    SymbolicTensor c = new io.jkeras.layers.MaxPooling1D(2).apply(new io.jkeras.layers.Reshape(25, 2).apply(x));
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(a, b, c)), 2, true, 7, true)) {
      assertEquals(3, g.countOps("MaxPool"));
      assertEquals(0, g.countOps("MaxPoolV2"));
      g.check(20, 1e-2, 2e-2);
    }
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(a, b, c)), 2, false, 7, true)) {
      assertEquals(0, g.countOps("MaxPool"));
      assertEquals(3, g.countOps("MaxPoolV2"));
    }
  }

  @Test
  void maxPoolingValidAndSame() {
    SymbolicTensor x = Input.of(5, 5, 2);
    SymbolicTensor a = new MaxPooling2D(2, 2).apply(x);
    SymbolicTensor b = new MaxPooling2D(3, 3).strides(2, 2).padding("same").apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(a, b)), 2, false, 7, true)) {
      g.check(20, 1e-2, 2e-2);
    }
  }

  @Test
  void flattenAndConcatenate() {
    SymbolicTensor x = Input.of(3, 3, 2);
    SymbolicTensor m = Input.of(4);
    SymbolicTensor f = new Flatten().apply(x);
    SymbolicTensor c = new Concatenate().apply(List.of(f, m));
    check(Model.of(List.of(x, m), new Dense(2).apply(c)));
  }

  @Test
  void everyActivation() {
    for (String name : Activations.NAMES) {
      SymbolicTensor x = Input.of(6);
      check(Model.of(x, new Dense(4).activation(name).apply(x)));
    }
  }

  @Test
  void nestedModel() {
    SymbolicTensor ix = Input.of(4);
    Model inner = Model.of(ix, new Dense(3).activation("tanh").apply(ix));
    SymbolicTensor x = Input.of(4);
    SymbolicTensor y = inner.apply(x);
    // The same inner model applied twice shares its weights.
    SymbolicTensor y2 = inner.apply(new Dense(4).apply(x));
    check(Model.of(x, new Concatenate().apply(List.of(y, y2))));
  }
}
