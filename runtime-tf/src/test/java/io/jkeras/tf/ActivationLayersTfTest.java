package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.ELU;
import io.jkeras.layers.Layer;
import io.jkeras.layers.LeakyReLU;
import io.jkeras.layers.PReLU;
import io.jkeras.layers.ReLU;
import io.jkeras.layers.Softmax;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The activation layers' lowerings: values against Keras 3's documented formulas (written out here in double
 * precision) and numerical gradient checks.
 */
class ActivationLayersTfTest {
  private static final RuntimeOptions OPTS = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1);
  private static final float[] X = {-7f, -4.5f, -1.3f, -0.2f, 0f, 0.1f, 0.25f, 0.4f, 1.2f, 1.3f, 3.2f, 6f, 6.5f, 8f};

  /** The model's prediction for one input batch, with the given weights. */
  static FloatNdArray predict(Model model, Map<String, float[]> weights, FloatNdArray x) {
    try (TfModelRuntime rt = new TfBackend().create(model, null, OPTS)) {
      if (!weights.isEmpty()) {
        rt.setWeights(weights);
      }
      return rt.predictStep(Batch.ofInputs(List.of(x))).get(0);
    }
  }

  static FloatNdArray row(float... values) {
    return NdArrays.wrap(Shape.of(1, values.length), DataBuffers.of(values));
  }

  /** Keras' ReLU: max_value above it, x from the threshold on, negative_slope * (x - threshold) below. */
  static DoubleUnaryOperator kerasRelu(Double maxValue, double slope, double threshold) {
    return x -> {
      if (maxValue != null && x >= maxValue) {
        return maxValue;
      }
      if (x > threshold) {
        return x;
      }
      // At the threshold itself Keras gives 0 (x * (x > threshold) is 0 there), which is slope * 0.
      return slope * (x - threshold);
    };
  }

  static void assertElementwise(Layer layer, DoubleUnaryOperator f) {
    SymbolicTensor in = Input.of(X.length);
    FloatNdArray y = predict(Model.of(in, layer.apply(in)), Map.of(), row(X));
    for (int i = 0; i < X.length; i++) {
      double expected = f.applyAsDouble(X[i]);
      assertEquals(expected, y.getFloat(0, i), 1e-5 * Math.max(1, Math.abs(expected)),
          layer.getConfig() + " at x=" + X[i]);
    }
  }

  @Test
  void reluLeakyReluAndEluFollowKerasFormulas() {
    assertElementwise(new ReLU(), x -> Math.max(0, x));
    assertElementwise(new ReLU().maxValue(6.0), x -> Math.min(6, Math.max(0, x)));
    assertElementwise(new ReLU().maxValue(1.25), kerasRelu(1.25, 0, 0));
    assertElementwise(new ReLU().negativeSlope(0.1), x -> x > 0 ? x : 0.1 * x);
    assertElementwise(new ReLU().threshold(0.25), kerasRelu(null, 0, 0.25));
    assertElementwise(new ReLU().negativeSlope(0.2).threshold(0.25).maxValue(1.25), kerasRelu(1.25, 0.2, 0.25));
    assertElementwise(new ReLU().negativeSlope(0.5).maxValue(6.0), kerasRelu(6.0, 0.5, 0));
    assertElementwise(new LeakyReLU(), x -> x >= 0 ? x : 0.3 * x);
    assertElementwise(new LeakyReLU(0.05), x -> x >= 0 ? x : 0.05 * x);
    assertElementwise(new ELU(), x -> x > 0 ? x : Math.exp(x) - 1);
    assertElementwise(new ELU(0.5), x -> x > 0 ? x : 0.5 * (Math.exp(x) - 1));
  }

  @Test
  void preluUsesItsAlphaPerSharedPosition() {
    SymbolicTensor in = Input.of(2, 3);
    PReLU full = new PReLU();
    PReLU shared = new PReLU().sharedAxes(1);
    Model model = Model.of(in, List.of(full.apply(in), shared.apply(in)));
    float[] x = {-2f, 1.5f, -0.5f, 3f, -1f, -4f};
    float[] alphaFull = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
    float[] alphaShared = {0.25f, -0.5f, 2f}; // one per last-axis position, shared over axis 1
    try (TfModelRuntime rt = new TfBackend().create(model, null, OPTS)) {
      rt.setWeights(Map.of(full.name() + "/alpha", alphaFull, shared.name() + "/alpha", alphaShared));
      List<FloatNdArray> y = rt.predictStep(Batch.ofInputs(
          List.of(NdArrays.wrap(Shape.of(1, 2, 3), DataBuffers.of(x)))));
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          double v = x[i * 3 + j];
          assertEquals(v >= 0 ? v : alphaFull[i * 3 + j] * v, y.get(0).getFloat(0, i, j), 1e-6);
          assertEquals(v >= 0 ? v : alphaShared[j] * v, y.get(1).getFloat(0, i, j), 1e-6);
        }
      }
    }
  }

  @Test
  void softmaxOverOneOrSeveralAxes() {
    SymbolicTensor in = Input.of(2, 3);
    Model model = Model.of(in, List.of(new Softmax().apply(in), new Softmax(1).apply(in), new Softmax(1, 2).apply(in)));
    float[] x = {0.5f, -1f, 2f, 3f, 0f, -0.5f};
    try (TfModelRuntime rt = new TfBackend().create(model, null, OPTS)) {
      List<FloatNdArray> y = rt.predictStep(Batch.ofInputs(
          List.of(NdArrays.wrap(Shape.of(1, 2, 3), DataBuffers.of(x)))));
      double all = 0;
      for (float v : x) {
        all += Math.exp(v);
      }
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          double e = Math.exp(x[i * 3 + j]);
          double rowSum = Math.exp(x[i * 3]) + Math.exp(x[i * 3 + 1]) + Math.exp(x[i * 3 + 2]);
          double colSum = Math.exp(x[j]) + Math.exp(x[3 + j]);
          assertEquals(e / rowSum, y.get(0).getFloat(0, i, j), 1e-6, "axis -1");
          assertEquals(e / colSum, y.get(1).getFloat(0, i, j), 1e-6, "axis 1");
          assertEquals(e / all, y.get(2).getFloat(0, i, j), 1e-6, "axes (1, 2)");
        }
      }
    }
  }

  /** Inputs on a grid 0.1 apart shifted by 0.03: at least 0.02 from every kink (0, 0.25, 1.25, 6). */
  static void checkOffKinks(Model model) {
    try (GradientCheck g = new GradientCheck(model, 3, false, 13, true)) {
      for (float[] v : g.inputValues()) {
        for (int i = 0; i < v.length; i++) {
          v[i] += 0.03f;
        }
      }
      g.check(16, 1e-2, 2e-2);
    }
  }

  @Test
  void gradients() {
    SymbolicTensor x = Input.of(12);
    List<SymbolicTensor> outs = List.of(
        new ReLU().apply(x),
        new ReLU().maxValue(1.25).apply(x),
        new ReLU().negativeSlope(0.2).threshold(0.25).maxValue(1.25).apply(x),
        new ReLU().threshold(0.25).apply(x),
        new LeakyReLU().apply(x),
        new ELU(0.5).apply(x),
        new ELU().apply(x),
        new PReLU().apply(x),
        new Softmax().apply(x));
    checkOffKinks(Model.of(x, outs));
    SymbolicTensor img = Input.of(2, 3, 2);
    SymbolicTensor p = new PReLU().sharedAxes(1, 2).apply(img);
    SymbolicTensor s = new Softmax(1).apply(img);
    SymbolicTensor s2 = new Softmax(1, 3).apply(new Dense(2).apply(img));
    checkOffKinks(Model.of(img, List.of(p, s, s2)));
  }
}
