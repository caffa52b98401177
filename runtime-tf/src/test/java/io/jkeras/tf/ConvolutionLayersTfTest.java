package io.jkeras.tf;

import static io.jkeras.tf.LayerReference.assertValues;
import static io.jkeras.tf.LayerReference.conv;
import static io.jkeras.tf.LayerReference.convTranspose2d;
import static io.jkeras.tf.LayerReference.ints;
import static io.jkeras.tf.LayerReference.sameBefore;
import static io.jkeras.tf.LayerReference.values;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Conv1D;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Conv3D;
import io.jkeras.layers.DepthwiseConv2D;
import io.jkeras.layers.Layer;
import io.jkeras.layers.SeparableConv2D;
import io.jkeras.tf.lowering.BaseConvLowering;
import io.jkeras.tf.lowering.Conv2DLowering;
import io.jkeras.tf.lowering.LayerLowerings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Conv1D, Conv3D, Conv2DTranspose, DepthwiseConv2D and SeparableConv2D on TensorFlow: forward values against
 * plain-Java loops written from the definitions (TF's padding rule for "same"), and numerical gradient checks.
 */
class ConvolutionLayersTfTest {
  private static final double TOL = 1e-4;

  private static void gradients(Model model) {
    try (GradientCheck g = new GradientCheck(model, 2, false, 5)) {
      g.check(12, 1e-2, 2e-2);
    }
  }

  /** Output shapes of a model's outputs, batch {@code n}. */
  private static int[] outDims(SymbolicTensor t) {
    long[] d = t.shape().asArray();
    return ints(java.util.Arrays.copyOfRange(d, 1, d.length - 1));
  }

  private static long[] withBatch(int n, int[] spatial, int channels) {
    long[] out = new long[spatial.length + 2];
    out[0] = n;
    for (int i = 0; i < spatial.length; i++) {
      out[i + 1] = spatial[i];
    }
    out[spatial.length + 1] = channels;
    return out;
  }

  // ------------------------------------------------------------------ Conv1D

  /** Conv2D is a BaseConv but keeps its own lowering: the registration for its exact class wins. */
  @Test
  void conv2dKeepsItsOwnLoweringAsABaseConv() {
    assertInstanceOf(Conv2DLowering.class, LayerLowerings.find(new Conv2D(2, 3)).orElseThrow());
    assertInstanceOf(BaseConvLowering.class, LayerLowerings.find(new Conv1D(2, 3)).orElseThrow());
  }

  @Test
  void conv1dForwardMatchesLoops() {
    SymbolicTensor x = Input.of(7, 3);
    Conv1D valid = new Conv1D(4, 3);
    Conv1D same = new Conv1D(4, 3).strides(2).padding("same");
    Conv1D causal = new Conv1D(2, 3).padding("causal").dilationRate(2).activation("relu");
    Conv1D grouped = new Conv1D(6, 2).groups(3).padding("same").useBias(false);
    Conv1D dilatedSame = new Conv1D(3, 3).dilationRate(2).padding("same");
    List<Conv1D> layers = List.of(valid, same, causal, grouped, dilatedSame);
    List<SymbolicTensor> outs = new ArrayList<>();
    layers.forEach(l -> outs.add(l.apply(x)));
    // Keras: valid 7-3+1 = 5; same ceil(7/2) = 4; causal and same keep 7
    int[][] expectedSteps = {{5}, {4}, {7}, {7}, {7}};
    int[] before = {0, sameBefore(7, 4, 3, 2, 1), 2 * (3 - 1), sameBefore(7, 7, 2, 1, 1), sameBefore(7, 7, 3, 1, 2)};
    try (LayerReference ref = new LayerReference(Model.of(x, outs), 1)) {
      FloatNdArray in = ref.input(2, 7, 3);
      List<FloatNdArray> ys = ref.predict(in);
      for (int i = 0; i < layers.size(); i++) {
        Conv1D l = layers.get(i);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expectedSteps[i], outDims(outs.get(i)), l.name());
        float[] y = conv(values(in), new int[] {2, 7, 3}, ref.weight(l, "kernel"), l.kernelSize(), l.filters(),
            l.useBias() ? ref.weight(l, "bias") : null, l.strides(), l.dilationRate(), new int[] {before[i]},
            l.groups(), expectedSteps[i]);
        assertValues(withBatch(2, expectedSteps[i], l.filters()), LayerReference.activate(l.activation(), y),
            ys.get(i), TOL, l.name());
      }
    }
  }

  @Test
  void conv1dGradients() {
    SymbolicTensor x = Input.of(7, 3);
    SymbolicTensor a = new Conv1D(4, 3).strides(2).padding("same").apply(x);
    SymbolicTensor b = new Conv1D(2, 3).padding("causal").dilationRate(2).apply(x);
    SymbolicTensor c = new Conv1D(6, 2).groups(3).apply(x);
    gradients(Model.of(x, List.of(a, b, c)));
  }

  // ------------------------------------------------------------------ Conv3D

  @Test
  void conv3dForwardMatchesLoops() {
    SymbolicTensor x = Input.of(4, 5, 4, 2);
    Conv3D valid = new Conv3D(3, 2);
    Conv3D same = new Conv3D(4, 2, 3, 3).strides(2).padding("same");
    Conv3D groupedDilated = new Conv3D(4, 3).dilationRate(1, 2, 1).padding("same").groups(2);
    Conv3D dilated = new Conv3D(2, 2).dilationRate(2).activation("relu");
    List<Conv3D> layers = List.of(valid, same, groupedDilated, dilated);
    List<SymbolicTensor> outs = new ArrayList<>();
    layers.forEach(l -> outs.add(l.apply(x)));
    int[][] expected = {{3, 4, 3}, {2, 3, 2}, {4, 5, 4}, {2, 3, 2}};
    int[][] before = {{0, 0, 0},
        {sameBefore(4, 2, 2, 2, 1), sameBefore(5, 3, 3, 2, 1), sameBefore(4, 2, 3, 2, 1)},
        {sameBefore(4, 4, 3, 1, 1), sameBefore(5, 5, 3, 1, 2), sameBefore(4, 4, 3, 1, 1)}, {0, 0, 0}};
    try (LayerReference ref = new LayerReference(Model.of(x, outs), 2)) {
      FloatNdArray in = ref.input(2, 4, 5, 4, 2);
      List<FloatNdArray> ys = ref.predict(in);
      for (int i = 0; i < layers.size(); i++) {
        Conv3D l = layers.get(i);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i], outDims(outs.get(i)), l.name());
        float[] y = conv(values(in), new int[] {2, 4, 5, 4, 2}, ref.weight(l, "kernel"), l.kernelSize(),
            l.filters(), ref.weight(l, "bias"), l.strides(), l.dilationRate(), before[i], l.groups(), expected[i]);
        assertValues(withBatch(2, expected[i], l.filters()), LayerReference.activate(l.activation(), y),
            ys.get(i), TOL, l.name());
      }
    }
  }

  @Test
  void conv3dGradients() {
    SymbolicTensor x = Input.of(3, 4, 3, 2);
    SymbolicTensor a = new Conv3D(2, 2).strides(2).padding("same").apply(x);
    SymbolicTensor b = new Conv3D(2, 2).dilationRate(2).padding("same").groups(2).apply(x);
    gradients(Model.of(x, List.of(a, b)));
  }

  // ------------------------------------------------------------------ Conv2DTranspose

  /** TF's pad-before of the convolution whose input gradient a transposed convolution is. */
  private static int transposeBefore(boolean same, int in, int out, int k, int s, int d) {
    return same ? Math.max((in - 1) * s + (k - 1) * d + 1 - out, 0) / 2 : 0;
  }

  @Test
  void conv2dTransposeForwardMatchesLoops() {
    SymbolicTensor x = Input.of(3, 4, 2);
    Conv2DTranspose plain = new Conv2DTranspose(3, 3);
    Conv2DTranspose same = new Conv2DTranspose(3, 3).strides(2).padding("same");
    Conv2DTranspose uneven = new Conv2DTranspose(2, 3, 2).strides(2, 3);
    Conv2DTranspose outPad = new Conv2DTranspose(2, 3).strides(2).outputPadding(1, 0).padding("same");
    Conv2DTranspose dilated = new Conv2DTranspose(2, 2).dilationRate(2).activation("relu");
    Conv2DTranspose dilatedSame = new Conv2DTranspose(2, 2).dilationRate(2).padding("same");
    List<Conv2DTranspose> layers = List.of(plain, same, uneven, outPad, dilated, dilatedSame);
    List<SymbolicTensor> outs = new ArrayList<>();
    layers.forEach(l -> outs.add(l.apply(x)));
    // Keras: valid (in-1)*s + max(k_eff, s); same in*s; output_padding p: (in-1)*s + k_eff%2 + p (same)
    int[][] expected = {{5, 6}, {6, 8}, {7, 12}, {6, 7}, {5, 6}, {3, 4}};
    try (LayerReference ref = new LayerReference(Model.of(x, outs), 3)) {
      FloatNdArray in = ref.input(2, 3, 4, 2);
      List<FloatNdArray> ys = ref.predict(in);
      for (int i = 0; i < layers.size(); i++) {
        Conv2DTranspose l = layers.get(i);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i], outDims(outs.get(i)), l.name());
        boolean isSame = l.padding() == io.jkeras.layers.Padding.SAME;
        int[] k = l.kernelSize();
        int[] s = l.strides();
        int[] d = l.dilationRate();
        int[] before = {transposeBefore(isSame, 3, expected[i][0], k[0], s[0], d[0]),
            transposeBefore(isSame, 4, expected[i][1], k[1], s[1], d[1])};
        float[] y = convTranspose2d(values(in), new int[] {2, 3, 4, 2}, ref.weight(l, "kernel"), k, l.filters(),
            ref.weight(l, "bias"), s, d, before, expected[i]);
        assertValues(withBatch(2, expected[i], l.filters()), LayerReference.activate(l.activation(), y),
            ys.get(i), TOL, l.name());
      }
    }
  }

  @Test
  void conv2dTransposeGradients() {
    SymbolicTensor x = Input.of(3, 4, 2);
    SymbolicTensor a = new Conv2DTranspose(2, 3).strides(2).padding("same").apply(x);
    SymbolicTensor b = new Conv2DTranspose(2, 3).strides(2).outputPadding(1, 1).apply(x);
    SymbolicTensor c = new Conv2DTranspose(2, 2).dilationRate(2).padding("same").apply(x);
    gradients(Model.of(x, List.of(a, b, c)));
  }

  @Test
  void unknownSpatialSizesAndStaticShapes() {
    SymbolicTensor seq = Input.of(-1, 3);
    Conv1D causal = new Conv1D(2, 3).padding("causal");
    Conv1D strided = new Conv1D(2, 3).strides(2).padding("same");
    SymbolicTensor image = Input.of(-1, -1, 2);
    Conv2DTranspose t = new Conv2DTranspose(3, 3).strides(2).padding("same").outputPadding(1, 0);
    Conv2DTranspose v = new Conv2DTranspose(2, 2).strides(3);
    SymbolicTensor fixed = Input.of(3, 4, 2);
    // a Flatten + Dense after a transposed convolution needs its static output shape
    SymbolicTensor dense = new io.jkeras.layers.Dense(2).apply(
        new io.jkeras.layers.Flatten().apply(new Conv2DTranspose(2, 3).strides(2).apply(fixed)));
    Model model = Model.of(List.of(seq, image, fixed),
        List.of(causal.apply(seq), strided.apply(seq), t.apply(image), v.apply(image), dense));
    try (LayerReference ref = new LayerReference(model, 6)) {
      FloatNdArray s = ref.input(2, 9, 3);
      FloatNdArray im = ref.input(2, 3, 5, 2);
      List<FloatNdArray> ys = ref.predict(s, im, ref.input(2, 3, 4, 2));
      assertValues(new long[] {2, 9, 2}, conv(values(s), new int[] {2, 9, 3}, ref.weight(causal, "kernel"),
          new int[] {3}, 2, ref.weight(causal, "bias"), new int[] {1}, new int[] {1}, new int[] {2}, 1,
          new int[] {9}), ys.get(0), TOL, "causal");
      assertValues(new long[] {2, 5, 2}, conv(values(s), new int[] {2, 9, 3}, ref.weight(strided, "kernel"),
          new int[] {3}, 2, ref.weight(strided, "bias"), new int[] {2}, new int[] {1},
          new int[] {sameBefore(9, 5, 3, 2, 1)}, 1, new int[] {5}), ys.get(1), TOL, "strided");
      // (3 - 1) * 2 + 3 % 2 + 1 = 6 rows, (5 - 1) * 2 + 1 + 0 = 9 cols; valid k=2, s=3: (n - 1) * 3 + 3
      int[] od = {6, 9};
      int[] before = {transposeBefore(true, 3, 6, 3, 2, 1), transposeBefore(true, 5, 9, 3, 2, 1)};
      assertValues(new long[] {2, 6, 9, 3}, convTranspose2d(values(im), new int[] {2, 3, 5, 2},
          ref.weight(t, "kernel"), new int[] {3, 3}, 3, ref.weight(t, "bias"), new int[] {2, 2},
          new int[] {1, 1}, before, od), ys.get(2), TOL, "transpose same");
      assertValues(new long[] {2, 9, 15, 2}, convTranspose2d(values(im), new int[] {2, 3, 5, 2},
          ref.weight(v, "kernel"), new int[] {2, 2}, 2, ref.weight(v, "bias"), new int[] {3, 3},
          new int[] {1, 1}, new int[] {0, 0}, new int[] {9, 15}), ys.get(3), TOL, "transpose valid");
      org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 2}, ys.get(4).shape().asArray());
    }
    SymbolicTensor f = Input.of(3, 4, 2);
    Model known = Model.of(f, List.of(new Conv2DTranspose(2, 3).strides(2).apply(f),
        new Conv2DTranspose(2, 3).strides(2).padding("same").outputPadding(1, 0).apply(f),
        new Conv2DTranspose(2, 2).dilationRate(2).apply(f), new DepthwiseConv2D(2).depthMultiplier(2).apply(f)));
    org.junit.jupiter.api.Assertions.assertEquals(List.of("(None, 7, 9, 2)", "(None, 6, 7, 2)", "(None, 5, 6, 2)",
        "(None, 2, 3, 4)"), LayerReference.staticShapes(known));
    SymbolicTensor u = Input.of(-1, -1, 2);
    SymbolicTensor w = Input.of(-1, 3);
    Model unknown = Model.of(List.of(u, w), List.of(new Conv2DTranspose(3, 3).strides(2).apply(u),
        new Conv1D(4, 3).padding("causal").apply(w), new SeparableConv2D(5, 3).apply(u)));
    org.junit.jupiter.api.Assertions.assertEquals(List.of("(None, None, None, 3)", "(None, None, 4)",
        "(None, None, None, 5)"), LayerReference.staticShapes(unknown));
  }

  // ------------------------------------------------------------------ DepthwiseConv2D and SeparableConv2D

  /**
   * The depthwise step as a grouped convolution with one group per input channel: kernel (kh, kw, c, m) has the
   * memory layout of a grouped kernel (kh, kw, 1, c * m), output channel {@code c * m + i}.
   */
  private static float[] depthwise(float[] x, int[] xd, float[] k, int[] ks, int multiplier, float[] bias,
      int[] s, int[] d, int[] before, int[] od) {
    int c = xd[3];
    return conv(x, xd, k, ks, c * multiplier, bias, s, d, before, c, od);
  }

  @Test
  void depthwiseAndSeparableForwardMatchLoops() {
    SymbolicTensor x = Input.of(5, 6, 3);
    DepthwiseConv2D d1 = new DepthwiseConv2D(3);
    DepthwiseConv2D d2 = new DepthwiseConv2D(2, 3).depthMultiplier(2).strides(2).padding("same");
    DepthwiseConv2D d3 = new DepthwiseConv2D(3).dilationRate(2).padding("same").depthMultiplier(2);
    SeparableConv2D s1 = new SeparableConv2D(4, 3).depthMultiplier(2).padding("same").activation("relu");
    SeparableConv2D s2 = new SeparableConv2D(2, 2).strides(2);
    SeparableConv2D s3 = new SeparableConv2D(3, 2).dilationRate(2);
    List<Layer> layers = List.of(d1, d2, d3, s1, s2, s3);
    List<SymbolicTensor> outs = new ArrayList<>();
    layers.forEach(l -> outs.add(l.apply(x)));
    int[][] expected = {{3, 4}, {3, 3}, {5, 6}, {5, 6}, {2, 3}, {3, 4}};
    int[] channels = {3, 6, 6, 4, 2, 3};
    try (LayerReference ref = new LayerReference(Model.of(x, outs), 4)) {
      FloatNdArray in = ref.input(2, 5, 6, 3);
      float[] xv = values(in);
      int[] xd = {2, 5, 6, 3};
      List<FloatNdArray> ys = ref.predict(in);
      for (int i = 0; i < layers.size(); i++) {
        Layer layer = layers.get(i);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i], outDims(outs.get(i)), layer.name());
        io.jkeras.layers.BaseDepthwiseConv2D<?> l = (io.jkeras.layers.BaseDepthwiseConv2D<?>) layer;
        int[] k = l.kernelSize();
        int[] s = l.strides();
        int[] d = l.dilationRate();
        boolean same = l.padding() == io.jkeras.layers.Padding.SAME;
        int[] before = same
            ? new int[] {sameBefore(5, expected[i][0], k[0], s[0], d[0]), sameBefore(6, expected[i][1], k[1], s[1],
                d[1])}
            : new int[] {0, 0};
        float[] y;
        if (l instanceof SeparableConv2D sep) {
          float[] mid = depthwise(xv, xd, ref.weight(l, "depthwise_kernel"), k, l.depthMultiplier(), null, s, d,
              before, expected[i]);
          int[] md = {2, expected[i][0], expected[i][1], 3 * l.depthMultiplier()};
          y = conv(mid, md, ref.weight(l, "pointwise_kernel"), new int[] {1, 1}, sep.filters(),
              ref.weight(l, "bias"), new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0}, 1, expected[i]);
        } else {
          y = depthwise(xv, xd, ref.weight(l, "kernel"), k, l.depthMultiplier(), ref.weight(l, "bias"), s, d,
              before, expected[i]);
        }
        assertValues(withBatch(2, expected[i], channels[i]), LayerReference.activate(l.activation(), y),
            ys.get(i), TOL, l.name());
      }
    }
  }

  @Test
  void depthwiseAndSeparableGradients() {
    SymbolicTensor x = Input.of(5, 6, 3);
    SymbolicTensor a = new DepthwiseConv2D(2, 3).depthMultiplier(2).strides(2).padding("same").apply(x);
    SymbolicTensor b = new DepthwiseConv2D(3).dilationRate(2).padding("same").apply(x);
    SymbolicTensor c = new SeparableConv2D(4, 3).depthMultiplier(2).padding("same").apply(x);
    SymbolicTensor e = new SeparableConv2D(3, 2).dilationRate(2).apply(x);
    gradients(Model.of(x, List.of(a, b, c, e)));
  }
}
