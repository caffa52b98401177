package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dot;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Subtract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merging layers' lowerings: forward values against the maths written out here (Keras' broadcasting of
 * lower-rank inputs; {@code batch_dot} by explicit sums) and numerical gradient checks.
 */
class MergingLayersTfTest {

  @Test
  void elementwiseMergesBroadcastLikeKeras() {
    SymbolicTensor a = Input.of(3, 4);
    SymbolicTensor b = Input.of(1, 4);
    SymbolicTensor c = Input.of(4); // expanded to (batch, 1, 4) as Keras' Merge.call does
    List<SymbolicTensor> outs = List.of(
        new Multiply().apply(a, b, c),
        new Subtract().apply(a, b),
        new Average().apply(a, b, c),
        new Maximum().apply(a, c),
        new Minimum().apply(b, a),
        new Add().apply(c, a));
    Model model = Model.of(List.of(a, b, c), outs);
    try (GradientCheck g = new GradientCheck(model, 2, false, 3)) {
      float[] av = g.inputValues().get(0);
      float[] bv = g.inputValues().get(1);
      float[] cv = g.inputValues().get(2);
      List<float[]> got = new ArrayList<>();
      for (int k = 0; k < outs.size(); k++) {
        got.add(g.output(k));
        assertEquals(2 * 3 * 4, got.get(k).length);
      }
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 4; j++) {
            int o = n * 12 + i * 4 + j;
            double x = av[o];
            double y = bv[n * 4 + j];
            double z = cv[n * 4 + j];
            assertEquals(x * y * z, got.get(0)[o], 1e-6, "multiply");
            assertEquals(x - y, got.get(1)[o], 1e-6, "subtract");
            assertEquals((x + y + z) / 3, got.get(2)[o], 1e-6, "average");
            assertEquals(Math.max(x, z), got.get(3)[o], 0, "maximum");
            assertEquals(Math.min(y, x), got.get(4)[o], 0, "minimum");
            assertEquals(z + x, got.get(5)[o], 1e-6, "add");
          }
        }
      }
      // A small step: maximum/minimum have kinks where two inputs are equal.
      g.check(12, 1e-3, 2e-2);
    }
  }

  @Test
  void mergesTrainInsideANetwork() {
    SymbolicTensor x = Input.of(6);
    SymbolicTensor h1 = new Dense(4).activation("tanh").apply(x);
    SymbolicTensor h2 = new Dense(4).activation("tanh").apply(x);
    SymbolicTensor m = new Multiply().apply(h1, h2);
    SymbolicTensor s = new Subtract().apply(m, new Average().apply(h1, h2));
    try (GradientCheck g = new GradientCheck(Model.of(x, new Dense(2).apply(s)), 3, false, 5)) {
      g.check(12, 1e-2, 2e-2);
    }
  }

  /**
   * Keras' batch_dot by explicit sums: for every sample, every index of x without its axis {@code ax} and of y
   * without {@code ay} (shapes without the batch), {@code sum_k x[.., k, ..] * y[.., k, ..]}, in row-major
   * order; divided by both norms with {@code normalize}.
   */
  static float[] batchDot(float[] x, int[] xs, int ax, float[] y, int[] ys, int ay, int batch, boolean normalize) {
    int xn = size(xs);
    int yn = size(ys);
    int[] xst = strides(xs);
    int[] yst = strides(ys);
    List<Integer> xBase = basesWithout(xs, xst, ax);
    List<Integer> yBase = basesWithout(ys, yst, ay);
    float[] out = new float[batch * xBase.size() * yBase.size()];
    int idx = 0;
    for (int b = 0; b < batch; b++) {
      for (int xi : xBase) {
        for (int yi : yBase) {
          double s = 0;
          double nx = 0;
          double ny = 0;
          for (int k = 0; k < xs[ax]; k++) {
            double xv = x[b * xn + xi + k * xst[ax]];
            double yv = y[b * yn + yi + k * yst[ay]];
            s += xv * yv;
            nx += xv * xv;
            ny += yv * yv;
          }
          out[idx++] = (float) (normalize ? s / Math.sqrt(nx) / Math.sqrt(ny) : s);
        }
      }
    }
    return out;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /** Offsets of every index whose coordinate {@code axis} is 0, in row-major order of the other axes. */
  private static List<Integer> basesWithout(int[] shape, int[] strides, int axis) {
    List<Integer> out = new ArrayList<>();
    for (int f = 0; f < size(shape); f++) {
      if ((f / strides[axis]) % shape[axis] == 0) {
        out.add(f);
      }
    }
    return out;
  }

  @Test
  void dotIsKerasBatchDot() {
    SymbolicTensor v1 = Input.of(5);
    SymbolicTensor v2 = Input.of(5);
    SymbolicTensor m1 = Input.of(3, 4);
    SymbolicTensor m2 = Input.of(5, 4);
    SymbolicTensor m3 = Input.of(4, 5);
    SymbolicTensor t = Input.of(2, 3, 4);
    List<SymbolicTensor> outs = List.of(
        new Dot(1).apply(v1, v2),                        // (None, 1)
        new Dot(1).normalize(true).apply(v1, v2),        // cosine similarity, (None, 1)
        new Dot(-1).apply(m1, m2),                       // (None, 3, 5)
        new Dot(1, 2).apply(m2, m3),                     // (None, 4, 4)
        new Dot(1, 1).apply(v1, m2),                     // (None, 4)
        new Dot(3, 1).apply(t, m3),                      // (None, 2, 3, 5)
        new Dot(2, 2).normalize(true).apply(m1, m2));    // (None, 3, 5)
    Model model = Model.of(List.of(v1, v2, m1, m2, m3, t), outs);
    int batch = 2;
    try (GradientCheck g = new GradientCheck(model, batch, false, 9)) {
      List<float[]> in = g.inputValues();
      float[][] expected = {
          batchDot(in.get(0), new int[] {5}, 0, in.get(1), new int[] {5}, 0, batch, false),
          batchDot(in.get(0), new int[] {5}, 0, in.get(1), new int[] {5}, 0, batch, true),
          batchDot(in.get(2), new int[] {3, 4}, 1, in.get(3), new int[] {5, 4}, 1, batch, false),
          batchDot(in.get(3), new int[] {5, 4}, 0, in.get(4), new int[] {4, 5}, 1, batch, false),
          batchDot(in.get(0), new int[] {5}, 0, in.get(3), new int[] {5, 4}, 0, batch, false),
          batchDot(in.get(5), new int[] {2, 3, 4}, 2, in.get(4), new int[] {4, 5}, 0, batch, false),
          batchDot(in.get(2), new int[] {3, 4}, 1, in.get(3), new int[] {5, 4}, 1, batch, true)};
      long[] sizes = {1, 1, 15, 16, 4, 30, 15};
      for (int k = 0; k < outs.size(); k++) {
        float[] got = g.output(k);
        assertEquals(batch * sizes[k], got.length, "output " + k);
        assertEquals(batch * sizes[k], expected[k].length, "reference " + k);
        for (int i = 0; i < got.length; i++) {
          assertEquals(expected[k][i], got[i], 1e-5 * Math.max(1, Math.abs(expected[k][i])), "output " + k + "[" + i + "]");
        }
      }
      g.check(12, 1e-2, 2e-2);
    }
  }
}
