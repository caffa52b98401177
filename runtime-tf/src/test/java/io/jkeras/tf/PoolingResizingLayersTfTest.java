package io.jkeras.tf;

import static io.jkeras.tf.LayerReference.assertValues;
import static io.jkeras.tf.LayerReference.values;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.AveragePooling1D;
import io.jkeras.layers.Cropping1D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D, UpSampling2D, ZeroPadding2D,
 * Cropping2D and Cropping1D on TensorFlow: forward values against plain-Java loops, numerical gradient checks.
 */
class PoolingResizingLayersTfTest {
  private static final double TOL = 1e-5;

  private static void gradients(Model model) {
    try (GradientCheck g = new GradientCheck(model, 2, false, 9, true)) {
      g.check(16, 1e-2, 2e-2);
    }
  }

  /**
   * 1D pooling over (n, steps, f): window starts at {@code o*s - before}; max or mean over the steps inside the
   * input (TF's average pooling divides by the number of real steps).
   */
  private static float[] pool1d(float[] x, int n, int steps, int f, int pool, int s, int before, int out,
      boolean max) {
    float[] y = new float[n * out * f];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < out; o++) {
        for (int c = 0; c < f; c++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          int count = 0;
          for (int j = 0; j < pool; j++) {
            int t = o * s + j - before;
            if (t < 0 || t >= steps) {
              continue;
            }
            float v = x[(b * steps + t) * f + c];
            acc = max ? Math.max(acc, v) : acc + v;
            count++;
          }
          y[(b * out + o) * f + c] = (float) (max ? acc : acc / count);
        }
      }
    }
    return y;
  }

  @Test
  void pooling1dForwardMatchesLoops() {
    SymbolicTensor x = Input.of(7, 3);
    SymbolicTensor a = new MaxPooling1D().apply(x);                               // floor((7-2)/2)+1 = 3
    SymbolicTensor b = new MaxPooling1D(3).strides(2).padding("same").apply(x);   // ceil(7/2) = 4
    SymbolicTensor c = new AveragePooling1D(3).strides(1).apply(x);               // 5
    SymbolicTensor d = new AveragePooling1D(2).padding("same").apply(x);          // 4
    SymbolicTensor e = new GlobalAveragePooling1D().apply(x);
    SymbolicTensor f = new GlobalMaxPooling1D().keepdims(true).apply(x);
    SymbolicTensor g = new GlobalAveragePooling1D().dataFormat("channels_first").apply(x);   // (batch, 7)
    try (LayerReference ref = new LayerReference(Model.of(x, List.of(a, b, c, d, e, f, g)), 1)) {
      FloatNdArray in = ref.input(2, 7, 3);
      float[] xv = values(in);
      List<FloatNdArray> ys = ref.predict(in);
      // "same": total padding max((out-1)*s + pool - steps, 0), half of it (rounded down) before
      assertValues(new long[] {2, 3, 3}, pool1d(xv, 2, 7, 3, 2, 2, 0, 3, true), ys.get(0), TOL, "max valid");
      assertValues(new long[] {2, 4, 3}, pool1d(xv, 2, 7, 3, 3, 2, 1, 4, true), ys.get(1), TOL, "max same");
      assertValues(new long[] {2, 5, 3}, pool1d(xv, 2, 7, 3, 3, 1, 0, 5, false), ys.get(2), TOL, "avg valid");
      assertValues(new long[] {2, 4, 3}, pool1d(xv, 2, 7, 3, 2, 2, 0, 4, false), ys.get(3), TOL, "avg same");
      assertValues(new long[] {2, 3}, pool1d(xv, 2, 7, 3, 7, 1, 0, 1, false), ys.get(4), TOL, "global avg");
      assertValues(new long[] {2, 1, 3}, pool1d(xv, 2, 7, 3, 7, 1, 0, 1, true), ys.get(5), TOL, "global max");
      // channels_first reads (batch, features=7, steps=3): the mean over the last axis
      assertValues(new long[] {2, 7}, pool1d(xv, 14, 3, 1, 3, 1, 0, 1, false), ys.get(6), TOL, "channels_first");
    }
  }

  @Test
  void pooling1dGradients() {
    SymbolicTensor x = Input.of(7, 3);
    SymbolicTensor a = new MaxPooling1D(3).strides(2).padding("same").apply(x);
    SymbolicTensor b = new AveragePooling1D(2).padding("same").apply(x);
    SymbolicTensor c = new GlobalAveragePooling1D().apply(x);
    SymbolicTensor d = new GlobalMaxPooling1D().apply(x);
    gradients(Model.of(x, List.of(a, b, c, d)));
  }

  /** Bilinear resize with half-pixel centers (tf.image.resize): source {@code (o + 0.5) / scale - 0.5}. */
  private static float[] bilinear(float[] x, int n, int h, int w, int c, int sh, int sw) {
    int oh = h * sh;
    int ow = w * sw;
    float[] y = new float[n * oh * ow * c];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < oh; i++) {
        double si = (i + 0.5) / sh - 0.5;
        int i0 = (int) Math.max(Math.floor(si), 0);
        int i1 = (int) Math.min(Math.ceil(si), h - 1);
        double li = si - Math.floor(si);
        for (int j = 0; j < ow; j++) {
          double sj = (j + 0.5) / sw - 0.5;
          int j0 = (int) Math.max(Math.floor(sj), 0);
          int j1 = (int) Math.min(Math.ceil(sj), w - 1);
          double lj = sj - Math.floor(sj);
          for (int k = 0; k < c; k++) {
            double top = at(x, b, i0, j0, k, h, w, c) * (1 - lj) + at(x, b, i0, j1, k, h, w, c) * lj;
            double bottom = at(x, b, i1, j0, k, h, w, c) * (1 - lj) + at(x, b, i1, j1, k, h, w, c) * lj;
            y[((b * oh + i) * ow + j) * c + k] = (float) (top * (1 - li) + bottom * li);
          }
        }
      }
    }
    return y;
  }

  private static float at(float[] x, int b, int i, int j, int k, int h, int w, int c) {
    return x[((b * h + i) * w + j) * c + k];
  }

  /** {@code y[b, i, j, k] = x[b, i*rows... ]} for padding (negative offsets) and cropping (positive offsets). */
  private static float[] shifted(float[] x, int n, int h, int w, int c, int oh, int ow, int top, int left) {
    float[] y = new float[n * oh * ow * c];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          int si = i + top;
          int sj = j + left;
          if (si < 0 || si >= h || sj < 0 || sj >= w) {
            continue;
          }
          for (int k = 0; k < c; k++) {
            y[((b * oh + i) * ow + j) * c + k] = at(x, b, si, sj, k, h, w, c);
          }
        }
      }
    }
    return y;
  }

  @Test
  void resizingForwardMatchesLoops() {
    SymbolicTensor x = Input.of(3, 4, 2);
    SymbolicTensor nearest = new UpSampling2D(2, 3).apply(x);
    SymbolicTensor bilinear = new UpSampling2D(3, 2).interpolation("bilinear").apply(x);
    SymbolicTensor padded = new ZeroPadding2D(1, 2, 0, 3).apply(x);
    SymbolicTensor cropped = new Cropping2D(1, 0, 1, 2).apply(x);
    SymbolicTensor steps = Input.of(6, 2);
    SymbolicTensor cropped1 = new Cropping1D(2, 1).apply(steps);
    SymbolicTensor croppedStart = new Cropping1D(0, 3).apply(steps);
    Model model = Model.of(List.of(x, steps), List.of(nearest, bilinear, padded, cropped, cropped1, croppedStart));
    try (LayerReference ref = new LayerReference(model, 2)) {
      FloatNdArray in = ref.input(2, 3, 4, 2);
      FloatNdArray seq = ref.input(2, 6, 2);
      float[] xv = values(in);
      List<FloatNdArray> ys = ref.predict(in, seq);
      float[] near = new float[2 * 6 * 12 * 2];
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < 6; i++) {
          for (int j = 0; j < 12; j++) {
            for (int k = 0; k < 2; k++) {
              near[((b * 6 + i) * 12 + j) * 2 + k] = at(xv, b, i / 2, j / 3, k, 3, 4, 2);
            }
          }
        }
      }
      assertValues(new long[] {2, 6, 12, 2}, near, ys.get(0), TOL, "nearest");
      assertValues(new long[] {2, 9, 8, 2}, bilinear(xv, 2, 3, 4, 2, 3, 2), ys.get(1), TOL, "bilinear");
      assertValues(new long[] {2, 6, 7, 2}, shifted(xv, 2, 3, 4, 2, 6, 7, -1, 0), ys.get(2), TOL, "zero padding");
      assertValues(new long[] {2, 2, 1, 2}, shifted(xv, 2, 3, 4, 2, 2, 1, 1, 1), ys.get(3), TOL, "cropping2d");
      float[] sv = values(seq);
      assertValues(new long[] {2, 3, 2}, shifted(sv, 2, 6, 1, 2, 3, 1, 2, 0), ys.get(4), TOL, "cropping1d");
      assertValues(new long[] {2, 3, 2}, shifted(sv, 2, 6, 1, 2, 3, 1, 0, 0), ys.get(5), TOL, "cropping1d end");
    }
  }

  @Test
  void unknownSizesAndStaticShapes() {
    SymbolicTensor x = Input.of(-1, -1, 2);
    SymbolicTensor nearest = new UpSampling2D(2, 3).apply(x);
    SymbolicTensor bilinear = new UpSampling2D(3, 2).interpolation("bilinear").apply(x);
    SymbolicTensor cropped = new Cropping2D(1, 0, 1, 2).apply(x);
    SymbolicTensor steps = Input.of(-1, 2);
    SymbolicTensor pooled = new MaxPooling1D(2).apply(new Cropping1D(1, 0).apply(steps));
    // Flatten + Dense after each resizing layer need their static output shapes
    SymbolicTensor fixed = Input.of(3, 4, 2);
    SymbolicTensor dense = new io.jkeras.layers.Dense(2).apply(new io.jkeras.layers.Concatenate().apply(List.of(
        new io.jkeras.layers.Flatten().apply(new UpSampling2D().apply(fixed)),
        new io.jkeras.layers.Flatten().apply(new UpSampling2D().interpolation("bilinear").apply(fixed)),
        new io.jkeras.layers.Flatten().apply(new Cropping2D(1).apply(new ZeroPadding2D(1).apply(fixed))))));
    Model model = Model.of(List.of(x, steps, fixed), List.of(nearest, bilinear, cropped, pooled, dense));
    try (LayerReference ref = new LayerReference(model, 3)) {
      FloatNdArray in = ref.input(2, 3, 5, 2);
      FloatNdArray seq = ref.input(2, 7, 2);
      List<FloatNdArray> ys = ref.predict(in, seq, ref.input(2, 3, 4, 2));
      float[] xv = values(in);
      float[] near = new float[2 * 6 * 15 * 2];
      for (int b = 0; b < 2; b++) {
        for (int i = 0; i < 6; i++) {
          for (int j = 0; j < 15; j++) {
            for (int k = 0; k < 2; k++) {
              near[((b * 6 + i) * 15 + j) * 2 + k] = at(xv, b, i / 2, j / 3, k, 3, 5, 2);
            }
          }
        }
      }
      assertValues(new long[] {2, 6, 15, 2}, near, ys.get(0), TOL, "nearest");
      assertValues(new long[] {2, 9, 10, 2}, bilinear(xv, 2, 3, 5, 2, 3, 2), ys.get(1), TOL, "bilinear");
      assertValues(new long[] {2, 2, 2, 2}, shifted(xv, 2, 3, 5, 2, 2, 2, 1, 1), ys.get(2), TOL, "cropping2d");
      float[] cropped1 = shifted(values(seq), 2, 7, 1, 2, 6, 1, 1, 0);
      assertValues(new long[] {2, 3, 2}, pool1d(cropped1, 2, 6, 2, 2, 2, 0, 3, true), ys.get(3), TOL, "pool");
      org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 2}, ys.get(4).shape().asArray());
    }
    SymbolicTensor f = Input.of(3, 4, 2);
    Model known = Model.of(f, List.of(new UpSampling2D().apply(f), new UpSampling2D(3, 1).interpolation("bilinear")
        .apply(f), new Cropping2D(1, 0, 1, 2).apply(f), new ZeroPadding2D(1).apply(f)));
    org.junit.jupiter.api.Assertions.assertEquals(List.of("(None, 6, 8, 2)", "(None, 9, 4, 2)", "(None, 2, 1, 2)",
        "(None, 5, 6, 2)"), LayerReference.staticShapes(known));
    org.junit.jupiter.api.Assertions.assertEquals(List.of("(None, None, None, 2)", "(None, None, None, 2)",
        "(None, None, None, 2)", "(None, None, 2)"), LayerReference.staticShapes(Model.of(List.of(x, steps),
        List.of(nearest, bilinear, cropped, pooled))));
  }

  @Test
  void resizingGradients() {
    SymbolicTensor x = Input.of(3, 4, 2);
    SymbolicTensor a = new UpSampling2D(2, 3).apply(x);
    SymbolicTensor b = new UpSampling2D().interpolation("bilinear").apply(x);
    SymbolicTensor c = new ZeroPadding2D(1, 2, 0, 3).apply(x);
    SymbolicTensor d = new Cropping2D(1, 0, 1, 2).apply(x);
    SymbolicTensor steps = Input.of(6, 2);
    SymbolicTensor e = new Cropping1D(2, 1).apply(steps);
    gradients(Model.of(List.of(x, steps), List.of(a, b, c, d, e)));
  }
}
