package io.jkeras.tf;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.Reshape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Numerical gradient checks of the lowerings of the pooling, reshaping, merging and training-mode layers. */
class MoreLayersGradientTest {

  static void check(Model model, boolean training, boolean distinct) {
    try (GradientCheck g = new GradientCheck(model, 3, training, 11, distinct)) {
      g.check(12, 1e-2, 2e-2);
    }
  }

  @Test
  void averagePoolingValidAndSame() {
    SymbolicTensor x = Input.of(5, 5, 2);
    SymbolicTensor a = new AveragePooling2D(2, 2).apply(x);
    SymbolicTensor b = new AveragePooling2D(3, 3).strides(2, 2).padding("same").apply(x);
    check(Model.of(x, List.of(a, b)), false, false);
  }

  @Test
  void globalPooling() {
    SymbolicTensor x = Input.of(3, 4, 2);
    SymbolicTensor a = new GlobalAveragePooling2D().apply(x);
    SymbolicTensor b = new GlobalMaxPooling2D().apply(x);
    SymbolicTensor c = new GlobalMaxPooling2D().keepdims(true).apply(x);
    check(Model.of(x, List.of(a, b, c)), false, true);
  }

  @Test
  void reshapeAddActivation() {
    SymbolicTensor x = Input.of(12);
    SymbolicTensor r = new Reshape(3, -1).apply(x);
    SymbolicTensor a = new Dense(4).apply(r);
    SymbolicTensor b = new Dense(4).apply(r);
    SymbolicTensor s = new Add().apply(a, b);
    check(Model.of(x, new Activation("gelu").apply(s)), false, false);
  }

  @Test
  void dropoutInTraining() {
    SymbolicTensor x = Input.of(8);
    check(Model.of(x, new Dense(3).apply(new Dropout(0.5).apply(new Dense(8).apply(x)))), true, false);
  }

  @Test
  void batchNormalizationTrainingAndInference() {
    SymbolicTensor x = Input.of(4, 4, 3);
    SymbolicTensor c = new BatchNormalization().apply(new Conv2D(2, 2).apply(x));
    SymbolicTensor d = new BatchNormalization().center(false).apply(new Dense(3).apply(x));
    SymbolicTensor e = new BatchNormalization().axis(1).scale(false).apply(new Dense(2).apply(x));
    Model model = Model.of(x, List.of(c, d, e));
    check(model, true, false);
    check(model, false, false);
  }
}
