package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.data.Dataset;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.RandomFlip;
import io.jkeras.layers.Rescaling;
import io.jkeras.layers.Resizing;
import io.jkeras.training.Batches;
import io.jkeras.training.Fit;
import io.jkeras.utils.DatasetUtils;
import io.jkeras.utils.DirectoryDataset;
import io.jkeras.utils.DirectoryOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Image folders meet TensorFlow: the loader's resize (Java) equals TF's ResizeBilinear behind the Resizing layer
 * on the same decoded pixels, and fit/evaluate/predict take the loader's dataset directly.
 */
class ImageFolderTfTest {
  @TempDir Path tmp;

  private void images(int perClass, int h, int w) throws Exception {
    java.util.Random r = new java.util.Random(4);
    for (int c = 0; c < 2; c++) {
      Path dir = Files.createDirectories(tmp.resolve(c == 0 ? "dark" : "light"));
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            int base = c == 0 ? 30 : 200;
            int v = Math.min(255, base + r.nextInt(50));
            img.setRGB(x, y, v << 16 | (v / 2) << 8 | r.nextInt(256));
          }
        }
        ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
      }
    }
  }

  @Test
  void theLoadersResizeIsTensorFlowsResize() throws Exception {
    images(3, 7, 9);
    for (boolean crop : new boolean[] {false, true}) {
      DirectoryOptions base = DirectoryOptions.defaults().verbose(false).shuffle(false).batchSize(6)
          .cropToAspectRatio(crop);
      FloatNdArray original = (FloatNdArray) DatasetUtils.imageDatasetFromDirectory(tmp, base.noResize())
          .iterator().next().x();
      FloatNdArray resized = (FloatNdArray) DatasetUtils.imageDatasetFromDirectory(tmp, base.imageSize(4, 5))
          .iterator().next().x();
      SymbolicTensor in = Input.of(7, 9, 3);
      try (Model tf = Model.of(in, new Resizing(4, 5).cropToAspectRatio(crop).apply(in))) {
        PreprocessingKerasTest.assertClose("resize (crop " + crop + ")", tf.predict(original), resized, 1e-5f);
      }
    }
  }

  @Test
  void fitEvaluateAndPredictTakeTheFolderDataset() throws Exception {
    images(12, 8, 8);
    DirectoryOptions o = DirectoryOptions.defaults().verbose(false).imageSize(8, 8).batchSize(8).seed(2)
        .labelMode("binary");
    DirectoryDataset train = DatasetUtils.imageDatasetFromDirectory(tmp, o.validationSplit(0.25).subset("training"));
    DirectoryDataset val = DatasetUtils.imageDatasetFromDirectory(tmp, DirectoryOptions.defaults().verbose(false)
        .imageSize(8, 8).batchSize(8).seed(2).labelMode("binary").validationSplit(0.25).subset("validation"));
    assertEquals(18, train.filePaths().size());
    assertEquals(6, val.filePaths().size());
    SymbolicTensor in = Input.of(8, 8, 3);
    SymbolicTensor h = new Rescaling(1 / 255.0).apply(new RandomFlip().seed(1).apply(in));
    try (Model m = Model.of(in, new Dense(1).activation("sigmoid").apply(new Flatten().apply(h)))) {
      m.compile(Compile.optimizer(new io.jkeras.optimizers.Adam(0.05)).loss("binary_crossentropy")
          .metrics("accuracy"));
      m.fit(train.cache(), Fit.epochs(15).verbose(0));
      Map<String, Double> logs = m.evaluate(val, io.jkeras.training.Evaluate.defaults().verbose(0));
      assertEquals(1.0, logs.get("accuracy"), 0.0, "dark vs light: " + logs);
      FloatNdArray p = m.predict(val.inputs());
      assertEquals(6, p.shape().get(0));
      Dataset unlabeled = val.map(e -> Batches.Item.of(e.x()));
      assertTrue(m.predict(unlabeled).shape().get(0) == 6);
    }
  }
}
