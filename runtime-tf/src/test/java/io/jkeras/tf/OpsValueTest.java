package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Every op of {@link Ops} against Keras 3.15.1 on TensorFlow ({@code tools/keras-crosscheck/make_ops_fixtures.py}):
 * the output shapes and dtypes computed when the op is applied, the dtypes of the lowered TF tensors and the
 * values (within 1e-5), once with the inputs' full shapes and once with an unknown first axis, where the shapes
 * must equal Keras' symbolic ones.
 */
class OpsValueTest {
  private static final double TOL = 1e-5;

  static Stream<String> cases() {
    return OpCases.fixtures().keySet().stream();
  }

  static Stream<String> batchedCases() {
    return OpCases.fixtures().values().stream().filter(f -> f.batched().length > 0).map(OpCases.Fixture::name);
  }

  @Test
  void everyKerasCaseHasAJavaCallAndBack() {
    assertEquals(new TreeSet<>(OpCases.fixtures().keySet()), new TreeSet<>(OpCases.CALLS.keySet()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesKeras(String name) {
    OpCases.Fixture f = OpCases.fixtures().get(name);
    List<Shape> shapes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    for (OpCases.Array a : f.inputs()) {
      shapes.add(a.tfShape());
      dtypes.add(a.dtype());
    }
    try (OpHarness h = new OpHarness(OpCases.CALLS.get(name), shapes, dtypes)) {
      assertEquals(f.outputs().size(), h.symbolicOutputs.size(), "outputs");
      for (int k = 0; k < f.outputs().size(); k++) {
        OpCases.Array want = f.outputs().get(k);
        SymbolicTensor got = h.symbolicOutputs.get(k);
        assertArrayEquals(want.shape(), got.shape().asArray(), "output " + k + " shape rule: Keras "
            + Shapes.format(want.tfShape()) + ", ops " + Shapes.format(got.shape()));
        assertEquals(want.dtype(), got.dtype(), "output " + k + " dtype rule");
      }
      check(f, h.run(f.inputs()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("batchedCases")
  void matchesKerasWithUnknownBatch(String name) {
    OpCases.Fixture f = OpCases.fixtures().get(name);
    List<Shape> shapes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    for (int i = 0; i < f.inputs().size(); i++) {
      OpCases.Array a = f.inputs().get(i);
      long[] dims = a.shape().clone();
      for (int b : f.batched()) {
        if (b == i) {
          dims[0] = Shape.UNKNOWN_SIZE;
        }
      }
      shapes.add(Shape.of(dims));
      dtypes.add(a.dtype());
    }
    try (OpHarness h = new OpHarness(OpCases.CALLS.get(name), shapes, dtypes)) {
      if (f.specs() != null) {
        for (int k = 0; k < f.specs().size(); k++) {
          SymbolicTensor got = h.symbolicOutputs.get(k);
          assertArrayEquals(f.specs().get(k), got.shape().asArray(), "output " + k + " symbolic shape: Keras "
              + Shapes.format(Shape.of(f.specs().get(k))) + ", ops " + Shapes.format(got.shape()) + " for inputs "
              + shapes.stream().map(Shapes::format).toList());
        }
      }
      check(f, h.run(f.inputs()));
    }
  }

  private static void check(OpCases.Fixture f, List<OpHarness.Value> got) {
    for (int k = 0; k < f.outputs().size(); k++) {
      OpCases.Array want = f.outputs().get(k);
      OpHarness.Value v = got.get(k);
      assertEquals(want.dtype(), v.dtype(), "output " + k + ": dtype of the lowered TF tensor");
      assertArrayEquals(want.shape(), v.shape(), "output " + k + ": shape of the value");
      for (int j = 0; j < want.values().length; j++) {
        double w = want.values()[j];
        double g = v.values()[j];
        assertTrue(Math.abs(g - w) <= TOL * (1 + Math.abs(w)) || (Double.isNaN(w) && Double.isNaN(g)),
            "output " + k + "[" + j + "]: Keras " + w + ", ops " + g);
      }
    }
  }

  /** Ops between layers of a functional model are graph nodes: Model.predict gives Keras' values. */
  @Test
  void opsBetweenLayersPredictKerasValues() {
    OpCases.Fixture f = OpCases.fixtures().get("softmax_axis1");
    OpCases.Array x = f.inputs().get(0);
    SymbolicTensor in = Input.of((int) x.shape()[1], (int) x.shape()[2]);
    try (Model m = Model.of(in, Ops.softmax(in, 1))) {
      FloatNdArray xs = NdArrays.ofFloats(x.tfShape());
      float[] xv = new float[x.values().length];
      for (int j = 0; j < xv.length; j++) {
        xv[j] = (float) x.values()[j];
      }
      xs.copyFrom(DataBuffers.of(xv, true, false));
      FloatNdArray y = m.predict(xs);
      float[] got = new float[Math.toIntExact(y.shape().size())];
      y.copyTo(DataBuffers.of(got, false, false));
      double[] want = f.outputs().get(0).values();
      for (int j = 0; j < want.length; j++) {
        assertEquals(want[j], got[j], TOL, "softmax(axis=1)[" + j + "]");
      }
    }
  }
}
