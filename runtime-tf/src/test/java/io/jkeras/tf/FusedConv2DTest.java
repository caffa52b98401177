package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Conv2D + bias + Relu lowered to TensorFlow's fused op in the training pass ({@code lowering.FusedConv2D}): its
 * jkeras-registered gradient is right, training gives the losses of the three plain ops, and the inference pass
 * and exports hold plain ops only.
 */
class FusedConv2DTest {
  /** Valid and same padding, strides 1 and 2, two fused layers in a row. */
  private static Model convStack() {
    SymbolicTensor x = Input.of(7, 7, 3);
    SymbolicTensor h = new Conv2D(4, 3).activation("relu").apply(x);
    SymbolicTensor y = new Conv2D(2, 3).strides(2, 2).padding("same").activation("relu").apply(h);
    SymbolicTensor z = new Conv2D(3, 2).strides(2, 1).activation("relu").apply(x);
    return Model.of(x, List.of(y, z));
  }

  @Test
  void fusedGradientEqualsThePlainOpsGradient() {
    List<float[]> fused;
    List<float[]> plain;
    try (GradientCheck g = new GradientCheck(convStack(), 3, true, 7, false, 0, true)) {
      assertEquals(3, g.countOps("_FusedConv2D"), "every layer lowered to the fused op");
      assertEquals(0, g.countOps("Relu"));
      fused = g.symbolicGradients();
    }
    try (GradientCheck g = new GradientCheck(convStack(), 3, true, 7, false, 0, false)) {
      assertEquals(0, g.countOps("_FusedConv2D"));
      plain = g.symbolicGradients();
    }
    assertEquals(plain.size(), fused.size());
    for (int i = 0; i < plain.size(); i++) {
      float[] p = plain.get(i);
      float[] f = fused.get(i);
      assertEquals(p.length, f.length);
      double nonZero = 0;
      for (int j = 0; j < p.length; j++) {
        assertEquals(p[j], f[j], 1e-5 * Math.max(1, Math.abs(p[j])), "gradient " + i + "[" + j + "]");
        nonZero += p[j] != 0 ? 1 : 0;
      }
      assertTrue(nonZero > 0, "gradient " + i + " is not all zeros");
    }
  }

