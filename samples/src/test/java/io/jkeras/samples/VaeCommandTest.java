package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.datasets.Mnist;
import io.jkeras.optimizers.Adam;
import io.jkeras.training.Fit;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** {@code jkeras vae}: Keras' model sizes, the training step, the sheet of digits and a tiny real run. */
class VaeCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), Main.DEFAULT_API);
  }

  @Test
  void encoderAndDecoderHaveKerasParameterCounts() {
    // Keras' example prints Total params: 69,076 (encoder) and 65,089 (decoder).
    Model encoder = VaeCommand.encoder(1);
    Model decoder = VaeCommand.decoder();
    assertEquals(69_076, encoder.countParams());
    assertEquals(65_089, decoder.countParams());
    assertEquals(3, encoder.outputs().size());
    Model vae = VaeCommand.vae(encoder, decoder);
    assertEquals(69_076 + 65_089, vae.countParams());
    assertEquals("(None, 28, 28, 1)", io.jkeras.util.Shapes.format(vae.outputs().get(0).shape()));
  }

  @Test
  void badOptionsAreOneLineUsageErrors() {
    assertEquals(2, run("vae", "--grid", "0"));
    assertEquals("jkeras vae: --grid must be in 1..100, got 0 (see 'jkeras vae --help')\n",
        err.toString().replace(System.lineSeparator(), "\n"));
    err.getBuffer().setLength(0);
    assertEquals(2, run("vae", "--epochs", "0"));
    assertTrue(err.toString().startsWith("jkeras vae: --epochs must be >= 1, got 0"), err::toString);
    assertTrue(out.toString().isEmpty(), "nothing ran");
  }

  @Test
  void theCustomStepLowersTheLossAndTheDecoderGetsTheTrainedWeights() throws Exception {
    FloatNdArray x = SampleSupport.first(Mnist.load(CustomLayerCommandTest.mnistDir()).train().x(), 128);
    Model encoder = VaeCommand.encoder(1);
    Model decoder = VaeCommand.decoder();
    Model vae = VaeCommand.vae(encoder, decoder);
    vae.runtimeOptions(RuntimeOptions.defaults().seed(2).intraOpThreads(1));
    vae.compile(Compile.optimizer(new Adam()).trainStep(VaeCommand.trainStep(encoder, decoder)));
    Map<String, Double> before = vae.evaluate(x, null);
    assertEquals(before.get("loss"), before.get("reconstruction_loss") + before.get("kl_loss"),
        1e-4 * before.get("loss"), "total = reconstruction + KL: " + before);
    // An untrained decoder outputs about 0.5 everywhere: 784 pixels * log 2 = 543 nats of reconstruction loss.
    assertEquals(784 * Math.log(2), before.get("reconstruction_loss"), 30, before.toString());
    List<FloatNdArray> untrained = decoder.getWeights();
    var history = vae.fit(x, null, Fit.epochs(3).batchSize(32).verbose(0)).history();
    assertEquals(List.of("kl_loss", "loss", "reconstruction_loss"),
        history.keySet().stream().sorted().toList());
    Map<String, Double> after = vae.evaluate(x, null);
    assertTrue(after.get("loss") < before.get("loss") - 20, before + " -> " + after);
    for (double v : after.values()) {
      assertTrue(Double.isFinite(v) && v >= 0, after.toString());
    }

    // No copying: the decoder shares the vae's layers and so their trained values.
    List<FloatNdArray> trained = decoder.getWeights();
    List<FloatNdArray> inVae = vae.getWeights().subList(encoder.weights().size(), vae.weights().size());
    assertEquals(trained.size(), inVae.size());
    for (int i = 0; i < trained.size(); i++) {
      assertEquals(0.0, SampleSupport.maxAbsDiff(inVae.get(i), trained.get(i)), 0.0, "weight " + i);
    }
    assertNotEquals(0.0, SampleSupport.maxAbsDiff(untrained.get(0), trained.get(0)), "trained");
  }

  @Test
  void theSheetPutsEachDecodedPointInItsCell() {
    Model decoder = VaeCommand.decoder();
    int n = 3;
    BufferedImage sheet = VaeCommand.latentSheet(decoder, n, 1.0);
    assertEquals(n * 28, sheet.getWidth());
    assertEquals(n * 28, sheet.getHeight());
    // Cell (row 0, column 2) is the point x = +1, y = +1 (the top row has the largest y).
    FloatNdArray point = NdArrays.ofFloats(Shape.of(1, 2));
    point.setFloat(1f, 0, 0);
    point.setFloat(1f, 0, 1);
    FloatNdArray digit = decoder.predict(point);
    for (int r = 0; r < 28; r += 9) {
      for (int c = 0; c < 28; c += 9) {
        int expected = Math.round(255 * digit.getFloat(0, r, c, 0));
        assertEquals(expected, sheet.getRaster().getSample(2 * 28 + c, r, 0), 1, "pixel " + r + "," + c);
      }
    }
  }

  @Test
  void tinyRealRunWritesTheSheetAndAResult(@TempDir Path dir) throws Exception {
    int status = run("vae", "--epochs", "1", "--samples", "200", "--batch-size", "50", "--grid", "4", "--threads",
        "1", "--data", CustomLayerCommandTest.mnistDir().toString(), "--output", dir.toString());
    assertEquals(0, status, err::toString);
    String text = out.toString();
    Matcher r = Pattern.compile("RESULT task=vae epochs=1 samples=200 total_loss=(\\S+) reconstruction_loss=(\\S+)"
        + " kl_loss=(\\S+) train_seconds=\\S+ png=(\\S+)").matcher(text);
    assertTrue(r.find(), text);
    double total = Double.parseDouble(r.group(1));
    double reconstruction = Double.parseDouble(r.group(2));
    double kl = Double.parseDouble(r.group(3));
    assertTrue(Double.isFinite(total) && reconstruction > 0 && kl >= 0, r.group());
    assertEquals(total, reconstruction + kl, 0.02, r.group());
    assertTrue(total < 784 * Math.log(2) + 10, "at most the untrained loss: " + r.group());
    BufferedImage png = ImageIO.read(dir.resolve(VaeCommand.PNG).toFile());
    assertEquals(4 * 28, png.getWidth());
    assertEquals(4 * 28, png.getHeight());
    assertEquals(dir.resolve(VaeCommand.PNG).toString(), r.group(4));
  }
}
