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
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * GPU smoke test: the seed CNN trains a few steps on the GPU, is exported and reloaded, and the reloaded
 * SavedModel predicts what the model predicts. Skipped (with the devices TF sees) when TensorFlow sees no GPU,
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

  @Test
  void seedCnnTrainsExportsAndReloadsOnTheGpu() throws Exception {
    List<TfDevices.Device> devices = TfDevices.list();
    Assumptions.assumeTrue(devices.stream().anyMatch(d -> d.type().equals("GPU")),
        () -> "No GPU visible to TensorFlow (devices: " + devices.stream().map(TfDevices.Device::name).toList()
            + "): the GPU smoke test needs the -Pgpu build on a host with an NVIDIA driver, CUDA 12 and cuDNN 9.");

    Keras.clearSession();
    Keras.setRandomSeed(7);
    SymbolicTensor in = Input.of(28, 28, 1);
    SymbolicTensor x = new Conv2D(32, 3, 3).activation("relu").apply(in);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dense(64).activation("relu").apply(x);
    try (Model model = Model.of(in, new Dense(10).activation("softmax").apply(x))) {
      assertEquals(121_930, model.countParams());
      model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
      Random r = new Random(1);
      FloatNdArray images = NdArrays.ofFloats(Shape.of(128, 28, 28, 1));
      images.scalars().forEach(s -> s.setFloat(r.nextFloat()));
      int[] labels = new int[128];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = r.nextInt(10);
      }
      History h = model.fit(images, labels, Fit.epochs(2).batchSize(64).verbose(0));
      assertFalse(h.get("loss").get(1).isNaN());

      Path export = tmp.resolve("cnn");
      model.export(export);
      FloatNdArray expected = model.predict(images, Predict.defaults().verbose(0));
      try (SavedModel served = SavedModel.load(export)) {
        FloatNdArray actual = served.predict(images);
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