  @Test
  void fusedGradientMatchesFiniteDifferences() {
    SymbolicTensor x = Input.of(6, 6, 2);
    SymbolicTensor y = new Conv2D(3, 3).strides(2, 2).padding("same").activation("relu").apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, y), 2, true, 7, false, 0, true)) {
      assertEquals(1, g.countOps("_FusedConv2D"));
      // A small step: one that moves a Relu input across 0 would measure the kink, not the gradient (1e-3 does).
      g.check(20, 1e-4, 2e-2);
    }
  }

  @Test
  void onlyConv2DWithBiasAndReluIsFused() {
    SymbolicTensor x = Input.of(6, 6, 2);
    SymbolicTensor a = new Conv2D(2, 3).activation("relu").useBias(false).apply(x);
    SymbolicTensor b = new Conv2D(2, 3).activation("tanh").apply(x);
    SymbolicTensor c = new Conv2D(2, 2).dilationRate(2, 2).activation("relu").apply(x);
    try (GradientCheck g = new GradientCheck(Model.of(x, List.of(a, b, c)), 2, true, 7, false, 0, true)) {
      assertEquals(0, g.countOps("_FusedConv2D"));
      g.check(12, 1e-2, 2e-2);
    }
  }

  private static Model cnn() {
    SymbolicTensor x = Input.of(10, 10, 1);
    SymbolicTensor h = new Conv2D(4, 3).activation("relu").apply(x);
    h = new MaxPooling2D(2, 2).apply(h);
    h = new Conv2D(6, 3).padding("same").activation("relu").apply(h);
    return Model.of(x, new Dense(1).apply(new Flatten().apply(h)));
  }

  private static Batch batch() {
    Random r = new Random(11);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(16, 10, 10, 1));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(16, 1));
    for (int i = 0; i < 16; i++) {
      float sum = 0;
      for (int p = 0; p < 100; p++) {
        float v = r.nextFloat();
        x.setFloat(v, i, p / 10, p % 10, 0);
        sum += p % 3 == 0 ? v : -v;
      }
      y.setFloat(sum / 30, i, 0);
    }
    return new Batch(List.of(x), List.of(y), List.of());
  }

  @Test
  void trainingGivesThePlainOpsLosses(@TempDir Path dir) throws Exception {
    Batch batch = batch();
    double[][] losses = new double[2][8];
    for (int k = 0; k < 2; k++) {
      // k = 0: as shipped (fused); k = 1: remapping(false) keeps the plain Conv2D, BiasAdd and Relu.
      RuntimeOptions o = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(5).remapping(k == 0);
      try (TfModelRuntime rt = TfModelRuntimeTest.create(cnn(), Compile.optimizer("adam").loss("mse"), o)) {
        assertEquals(k == 0 ? 2 : 0, GradientCheck.countOps(rt.graph(), "_FusedConv2D"), "the training pass's convolutions");
        assertEquals(k == 0 ? 2 : 4, GradientCheck.countOps(rt.graph(), "Conv2D"), "the inference pass keeps plain ops");
        for (int s = 0; s < losses[k].length; s++) {
          losses[k][s] = rt.trainStep(batch).get("loss");
        }
        if (k == 0) {
          rt.exportSavedModel(dir.resolve("export"));
        }
      }
    }
    assertTrue(losses[0][7] < losses[0][0], "the fused graph learns: " + losses[0][0] + " -> " + losses[0][7]);
    for (int s = 0; s < losses[0].length; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-5 * Math.abs(losses[1][s]) + 1e-7, "step " + s);
    }
    try (SavedModelBundle b = SavedModelBundle.load(dir.resolve("export").toString(), "serve")) {
      assertEquals(0, GradientCheck.countOps(b.graph(), "_FusedConv2D"), "the export holds plain ops");
      assertEquals(2, GradientCheck.countOps(b.graph(), "Conv2D"));
      assertEquals(1, GradientCheck.countOps(b.graph(), "MaxPoolV2"));
    }
  }

  /** A Conv2D shared by two inputs and one inside TimeDistributed: fused in training, same losses as plain. */
  @Test
  void sharedAndWrappedLayersTrainAsThePlainOps() {
    Random r = new Random(5);
    FloatNdArray a = NdArrays.ofFloats(Shape.of(8, 6, 6, 1));
    FloatNdArray b = NdArrays.ofFloats(Shape.of(8, 6, 6, 1));
    FloatNdArray seq = NdArrays.ofFloats(Shape.of(8, 2, 6, 6, 1));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(8, 1));
    for (int i = 0; i < 8; i++) {
      for (int p = 0; p < 36; p++) {
        a.setFloat(r.nextFloat(), i, p / 6, p % 6, 0);
        b.setFloat(r.nextFloat(), i, p / 6, p % 6, 0);
        seq.setFloat(r.nextFloat(), i, p % 2, p / 6, p % 6, 0);
      }
      y.setFloat(r.nextFloat(), i, 0);
    }
    Batch batch = new Batch(List.of(a, b, seq), List.of(y), List.of());
    double[][] losses = new double[2][5];
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in1 = Input.of(6, 6, 1);
      SymbolicTensor in2 = Input.of(6, 6, 1);
      SymbolicTensor in3 = Input.of(2, 6, 6, 1);
      Conv2D shared = new Conv2D(3, 3).activation("relu");
      SymbolicTensor t = new io.jkeras.layers.TimeDistributed(new Conv2D(2, 3).activation("relu")).apply(in3);
      SymbolicTensor joined = new io.jkeras.layers.Concatenate().apply(List.of(new Flatten().apply(shared.apply(in1)),
          new Flatten().apply(shared.apply(in2)), new Flatten().apply(t)));
      Model m = Model.of(List.of(in1, in2, in3), List.of(new Dense(1).apply(joined)));
      RuntimeOptions o = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(9).remapping(k == 0);
      try (TfModelRuntime rt = TfModelRuntimeTest.create(m, Compile.optimizer("adam").loss("mse"), o)) {
        assertEquals(k == 0 ? 3 : 0, GradientCheck.countOps(rt.graph(), "_FusedConv2D"));
        for (int s = 0; s < losses[k].length; s++) {
          losses[k][s] = rt.trainStep(batch).get("loss");
        }
      }
    }
    assertTrue(losses[0][4] < losses[0][0], "learns: " + java.util.Arrays.toString(losses[0]));
    for (int s = 0; s < losses[0].length; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-5 * Math.abs(losses[1][s]) + 1e-7, "step " + s);
    }
  }

  @Test
  void fusionFollowsTheRemappingAndXlaSwitches() {
    boolean cpuOnly = !TfDevices.gpuAvailable();
    assertEquals(cpuOnly, TfModelRuntime.fusedOpsAllowed(RuntimeOptions.defaults()));
    assertFalse(TfModelRuntime.fusedOpsAllowed(RuntimeOptions.defaults().remapping(false)));
    assertFalse(TfModelRuntime.fusedOpsAllowed(RuntimeOptions.defaults().jitCompile(true)));
    assertFalse(TfModelRuntime.fusedOpsAllowed(RuntimeOptions.defaults().mixedPrecision("mixed_bfloat16")));
  }
}
