package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.Add;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Reshape;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The mistakes of the model-language issue: each fails while the model is built, with a message naming the
 * layer, the argument and the shapes or values involved.
 */
class BadInputsTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  private static void assertMessage(Executable e, String... parts) {
    String m = assertThrows(IllegalArgumentException.class, e).getMessage();
    for (String p : parts) {
      assertTrue(m.contains(p), "message lacks '" + p + "': " + m);
    }
  }

  @Test
  void conv2dOnARank2Tensor() {
    var x = Input.of(10);
    assertMessage(() -> new Conv2D(8, 3).apply(x), "'conv2d' (Conv2D)", "rank-4", "(None, 10)");
  }

  @Test
  void concatenateWithMismatchedNonAxisDimensions() {
    var a = Input.of(4, 5);
    var b = Input.of(3, 6);
    assertMessage(() -> new Concatenate().apply(a, b), "'concatenate' (Concatenate)", "axis -1",
        "(None, 4, 5)", "(None, 3, 6)");
  }

  @Test
  void addOfDifferentShapes() {
    var a = Input.of(3);
    var b = Input.of(4);
    assertMessage(() -> new Add().apply(a, b), "'add' (Add)", "(None, 3)", "(None, 4)");
    var c = Input.of(5, 4);
    var d = Input.of(2, 4);
    assertMessage(() -> new Add().name("sum").apply(c, d), "'sum' (Add)", "(None, 5, 4)", "(None, 2, 4)");
    // a rank-1 sample (None, 5) cannot broadcast against the last axis 4 of (None, 5, 4)
    var e = Input.of(5);
    assertMessage(() -> new Add().apply(c, e), "(None, 5, 4)", "(None, 5)");
  }

  @Test
  void kernelLargerThanItsInputWithValidPadding() {
    var x = Input.of(3, 3, 1);
    assertMessage(() -> new Conv2D(4, 5).apply(x), "'conv2d' (Conv2D)", "kernel_size (5, 5)", "(None, 3, 3, 1)",
        "valid");
    assertMessage(() -> new MaxPooling2D(4, 4).apply(x), "(MaxPooling2D)", "pool_size (4, 4)",
        "(None, 3, 3, 1)");
  }

  @Test
  void reshapeToADifferentElementCount() {
    var x = Input.of(12);
    assertMessage(() -> new Reshape(5, 5).apply(x), "'reshape' (Reshape)", "target_shape (5, 5)",
        "(None, 12)", "12", "25");
  }

  @Test
  void nonPositiveUnits() {
    assertMessage(() -> new Dense(0), "Dense", "units", "0");
    assertMessage(() -> new Dense(-3), "Dense", "units", "-3");
  }

  @Test
  void unknownActivationName() {
    assertMessage(() -> new Dense(3).activation("relux"), "Dense", "activation", "relux", "relu");
    assertMessage(() -> new Dense(3).name("head").activation("softmaxx"), "'head'", "softmaxx");
  }

  @Test
  void unknownInitializerName() {
    assertMessage(() -> new Dense(3).kernelInitializer("glorot_unifrom"), "Dense", "kernel_initializer",
        "glorot_unifrom", "glorot_uniform");
    assertMessage(() -> new Conv2D(3, 3).biasInitializer("zero_s"), "Conv2D", "bias_initializer", "zero_s");
  }

  @Test
  void poolSizeZero() {
    assertMessage(() -> new MaxPooling2D(0, 2), "MaxPooling2D", "pool_size", "(0, 2)");
  }

  @Test
  void outputNotReachableFromTheInputs() {
    var a = Input.of("a", 3);
    var b = Input.of("b", 3);
    var out = new Add().apply(new Dense(3).apply(a), b);
    assertMessage(() -> Model.of(a, out), "disconnected", "'b'", "(None, 3)", "[a]");
    var onlyB = new Dense(2).apply(b);
    assertMessage(() -> Model.of(a, onlyB), "disconnected", "'b'", "[a]");
  }

  @Test
  void inputNotUsed() {
    var a = Input.of("a", 3);
    var unused = Input.of("extra", 7);
    var out = new Dense(2).apply(a);
    assertMessage(() -> Model.of(List.of(a, unused), out), "input 'extra'", "(None, 7)", "not used");
  }

  @Test
  void twoInputsWithOneName() {
    var a = Input.of("x", 3);
    var b = Input.of("x", 4);
    var out = new Concatenate().apply(a, b);
    assertMessage(() -> Model.of(List.of(a, b), out), "two inputs", "'x'");
  }
}
