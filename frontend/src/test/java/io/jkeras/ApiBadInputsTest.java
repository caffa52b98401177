package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Wrong arguments at the model-building entry points (Input, layer apply, Model.of, compile), without a
 * runtime: each fails at once with a documented exception naming the argument (docs/RELIABILITY.md).
 */
class ApiBadInputsTest {
  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private static <T extends Throwable> void expect(Class<T> type, Executable call, String... parts) {
    T e = assertThrows(type, call);
    String m = e.getMessage();
    // The surefire report keeps what the user sees (docs/RELIABILITY.md quotes it).
    System.out.println(e.getClass().getSimpleName() + ": " + m);
    for (String p : parts) {
      assertTrue(m != null && m.contains(p), "message lacks '" + p + "': " + m);
    }
  }

  @Test
  void inputShapes() {
    expect(IllegalArgumentException.class, () -> Input.of(28, 0, 1), "0");
    expect(IllegalArgumentException.class, () -> Input.of(-3), "-3");
  }

  @Test
  void layerApply() {
    var x = Input.of(28, 28, 1);
    expect(IllegalArgumentException.class, () -> new Conv2D(8, 3).apply(Input.of(28, 28)), "'conv2d' (Conv2D)",
        "rank-4", "(None, 28, 28)");
    expect(NullPointerException.class, () -> new Dense(3).apply((SymbolicTensor) null));
    var flat = new Flatten().apply(x);
    var d = new Dense(4);
    d.apply(flat);
    // A Dense built for 784 features cannot be reused on 10.
    expect(IllegalArgumentException.class, () -> d.apply(Input.of(10)), "(Dense)", "784", "(None, 10)");
  }

  @Test
  void modelOf() {
    var in = Input.of(3);
    var hidden = new Dense(4).apply(in);
    var out = new Dense(2).apply(hidden);
    expect(NullPointerException.class, () -> Model.of((SymbolicTensor) null, out), "input");
    expect(IllegalArgumentException.class, () -> Model.of(hidden, out), "input");
    expect(IllegalArgumentException.class, () -> Model.of(in, List.of()), "output");
  }

  @Test
  void compileAndTrainingWithoutARuntime() {
    var in = Input.of(3);
    Model m = Model.of(in, new Dense(2).apply(in));
    expect(NullPointerException.class, () -> m.compile(null), "compile");
    expect(IllegalArgumentException.class, () -> m.compile(Compile.optimizer("adam").loss("crossentropy_typo")),
        "crossentropy_typo");
    expect(IllegalArgumentException.class, () -> m.compile(Compile.optimizer("adam").loss("mse")
        .metrics("acc_typo")), "acc_typo");
    expect(IllegalStateException.class, () -> m.fit(new float[2][3], new float[2][2],
        io.jkeras.training.Fit.epochs(1)), "compile");
  }
}
