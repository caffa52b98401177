package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GaussianDropout;
import io.jkeras.layers.GaussianNoise;
import io.jkeras.layers.Permute;
import io.jkeras.layers.RepeatVector;
import io.jkeras.layers.Rescaling;
import io.jkeras.layers.SpatialDropout1D;
import io.jkeras.layers.SpatialDropout2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Permute, RepeatVector, Rescaling and the training-only noise layers (SpatialDropout1D/2D, GaussianNoise,
 * GaussianDropout): values against index arithmetic and Keras' formulas, the identity at inference, the noise's
 * statistics and sharing in training, and numerical gradients.
 */
class ReshapingNoiseLayersTfTest {
  private static final RuntimeOptions OPTS = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1);

  @Test
  void permuteRepeatVectorAndRescalingValues() {
    SymbolicTensor t = Input.of(2, 3, 4);
    SymbolicTensor v = Input.of(4);
    Model model = Model.of(List.of(t, v), List.of(
        new Permute(3, 1, 2).apply(t),                 // (None, 4, 2, 3)
        new RepeatVector(3).apply(v),                  // (None, 3, 4)
        new Rescaling(1 / 127.5, -1).apply(t)));       // x / 127.5 - 1
    try (GradientCheck g = new GradientCheck(model, 2, false, 17)) {
      float[] tv = g.inputValues().get(0);
      float[] vv = g.inputValues().get(1);
      float[] p = g.output(0);
      float[] r = g.output(1);
      float[] s = g.output(2);
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 3; j++) {
            for (int k = 0; k < 4; k++) {
              float x = tv[n * 24 + i * 12 + j * 4 + k];
              // output[n, k, i, j] = input[n, i, j, k]
              assertEquals(x, p[n * 24 + k * 6 + i * 3 + j], 0f);
              assertEquals(x / 127.5 - 1, s[n * 24 + i * 12 + j * 4 + k], 1e-6);
            }
          }
        }
        for (int rep = 0; rep < 3; rep++) {
          for (int k = 0; k < 4; k++) {
            assertEquals(vv[n * 4 + k], r[n * 12 + rep * 4 + k], 0f);
          }
        }
      }
      g.check(12, 1e-2, 2e-2);
    }
  }

  @Test
  void rescalingTakesIntegerInputs() {
    SymbolicTensor x = Input.builder(3).dtype(io.jkeras.DType.INT32).build();
    Model model = Model.of(x, new Rescaling(0.5, 2).apply(x));
    try (TfModelRuntime rt = new TfBackend().create(model, null, OPTS)) {
      FloatNdArray y = rt.predictStep(Batch.ofInputs(List.of(
          NdArrays.wrap(Shape.of(1, 3), DataBuffers.of(new int[] {0, 7, 255}))))).get(0);
      assertEquals(2f, y.getFloat(0, 0));
      assertEquals(5.5f, y.getFloat(0, 1));
      assertEquals(129.5f, y.getFloat(0, 2));
    }
  }

  /** The model of every noise layer on its own input. */
  private static Model noiseModel() {
    SymbolicTensor seq = Input.of(50, 8);
    SymbolicTensor img = Input.of(6, 5, 8);
    SymbolicTensor img2 = Input.of(8, 6, 5);
    SymbolicTensor flat = Input.of(4000);
    return Model.of(List.of(seq, img, img2, flat), List.of(
        new SpatialDropout1D(0.5).apply(seq),
        new SpatialDropout2D(0.5).seed(3).apply(img),
        new SpatialDropout2D(0.5).dataFormat("channels_first").apply(img2),
        new GaussianNoise(0.5).apply(flat),
        new GaussianDropout(0.2).apply(flat)));
  }

  @Test
  void noiseLayersAreTheIdentityAtInference() {
    Model model = noiseModel();
    Random r = new Random(1);
    List<FloatNdArray> inputs = new ArrayList<>();
    for (var layer : model.inputLayers()) {
      long[] dims = layer.batchShape().asArray();
      dims[0] = 3;
      inputs.add(TfModelRuntimeTest.randomFloats(r, dims));
    }
    try (TfModelRuntime rt = new TfBackend().create(model, null, OPTS)) {
      List<FloatNdArray> outputs = rt.predictStep(Batch.ofInputs(inputs));
      int[] source = {0, 1, 2, 3, 3};
      for (int k = 0; k < outputs.size(); k++) {
        assertEquals(inputs.get(source[k]), outputs.get(k), "output " + k + " is not its input");
      }
    }
  }

  @Test
  void noiseInTrainingFollowsKerasAndSharesSpatialMasks() {
    Model model = noiseModel();
    try (GradientCheck g = new GradientCheck(model, 3, true, 21)) {
      // SpatialDropout: per (sample, channel) all positions are dropped or all kept and doubled.
      checkSpatial(g.inputValues().get(0), g.output(0), 3, 50, 8, false);
      checkSpatial(g.inputValues().get(1), g.output(1), 3, 30, 8, false);
      checkSpatial(g.inputValues().get(2), g.output(2), 3, 30, 8, true);
      float[] x = g.inputValues().get(3);
      float[] noisy = g.output(3);
      float[] scaled = g.output(4);
      double sum = 0;
      double sq = 0;
      double ratioSum = 0;
      double ratioSq = 0;
      int n = 0;
      for (int i = 0; i < x.length; i++) {
        double d = noisy[i] - x[i];
        sum += d;
        sq += d * d;
        if (Math.abs(x[i]) > 0.1) {
          double ratio = scaled[i] / x[i];
          ratioSum += ratio;
          ratioSq += ratio * ratio;
          n++;
        }
      }
      // GaussianNoise(0.5): additive N(0, 0.5^2); 12,000 draws.
      double mean = sum / x.length;
      double std = Math.sqrt(sq / x.length - mean * mean);
      assertEquals(0, mean, 0.03);
      assertEquals(0.5, std, 0.02);
      // GaussianDropout(0.2): multiplicative N(1, 0.2 / 0.8).
      double rMean = ratioSum / n;
      double rStd = Math.sqrt(ratioSq / n - rMean * rMean);
      assertEquals(1, rMean, 0.03);
      assertEquals(Math.sqrt(0.2 / 0.8), rStd, 0.02);
      g.check(12, 1e-2, 2e-2);
    }
  }

  /** Shape (batch, positions, channels), or (batch, channels, positions) with channels first. */
  private static void checkSpatial(float[] x, float[] y, int batch, int positions, int channels,
      boolean channelsFirst) {
    int dropped = 0;
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        Boolean kept = null;
        for (int p = 0; p < positions; p++) {
          int i = channelsFirst ? b * channels * positions + c * positions + p
              : b * positions * channels + p * channels + c;
          boolean isKept = y[i] != 0f;
          if (kept == null) {
            kept = isKept;
          }
          assertEquals(kept, isKept, "sample " + b + " channel " + c + " is partly dropped");
          if (isKept) {
            assertEquals(2 * x[i], y[i], 1e-6);
          }
        }
        dropped += kept ? 0 : 1;
      }
    }
    // rate 0.5 of 24 channel maps: some but not all are dropped
    assertTrue(dropped > 2 && dropped < batch * channels - 2, "dropped " + dropped + " of " + batch * channels);
  }

  @Test
  void gradientsThroughPermuteAndRepeat() {
    SymbolicTensor x = Input.of(3, 4);
    SymbolicTensor p = new Permute(2, 1).apply(new Dense(5).apply(x));
    SymbolicTensor r = new RepeatVector(2).apply(new Dense(3).apply(new io.jkeras.layers.Flatten().apply(p)));
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(p, r)), 2, false, 4)) {
      assertArrayEquals(new int[] {2 * 5 * 3, 2 * 2 * 3}, new int[] {g.output(0).length, g.output(1).length});
      g.check(12, 1e-2, 2e-2);
    }
  }

  @Test
  void everyNewLayerTrainsThroughTheRuntime() {
    SymbolicTensor seq = Input.of(6, 4);
    SymbolicTensor h = new io.jkeras.layers.Rescaling(0.5, 0.1).apply(seq);
    h = new GaussianNoise(0.1).apply(new SpatialDropout1D(0.2).apply(h));
    h = new io.jkeras.layers.PReLU().sharedAxes(1).apply(new Dense(4).apply(h));
    SymbolicTensor p = new Permute(2, 1).apply(h);                                  // (None, 4, 6)
    SymbolicTensor att = new io.jkeras.layers.Softmax().apply(new io.jkeras.layers.Dot(2).apply(h, h)); // (6, 6)
    SymbolicTensor mixed = new io.jkeras.layers.Dot(2, 1).apply(att, h);           // (None, 6, 4)
    SymbolicTensor m = new io.jkeras.layers.Multiply().apply(mixed, new GaussianDropout(0.1).apply(h));
    SymbolicTensor flat = new io.jkeras.layers.Flatten().apply(new io.jkeras.layers.Maximum().apply(
        new io.jkeras.layers.Subtract().apply(m, new Dense(4).apply(new io.jkeras.layers.Flatten().apply(p))),
        new io.jkeras.layers.Average().apply(m, mixed)));
    SymbolicTensor r = new RepeatVector(2).apply(new io.jkeras.layers.ELU(0.5).apply(new Dense(3).apply(flat)));
    SymbolicTensor out = new Dense(1).apply(new io.jkeras.layers.Flatten().apply(
        new io.jkeras.layers.LeakyReLU().apply(new io.jkeras.layers.ReLU().maxValue(6.0).apply(r))));
    Model model = Model.of(seq, out);
    Random rnd = new Random(2);
    FloatNdArray xs = TfModelRuntimeTest.randomFloats(rnd, 32, 6, 4);
    FloatNdArray ys = TfModelRuntimeTest.randomFloats(rnd, 32, 1);
    try (TfModelRuntime rt = TfModelRuntimeTest.create(model,
        io.jkeras.Compile.optimizer(new io.jkeras.optimizers.SGD(0.01)).loss("mse"), OPTS)) {
      java.util.Map<String, float[]> before = rt.getWeights();
      double first = rt.trainStep(new Batch(List.of(xs), List.of(ys), List.of())).get("loss");
      double last = first;
      for (int i = 0; i < 10; i++) {
        last = rt.trainStep(new Batch(List.of(xs), List.of(ys), List.of())).get("loss");
      }
      assertTrue(Double.isFinite(first) && last < first, "loss " + first + " -> " + last);
      java.util.Map<String, float[]> after = rt.getWeights();
      for (var e : before.entrySet()) {
        assertTrue(!java.util.Arrays.equals(e.getValue(), after.get(e.getKey())), e.getKey() + " did not train");
      }
      // Inference has no noise: two predictions agree exactly.
      assertEquals(rt.predictStep(Batch.ofInputs(List.of(xs))).get(0), rt.predictStep(Batch.ofInputs(List.of(xs))).get(0));
    }
  }
}
