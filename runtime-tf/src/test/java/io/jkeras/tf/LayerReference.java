package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Model;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Plain-Java reference computations of convolution-like layers (loops over every output element, written from
 * the definitions, independent of TF) and a harness that runs a model's forward pass with random weights.
 */
final class LayerReference implements AutoCloseable {
  private static final RuntimeOptions OPTS = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1);
  private final TfModelRuntime rt;
  private final Map<String, float[]> weights = new LinkedHashMap<>();
  final Random random;

  /** The model's runtime with every weight (biases included) set to random values. */
  LayerReference(Model model, long seed) {
    random = new Random(seed);
    rt = new TfBackend().create(model, null, OPTS);
    rt.getWeights().forEach((path, v) -> weights.put(path, randoms(v.length)));
    rt.setWeights(weights);
  }

  float[] randoms(int n) {
    float[] v = new float[n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  /** A random input of this (batch included) shape, with its values. */
  FloatNdArray input(long... dims) {
    Shape s = Shape.of(dims);
    return NdArrays.wrap(s, DataBuffers.of(randoms(Math.toIntExact(s.size()))));
  }

  float[] weight(Layer layer, String name) {
    return weights.get(layer.name() + "/" + name);
  }

  List<FloatNdArray> predict(FloatNdArray... inputs) {
    return rt.predictStep(Batch.ofInputs(List.of(inputs)));
  }

  @Override
  public void close() {
    rt.close();
  }

  static float[] values(FloatNdArray a) {
    float[] v = new float[Math.toIntExact(a.size())];
    a.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  /** Compares shape and every value. */
  static void assertValues(long[] dims, float[] expected, FloatNdArray actual, double tol, String what) {
    assertArrayEquals(dims, actual.shape().asArray(), what + ": shape");
    float[] a = values(actual);
    assertEquals(expected.length, a.length, what);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
    }
  }

  /** The static shapes TF infers for the model's outputs when it is lowered (what later layers can read). */
  static List<String> staticShapes(Model model) {
    try (org.tensorflow.Graph graph = new org.tensorflow.Graph()) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(graph);
      TfVariables vars = new TfVariables(tf, model.weights());
      List<io.jkeras.tf.lowering.Lowered> in = new ArrayList<>();
      for (var layer : model.inputLayers()) {
        in.add(io.jkeras.tf.lowering.Lowered.of(tf.placeholder(org.tensorflow.types.TFloat32.class,
            org.tensorflow.op.core.Placeholder.shape(layer.batchShape()))));
      }
      List<String> out = new ArrayList<>();
      for (var o : new ForwardPass(tf.withSubScope("f"), false, vars, 1).run(model, in)) {
        out.add(io.jkeras.util.Shapes.format(o.value().shape()));
      }
      return out;
    }
  }

  // ------------------------------------------------------------------ references

  static int prod(int[] v) {
    int p = 1;
    for (int x : v) {
      p *= x;
    }
    return p;
  }

  /** Row-major multi-index of {@code flat} in an array of {@code dims}. */
  static int[] unravel(int flat, int[] dims) {
    int[] idx = new int[dims.length];
    for (int i = dims.length - 1; i >= 0; i--) {
      idx[i] = flat % dims[i];
      flat /= dims[i];
    }
    return idx;
  }

  /** TF's "same" padding before the window along one axis: {@code max((out-1)*s + (k-1)*d + 1 - in, 0) / 2}. */
  static int sameBefore(int in, int out, int k, int s, int d) {
    return Math.max((out - 1) * s + (k - 1) * d + 1 - in, 0) / 2;
  }

  /**
   * N-d grouped convolution, channels last: {@code y[b, o, f] = bias[f] + sum_{j, c} x[b, o*s + j*d - before, g*cg
   * + c] * k[j, c, f]} with {@code g = f / (filters / groups)}; positions outside the input count as zeros.
   *
   * @param xd input dims (batch, spatial..., channels)
   * @param ks kernel spatial size; the kernel is (ks..., channels / groups, filters)
   * @param od output spatial dims
   */
  static float[] conv(float[] x, int[] xd, float[] k, int[] ks, int filters, float[] bias, int[] s, int[] d,
      int[] before, int groups, int[] od) {
    int r = ks.length;
    int n = xd[0];
    int cin = xd[r + 1];
    int cg = cin / groups;
    int fg = filters / groups;
    int positions = prod(od);
    int taps = prod(ks);
    float[] y = new float[n * positions * filters];
    for (int b = 0; b < n; b++) {
      for (int op = 0; op < positions; op++) {
        int[] o = unravel(op, od);
        for (int f = 0; f < filters; f++) {
          double acc = bias == null ? 0 : bias[f];
          int g = f / fg;
          for (int t = 0; t < taps; t++) {
            int[] j = unravel(t, ks);
            int xi = b;
            boolean inside = true;
            for (int i = 0; i < r; i++) {
              int p = o[i] * s[i] + j[i] * d[i] - before[i];
              inside &= p >= 0 && p < xd[i + 1];
              xi = xi * xd[i + 1] + p;
            }
            if (!inside) {
              continue;
            }
            for (int c = 0; c < cg; c++) {
              acc += x[xi * cin + g * cg + c] * k[(t * cg + c) * filters + f];
            }
          }
          y[(b * positions + op) * filters + f] = (float) acc;
        }
      }
    }
    return y;
  }

  /**
   * 2D transposed convolution as the input gradient of a convolution (what TF's conv_transpose computes): every
   * {@code x[b, i, c]} adds {@code x * k[j, f, c]} to {@code y[b, i*s + j*d - before, f]}.
   */
  static float[] convTranspose2d(float[] x, int[] xd, float[] k, int[] ks, int filters, float[] bias, int[] s,
      int[] d, int[] before, int[] od) {
    int n = xd[0];
    int cin = xd[3];
    float[] y = new float[n * od[0] * od[1] * filters];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < od[0] * od[1]; o++) {
        for (int f = 0; f < filters; f++) {
          y[(b * od[0] * od[1] + o) * filters + f] = bias == null ? 0 : bias[f];
        }
      }
      for (int i0 = 0; i0 < xd[1]; i0++) {
        for (int i1 = 0; i1 < xd[2]; i1++) {
          for (int j0 = 0; j0 < ks[0]; j0++) {
            for (int j1 = 0; j1 < ks[1]; j1++) {
              int o0 = i0 * s[0] + j0 * d[0] - before[0];
              int o1 = i1 * s[1] + j1 * d[1] - before[1];
              if (o0 < 0 || o0 >= od[0] || o1 < 0 || o1 >= od[1]) {
                continue;
              }
              for (int c = 0; c < cin; c++) {
                float v = x[((b * xd[1] + i0) * xd[2] + i1) * cin + c];
                for (int f = 0; f < filters; f++) {
                  y[((b * od[0] + o0) * od[1] + o1) * filters + f] += v * k[((j0 * ks[1] + j1) * filters + f) * cin + c];
                }
              }
            }
          }
        }
      }
    }
    return y;
  }

  /** Applies an activation elementwise ({@code linear} or {@code relu}). */
  static float[] activate(String activation, float[] v) {
    float[] out = v.clone();
    if (activation.equals("relu")) {
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.max(0, out[i]);
      }
    }
    return out;
  }

  static int[] ints(long... v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.toIntExact(v[i]);
    }
    return out;
  }

  static List<float[]> list(float[]... v) {
    return new ArrayList<>(List.of(v));
  }
}
