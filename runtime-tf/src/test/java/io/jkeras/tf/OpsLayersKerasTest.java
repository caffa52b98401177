package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.AveragePooling3D;
import io.jkeras.layers.GlobalAveragePooling3D;
import io.jkeras.layers.GlobalMaxPooling3D;
import io.jkeras.layers.GroupNormalization;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MaxPooling3D;
import io.jkeras.layers.UpSampling1D;
import io.jkeras.layers.UpSampling3D;
import io.jkeras.saving.Npz;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The layers written in ops give Keras 3.15.1's outputs (fixtures of tools/keras-crosscheck/make_ops_layers.py).
 */
class OpsLayersKerasTest {
  private static Map<String, Npz.Array> fixtures;

  @BeforeAll
  static void load() throws Exception {
    fixtures = Npz.read(Path.of(OpsLayersKerasTest.class.getResource("/ops-layers/ops_layers.npz").toURI()));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("group_normalization", (Supplier<Layer>) () -> new GroupNormalization(2)),
        Arguments.of("group_normalization_4d", (Supplier<Layer>) () -> new GroupNormalization(4)),
        Arguments.of("up_sampling1d", (Supplier<Layer>) () -> new UpSampling1D(3)),
        Arguments.of("up_sampling3d", (Supplier<Layer>) () -> new UpSampling3D(1, 2, 3)),
        Arguments.of("max_pooling3d",
            (Supplier<Layer>) () -> new MaxPooling3D(2, 2, 2).strides(1, 2, 2).padding("same")),
        Arguments.of("average_pooling3d", (Supplier<Layer>) () -> new AveragePooling3D(2, 2, 2)),
        Arguments.of("average_pooling3d_same",
            (Supplier<Layer>) () -> new AveragePooling3D(3, 3, 3).strides(2, 2, 2).padding("same")),
        Arguments.of("global_average_pooling3d", (Supplier<Layer>) GlobalAveragePooling3D::new),
        Arguments.of("global_max_pooling3d", (Supplier<Layer>) () -> new GlobalMaxPooling3D().keepdims(true)));
  }

  private static FloatNdArray nd(Npz.Array a) {
    return NdArrays.wrap(Shape.of(a.shape()), DataBuffers.of(a.floats(), true, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesKeras(String name, Supplier<Layer> layer) {
    Npz.Array x = fixtures.get(name + "/x");
    Npz.Array y = fixtures.get(name + "/y");
    long[] dims = x.shape();
    int[] in = new int[dims.length - 1];
    for (int i = 1; i < dims.length; i++) {
      in[i - 1] = (int) dims[i];
    }
    SymbolicTensor input = Input.of(in);
    Model m = Model.of(input, layer.get().apply(input));
    List<FloatNdArray> weights = new ArrayList<>();
    for (int i = 0; fixtures.containsKey(name + "/w" + i); i++) {
      weights.add(nd(fixtures.get(name + "/w" + i)));
    }
    assertEquals(weights.size(), m.weights().size(), "Keras' weight count");
    if (!weights.isEmpty()) {
      m.setWeights(weights);
    }
    FloatNdArray p = m.predict(nd(x));
    assertArrayEquals(y.shape(), p.shape().asArray(), "Keras' output shape");
    float[] got = new float[(int) p.size()];
    int[] k = {0};
    p.scalars().forEach(v -> got[k[0]++] = v.getFloat());
    for (int i = 0; i < got.length; i++) {
      assertEquals(y.floats()[i], got[i], 1e-5 * Math.max(1, Math.abs(y.floats()[i])), name + " value " + i);
    }
  }

  static Stream<Arguments> gradientCases() {
    return Stream.of(
        Arguments.of("group_normalization", new int[] {3, 4}, (Supplier<Layer>) () -> new GroupNormalization(2)),
        Arguments.of("up_sampling3d", new int[] {2, 2, 2, 1}, (Supplier<Layer>) () -> new UpSampling3D(2, 1, 2)),
        Arguments.of("average_pooling3d", new int[] {3, 3, 3, 1},
            (Supplier<Layer>) () -> new AveragePooling3D(2, 2, 2).strides(1, 1, 1)),
        Arguments.of("global_max_pooling3d", new int[] {2, 2, 2, 2}, (Supplier<Layer>) GlobalMaxPooling3D::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gradientCases")
  void gradientMatchesFiniteDifferences(String name, int[] shape, Supplier<Layer> layer) {
    SymbolicTensor input = Input.of(shape);
    Model m = Model.of(input, layer.get().apply(input));
    try (GradientCheck g = new GradientCheck(m, 2, false, 3, true)) {
      g.check(30, 1e-2, 2e-2);
    }
  }
}
