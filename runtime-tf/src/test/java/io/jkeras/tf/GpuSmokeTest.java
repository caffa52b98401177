package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * GPU smoke test: the seed CNN learns a patch-position task on the GPU step for step as on the CPU (same weights
 * and batches; the GPU hidden from a second session gives the CPU's numbers), is exported and reloaded, and the
 * reloaded SavedModel predicts what the model predicts. Skipped (with the devices TF sees) when TensorFlow sees no GPU,
 * which is the case for the default CPU build. Run it on a GPU host with
 * {@code ./mvnw -Pgpu test -pl runtime-tf -am -Dtest=GpuSmokeTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GpuSmokeTest {
  @TempDir
  Path tmp;

  @Test
  void deviceListAlwaysHasTheCpu() {
    List<TfDevices.Device> devices = TfDevices.list();
    assertTrue(devices.stream().anyMatch(d -> d.type().equals("CPU") && d.name().endsWith("device:CPU:0")),
        devices.toString());
  }

  @Test
  void logDevicePlacementReachesTheSession() {
    assertTrue(TfModelRuntime.sessionConfig(RuntimeOptions.defaults().logDevicePlacement(true))
        .getLogDevicePlacement());
    assertFalse(TfModelRuntime.sessionConfig(RuntimeOptions.defaults()).getLogDevicePlacement());
  }

  private static Model seedCnn() {
    Keras.clearSession();
    SymbolicTensor in = Input.of(28, 28, 1);
    SymbolicTensor x = new Conv2D(32, 3, 3).activation("relu").apply(in);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dense(64).activation("relu").apply(x);
    return Model.of(in, new Dense(10).activation("softmax").apply(x));
  }

  private static final Compile COMPILE =
      Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy");

  /** A runtime with TensorFlow's default devices (the GPU when there is one). */
  private static TfModelRuntime plain(Model model, RuntimeOptions options) {
    return new TfModelRuntime(model, COMPILE.resolve(model), options);
  }

  /** A runtime with the GPU hidden from its session ({@code device_count {"GPU": 0}}): the CPU's numbers. */
  private static TfModelRuntime cpuOnly(Model model, RuntimeOptions options) {
    return new TfModelRuntime(model, COMPILE.resolve(model), options,
        c -> c.toBuilder().putDeviceCount("GPU", 0).build());
  }

  /**
   * 24 steps (6 epochs of 4 batches, fixed order) of the seed CNN on {@link PatchImages}; returns each step's
   * batch loss, then the held-out loss and accuracy.
   */
  private static double[] train(TfModelRuntime rt) {
    PatchImages train = new PatchImages(256, 9);
    PatchImages heldOut = new PatchImages(128, 10);
    double[] out = new double[26];
    for (int s = 0; s < 24; s++) {
      int b = s % 4;
      rt.resetMetrics();
      out[s] = rt.trainStep(new io.jkeras.backend.Batch(
          List.of(train.images.slice(org.tensorflow.ndarray.index.Indices.range(b * 64, b * 64 + 64))),
          List.of(train.labels.slice(org.tensorflow.ndarray.index.Indices.range(b * 64, b * 64 + 64))),
          List.of())).get("loss");
    }
    rt.resetMetrics();
    var test = rt.testStep(new io.jkeras.backend.Batch(List.of(heldOut.images), List.of(heldOut.labels), List.of()));
    out[24] = test.get("loss");
    out[25] = test.get("accuracy");
    return out;
  }

  /** Both runs learned (chance: loss ln 10 = 2.30, accuracy 0.10; measured on CPU: 0.38 and 0.99). */
  private static void assertLearned(double[] run, String what) {
    assertTrue(run[24] < 1.0 && run[25] > 0.8, what + " held-out loss " + run[24] + ", accuracy " + run[25]);
  }

  /**
   * What the GPU test compares with runs here too: with no GPU, the GPU-hidden session and the default one are
   * the same CPU run, step for step, and it learns.
   */
  @Test
  void theCpuOnlySessionTrainsAsTheDefaultOneWithoutAGpu() {
    Assumptions.assumeFalse(TfDevices.gpuAvailable(), "a GPU is visible: seedCnnOnTheGpuMatchesTheCpu covers it");
    RuntimeOptions o = RuntimeOptions.defaults().seed(1).intraOpThreads(2).interOpThreads(1);
    double[] plain;
    try (TfModelRuntime rt = plain(seedCnn(), o)) {
      plain = train(rt);
    }
    double[] hidden;
    try (TfModelRuntime rt = cpuOnly(seedCnn(), o)) {
      hidden = train(rt);
    }
    assertLearned(plain, "CPU");
    assertEquals(java.util.Arrays.toString(plain), java.util.Arrays.toString(hidden));
  }

  @Test
  void seedCnnOnTheGpuMatchesTheCpuExportsAndReloads() throws Exception {
    List<TfDevices.Device> devices = TfDevices.list();
    Assumptions.assumeTrue(devices.stream().anyMatch(d -> d.type().equals("GPU")),
        () -> "No GPU visible to TensorFlow (devices: " + devices.stream().map(TfDevices.Device::name).toList()
            + "): the GPU smoke test needs the -Pgpu build on a host with an NVIDIA driver, CUDA 12 and cuDNN 9.");
    RuntimeOptions o = RuntimeOptions.defaults().seed(1);
    double[] cpu;
    try (TfModelRuntime rt = cpuOnly(seedCnn(), o)) {
      cpu = train(rt);
    }
    double[] gpu;
    try (TfModelRuntime rt = plain(seedCnn(), o)) {
      gpu = train(rt);
    }
    assertLearned(cpu, "CPU");
    assertLearned(gpu, "GPU");
    // Same initial weights and batches: the first loss agrees to cuDNN's (and TF32's) rounding; later steps may
    // drift apart a little (Adam on rounding differences), the held-out numbers stay close.
    assertEquals(cpu[0], gpu[0], 1e-3 * cpu[0], "first step's loss, GPU against CPU");
    for (int s = 1; s < 24; s++) {
      assertEquals(cpu[s], gpu[s], 0.05 * cpu[s] + 1e-3, "loss of step " + (s + 1) + ", GPU against CPU");
    }
    assertEquals(cpu[25], gpu[25], 0.05, "held-out accuracy, GPU against CPU");

    Keras.setRandomSeed(7);
    try (Model model = seedCnn()) {
      assertEquals(121_930, model.countParams());
      model.compile(COMPILE);
      PatchImages data = new PatchImages(128, 1);
      History h = model.fit(data.images, data.labels, Fit.epochs(2).batchSize(64).verbose(0));
      assertFalse(h.get("loss").get(1).isNaN());

      Path export = tmp.resolve("cnn");
      model.export(export);
      FloatNdArray expected = model.predict(data.images, Predict.defaults().verbose(0));
      try (SavedModel served = SavedModel.load(export)) {
        FloatNdArray actual = served.predict(data.images);
        assertEquals(expected.shape(), actual.shape());
        float[] a = new float[(int) expected.size()];
        float[] b = new float[(int) actual.size()];
        expected.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false));
        actual.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(b, false, false));
        for (int i = 0; i < a.length; i++) {
          assertEquals(a[i], b[i], 1e-5f, "probability " + i);
        }
      }
    }
  }
}
