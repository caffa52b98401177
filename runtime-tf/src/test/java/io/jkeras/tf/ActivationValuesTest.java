package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.activations.Activations;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Every Keras activation's values against Keras 3's formulas, computed here in double precision. */
class ActivationValuesTest {
  private static final float[] X = {-4.5f, -3f, -1.3f, -0.2f, 0f, 0.4f, 1.7f, 3.2f};

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  static double hardSigmoid(double x) {
    return Math.max(0, Math.min(1, x / 6 + 0.5));
  }

  /** erf by Abramowitz-Stegun 7.1.26 (absolute error below 1.5e-7). */
  static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
        * t * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  static final Map<String, DoubleUnaryOperator> ELEMENTWISE = Map.ofEntries(
      Map.entry("linear", x -> x),
      Map.entry("relu", x -> Math.max(0, x)),
      Map.entry("relu6", x -> Math.min(6, Math.max(0, x))),
      Map.entry("sigmoid", ActivationValuesTest::sigmoid),
      Map.entry("tanh", Math::tanh),
      Map.entry("elu", x -> x > 0 ? x : Math.exp(x) - 1),
      Map.entry("selu", x -> 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1))),
      Map.entry("gelu", x -> 0.5 * x * (1 + erf(x / Math.sqrt(2)))),
      Map.entry("softplus", ActivationValuesTest::softplus),
      Map.entry("softsign", x -> x / (1 + Math.abs(x))),
      Map.entry("swish", x -> x * sigmoid(x)),
      Map.entry("silu", x -> x * sigmoid(x)),
      Map.entry("leaky_relu", x -> x > 0 ? x : 0.2 * x),
      Map.entry("hard_sigmoid", ActivationValuesTest::hardSigmoid),
      Map.entry("hard_silu", x -> x * hardSigmoid(x)),
      Map.entry("hard_swish", x -> x * hardSigmoid(x)),
      Map.entry("exponential", Math::exp),
      Map.entry("mish", x -> x * Math.tanh(softplus(x))));

  /** act(x) through a Dense layer with identity kernel and zero bias. */
  static FloatNdArray apply(String activation) {
    int n = X.length;
    SymbolicTensor in = Input.of(n);
    Dense d = new Dense(n).activation(activation);
    Model model = Model.of(in, d.apply(in));
    float[] eye = new float[n * n];
    for (int i = 0; i < n; i++) {
      eye[i * n + i] = 1;
    }
    try (TfModelRuntime rt = new TfBackend().create(model, null, RuntimeOptions.defaults().intraOpThreads(1))) {
      rt.setWeights(Map.of(d.name() + "/kernel", eye));
      return rt.predictStep(Batch.ofInputs(List.of(NdArrays.wrap(Shape.of(1, n), DataBuffers.of(X))))).get(0);
    }
  }

  @Test
  void everyNameHasItsKerasFormula() {
    for (String name : Activations.NAMES) {
      FloatNdArray y = apply(name);
      if (name.equals("softmax") || name.equals("log_softmax")) {
        double sum = 0;
        for (float x : X) {
          sum += Math.exp(x);
        }
        for (int i = 0; i < X.length; i++) {
          double p = Math.exp(X[i]) / sum;
          assertEquals(name.equals("softmax") ? p : Math.log(p), y.getFloat(0, i), 1e-5, name + "(" + X[i] + ")");
        }
        continue;
      }
      DoubleUnaryOperator f = ELEMENTWISE.get(name);
      for (int i = 0; i < X.length; i++) {
        double expected = f.applyAsDouble(X[i]);
        assertEquals(expected, y.getFloat(0, i), 2e-5 * Math.max(1, Math.abs(expected)), name + "(" + X[i] + ")");
      }
    }
  }
}
