package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.Shape;

/**
 * Numerical gradient check of every differentiable op of {@code io.jkeras.ops}, at the inputs of the Keras
 * fixtures ({@link OpCases}): TF's symbolic gradients of {@code L = Σ_k sum(output_k · R_k)} (fixed random
 * {@code R_k}) with respect to every floating input, built by {@code Graph.addGradients} through the op table's
 * lowerings as a training step builds them, against central differences. The floating inputs are fed as float64,
 * so the check is tight (1e-6); integer and bool inputs (indices, conditions) keep their dtype. Lowerings that
 * differ in float32 are checked in float32 too.
 */
class OpsGradientTest {
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;
  /** Coordinates checked per input at most (all of the small ones). */
  private static final int COORDS = 24;
  /**
   * Ops that compute in float32 whatever the input (TF's CPU MaxPool3D and AvgPool3D have no float64 kernel):
   * checked with a larger step and tolerance. Their inputs are 0.1 apart, so the step never changes a maximum.
   */
  private static final java.util.Set<String> FLOAT32_COMPUTE = java.util.Set.of("max_pool3d", "average_pool3d");

  static Stream<String> differentiable() {
    return OpCases.fixtures().values().stream()
        .filter(f -> f.inputs().stream().anyMatch(a -> a.dtype().isFloating()))
        .filter(f -> f.outputs().stream().anyMatch(a -> a.dtype().isFloating()))
        .map(OpCases.Fixture::name);
  }

  /**
   * Lowerings that take another TF op for float32 than for float64 (2-D max pooling: TF's {@code MaxPool}, whose
   * gradient oneDNN runs, see MaxPoolOp) or that cast to float32 anyway: checked once more in float32.
   */
  static Stream<String> float32Specific() {
    return Stream.of("max_pool2d", "max_pool2d_same", "max_pool2d_strides", "max_pool1d", "conv2d_strides_same",
        "softmax_axis1", "log_softmax_rank3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentiable")
  void gradientMatchesFiniteDifferences(String name) {
    check(name, false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("float32Specific")
  void float32GradientMatchesFiniteDifferences(String name) {
    check(name, true);
  }

  private static void check(String name, boolean float32) {
    OpCases.Fixture f = OpCases.fixtures().get(name);
    boolean coarse = float32 || FLOAT32_COMPUTE.contains(name);
    double eps = coarse ? 1e-2 : EPS;
    double tol = coarse ? 1e-3 : TOL;
    DType floatType = float32 ? DType.FLOAT32 : DType.FLOAT64;
    List<Shape> shapes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    List<Integer> wrt = new ArrayList<>();
    for (int i = 0; i < f.inputs().size(); i++) {
      OpCases.Array a = f.inputs().get(i);
      shapes.add(a.tfShape());
      dtypes.add(a.dtype().isFloating() ? floatType : a.dtype());
      if (a.dtype().isFloating()) {
        wrt.add(i);
      }
    }
    List<Integer> floatOutputs = new ArrayList<>();
    List<double[]> r = new ArrayList<>();
    List<long[]> rShapes = new ArrayList<>();
    Random random = new Random(name.hashCode());
    for (int k = 0; k < f.outputs().size(); k++) {
      OpCases.Array out = f.outputs().get(k);
      if (out.dtype().isFloating()) {
        floatOutputs.add(k);
        double[] v = new double[out.values().length];
        for (int j = 0; j < v.length; j++) {
          v[j] = random.nextGaussian();
        }
        r.add(v);
        rShapes.add(out.shape());
      }
    }
    try (OpHarness h = new OpHarness(OpCases.CALLS.get(name), shapes, dtypes)) {
      for (int k : floatOutputs) {
        assertEquals(floatType, h.symbolicOutputs.get(k).dtype(), "output " + k + " keeps the inputs' float type");
      }
      OpHarness.GradientProbe probe = h.gradients(wrt, floatOutputs);
      List<OpCases.Array> inputs = new ArrayList<>(f.inputs());
      List<double[]> base = probe.run(inputs, r, rShapes, true);
      if (name.equals("stop_gradient")) {
        // by design: the value of x, no gradient (Keras' stop_gradient)
        for (double g : base.get(1)) {
          assertEquals(0.0, g, "stop_gradient passes no gradient");
        }
        return;
      }
      for (int w = 0; w < wrt.size(); w++) {
        int i = wrt.get(w);
        OpCases.Array a = inputs.get(i);
        double[] symbolic = base.get(1 + w);
        int n = a.values().length;
        for (int c = 0; c < Math.min(COORDS, n); c++) {
          int j = n <= COORDS ? c : random.nextInt(n);
          double[] plus = a.values().clone();
          double[] minus = a.values().clone();
          plus[j] += eps;
          minus[j] -= eps;
          inputs.set(i, new OpCases.Array(a.dtype(), a.shape(), plus));
          double lp = probe.run(inputs, r, rShapes, false).get(0)[0];
          inputs.set(i, new OpCases.Array(a.dtype(), a.shape(), minus));
          double lm = probe.run(inputs, r, rShapes, false).get(0)[0];
          inputs.set(i, a);
          double numeric = (lp - lm) / (2 * eps);
          assertTrue(Math.abs(numeric - symbolic[j]) <= tol * (1 + Math.abs(symbolic[j])),
              "input " + i + "[" + j + "]: symbolic " + symbolic[j] + " vs numeric " + numeric);
        }
      }
    }
  }
}
