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
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/** The speed switches of RuntimeOptions reach the session, and training with them still learns the same. */
class SpeedOptionsTest {
  @Test
  void defaultsLeaveTensorFlowsConfigAlone() {
    ConfigProto c = TfModelRuntime.sessionConfig(RuntimeOptions.defaults());
    RewriterConfig r = c.getGraphOptions().getRewriteOptions();
    assertEquals(RewriterConfig.Toggle.DEFAULT, r.getRemapping());
    assertEquals(RewriterConfig.Toggle.DEFAULT, r.getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(OptimizerOptions.GlobalJitLevel.DEFAULT, c.getGraphOptions().getOptimizerOptions()
        .getGlobalJitLevel());
    assertFalse(c.getExperimental().getDisableThreadSpinning());
    assertFalse(c.getUsePerSessionThreads());
  }

  @Test
  void switchesMapToTheirConfigFields() {
    ConfigProto c = TfModelRuntime.sessionConfig(RuntimeOptions.defaults().mixedPrecision("mixed_bfloat16")
        .remapping(false).threadSpinning(false).jitCompile(true).intraOpThreads(2));
    RewriterConfig r = c.getGraphOptions().getRewriteOptions();
    assertEquals(RewriterConfig.Toggle.OFF, r.getRemapping());
    assertEquals(RewriterConfig.Toggle.ON, r.getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(OptimizerOptions.GlobalJitLevel.ON_1, c.getGraphOptions().getOptimizerOptions()
        .getGlobalJitLevel());
    assertTrue(c.getExperimental().getDisableThreadSpinning());
    assertTrue(c.getUsePerSessionThreads());
    assertEquals(2, c.getIntraOpParallelismThreads());
  }

  /** The bfloat16-related CPU flags of /proc/cpuinfo (Linux), for failure messages. */
  static String cpuFlags() {
    try {
      java.util.Set<String> found = new java.util.TreeSet<>();
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          for (String f : line.split("[:\\s]+")) {
            if (f.startsWith("avx512") || f.startsWith("amx") || f.equals("avx2")) {
              found.add(f);
            }
          }
        }
      }
      return found.toString();
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static Model convModel() {
    SymbolicTensor x = Input.of(8, 8, 1);
    SymbolicTensor h = new Conv2D(4, 3, 3).activation("relu").apply(x);
    return Model.of(x, new Dense(1).apply(new Flatten().apply(h)));
  }

  /**
   * The same training with every switch on: bfloat16 keeps about 3 significant digits, so the losses agree to
   * a few percent, and training still lowers the loss.
   */
  @Test
  void switchedOnTrainingLearnsAsFloat32() {
    Random r = new Random(3);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(32, 8, 8, 1));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(32, 1));
    for (int i = 0; i < 32; i++) {
      float sum = 0;
      for (int p = 0; p < 64; p++) {
        float v = r.nextFloat();
        x.setFloat(v, i, p / 8, p % 8, 0);
        sum += v;
      }
      y.setFloat(sum / 64, i, 0);
    }
    Batch batch = new Batch(List.of(x), List.of(y), List.of());
    double[][] losses = new double[2][2];
    int[] casts = new int[2];
    for (int k = 0; k < 2; k++) {
      RuntimeOptions o = RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(5);
      if (k == 1) {
        o.mixedPrecision("mixed_bfloat16").remapping(false).threadSpinning(false);
      }
      try (TfModelRuntime rt = TfModelRuntimeTest.create(convModel(), Compile.optimizer(new SGD(0.05))
          .loss("mse"), o)) {
        losses[k][0] = rt.testStep(batch).get("loss");
        // What ran: with mixed_bfloat16, grappler's oneDNN pass rewrote the convolution and matmuls to bfloat16
        // (casts around them). On a CPU where TF's oneDNN has no bfloat16 the rewrite does not happen and this
        // fails, naming the CPU's flags: the switch would do nothing there.
        StepTrace ran = StepTrace.ofTrainStep(rt, batch);
        if (k == 1) {
          assertTrue(ran.bfloat16Nodes > 0 && ran.count("Cast") > casts[0],
              "mixed_bfloat16 ran no bfloat16 op (CPU flags: " + cpuFlags() + "): " + ran);
        } else {
          assertEquals(0, ran.bfloat16Nodes, ran.toString());
        }
        casts[k] = ran.count("Cast");
        for (int s = 1; s < 20; s++) {
          rt.trainStep(batch);
        }
        rt.resetMetrics();
        losses[k][1] = rt.testStep(batch).get("loss");
      }
    }
    assertTrue(losses[1][1] < losses[1][0], "bf16 training lowers the loss: " + losses[1][0] + " -> "
        + losses[1][1]);
    assertEquals(losses[0][0], losses[1][0], 0.03 * losses[0][0]);
    assertTrue(losses[0][1] != losses[1][1], "bfloat16 rounds: the trained losses cannot be bit-identical");
    assertEquals(losses[0][1], losses[1][1], 0.05 * losses[0][1] + 1e-4);
  }
}
