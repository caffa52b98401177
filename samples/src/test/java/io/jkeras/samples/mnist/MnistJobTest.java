package io.jkeras.samples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.samples.FakeTrainingApi;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/** The job's bookkeeping around the training API, with a fake API and a clock that moves only in fit. */
class MnistJobTest {
  @TempDir Path tmp;

  /** Nanoseconds that move only when told. */
  static final class ManualTicker extends Ticker {
    long nanos;

    @Override
    public long read() {
      return nanos;
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private final StringWriter text = new StringWriter();

  /** 200 training images, 30 test images; fit "takes" 12.5 s. */
  private final FakeTrainingApi api = new FakeTrainingApi(200, 30) {
    @Override
    public Map<String, List<Double>> fit(
        Model model, FloatNdArray x, IntNdArray y, int epochs, int batchSize, double validationSplit) {
      ticker.nanos += 12_500_000_000L;
      return super.fit(model, x, y, epochs, batchSize, validationSplit);
    }
  };

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private MnistJob job() {
    return new MnistJob(api, new PrintWriter(text, true), ticker, m -> "SUMMARY of " + m.name() + "\n");
  }

  private MnistJob.Options options(OptionalLong seed, OptionalInt threads) {
    return new MnistJob.Options(2, 32, MnistJob.VALIDATION_SPLIT, threads, Optional.of(tmp), tmp.resolve("export"), tmp.resolve("out"),
        seed);
  }

  @Test
  void runsTheStepsInOrderAndEndsWithTheResultLine() throws Exception {
    var outcome = job().run(options(OptionalLong.of(7), OptionalInt.of(2)));

    assertEquals(List.of(
        "seed 7",
        "load " + tmp,
        "compile functional",
        "threads 2",
        "fit [200, 28, 28, 1] epochs=2 batch=32 split=0.1",
        "evaluate [30, 28, 28, 1]",
        "export " + tmp.resolve("export"),
        "predict [10, 28, 28, 1]",
        "reload " + tmp.resolve("export") + " [10, 28, 28, 1]"), api.calls);

    // 90 % of 200 images train (the rest validate): 2 epochs x 180 images in 12.5 s.
    assertEquals(12.5, outcome.trainSeconds(), 1e-12);
    assertEquals(2 * 180 / 12.5, outcome.imagesPerSec(), 1e-9);
    double expectedDiff = Math.abs((double) (0.7f + 2.5e-7f) - 0.7f);
    assertEquals(expectedDiff, outcome.reloadMaxAbsDiff().getAsDouble(), 0.0);

    String[] lines = text.toString().split("\n");
    String last = lines[lines.length - 1];
    assertEquals(String.format(java.util.Locale.ROOT, "RESULT task=mnist-cnn epochs=2 test_accuracy=0.9877"
        + " test_loss=0.0432 train_seconds=12.5 images_per_sec=28.8 reload_max_abs_diff=%.3e export=%s",
        expectedDiff, tmp.resolve("export")), last);
    assertTrue(text.toString().contains("SUMMARY of functional\n"), text.toString());
    // Reloaded predictions: row i is highest at class (9 - i) mod 10; the fake's labels are i mod 10.
    assertTrue(text.toString().contains(
        "classes [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] (labels [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])"), text.toString());
  }

  @Test
  void writesHistoryCsvAndChart() throws Exception {
    var outcome = job().run(options(OptionalLong.empty(), OptionalInt.empty()));
    assertFalse(api.calls.stream().anyMatch(c -> c.startsWith("seed") || c.startsWith("threads")), api.calls::toString);

    assertEquals(tmp.resolve("out/history.csv"), outcome.historyCsv());
    // The fake's loss is 1/(e+2) and accuracy 1-1/(e+2) for epochs e = 0, 1.
    assertEquals("epoch,accuracy,loss,val_accuracy,val_loss\n"
        + "0,0.5,0.5,0.5,0.5\n"
        + "1," + (1 - 1.0 / 3) + "," + (1.0 / 3) + "," + (1 - 1.0 / 3) + "," + (1.0 / 3) + "\n",
        Files.readString(outcome.historyCsv()));

    assertEquals(tmp.resolve("out/history.png"), outcome.chart());
    BufferedImage png = ImageIO.read(outcome.chart().toFile());
    // Two panels (loss, accuracy) of 520 x 400 side by side.
    assertEquals(1040, png.getWidth());
    assertEquals(400, png.getHeight());
  }

  @Test
  void withoutExportTheResultSaysSo() throws Exception {
    api.canExport = false;
    var outcome = job().run(options(OptionalLong.empty(), OptionalInt.empty()));
    assertTrue(outcome.export().isEmpty());
    assertFalse(api.calls.stream().anyMatch(c -> c.startsWith("reload")), api.calls::toString);
    assertTrue(outcome.resultLine().endsWith(" reload_max_abs_diff=nan export=none"), outcome.resultLine());
  }

  @Test
  void compilesWithTheSeedCnnArguments() throws Exception {
    job().run(options(OptionalLong.empty(), OptionalInt.empty()));
    var config = api.compiled.get().resolve(io.jkeras.samples.SeedPrograms.functionalCnn());
    assertEquals("Adam", config.optimizer().className());
    assertEquals("SparseCategoricalCrossentropy", config.outputs().get(0).loss().className());
    assertEquals("SparseCategoricalAccuracy", config.outputs().get(0).metrics().get(0).className());
  }

  @Test
  void maxAbsDiffAndArgmax() {
    var a = org.tensorflow.ndarray.NdArrays.vectorOf(1f, -2f, 3f);
    var b = org.tensorflow.ndarray.NdArrays.vectorOf(1.5f, -2f, 1f);
    assertEquals(2.0, MnistJob.maxAbsDiff(a, b), 0.0);
    var p = org.tensorflow.ndarray.NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(2, 3));
    p.setFloat(0.7f, 0, 2);
    p.setFloat(0.2f, 1, 0);
    assertEquals(List.of(2, 0), MnistJob.argmaxRows(p));
    assertEquals(54_000, MnistJob.trainedImagesPerEpoch(60_000, 0.1));
    assertEquals(60_000, MnistJob.trainedImagesPerEpoch(60_000, 0.0));
  }
}
