package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code jkeras mnist-lstm}: the model, the options, a run on a fake API and a tiny real run. */
class MnistLstmCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private int run(TrainingApi api, String... args) {
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), api);
  }

  @Test
  void theModelHasKerasParameterCounts() {
    Model m = MnistLstmCommand.build();
    // LSTM(128) on 28 features: 4 * (128 * (28 + 128) + 128); Dense: 128 * 10 + 10.
    assertEquals(80_384 + 1_290, m.countParams());
    assertEquals("(None, 10)", io.jkeras.util.Shapes.format(m.outputs().get(0).shape()));
  }

  @Test
  void runsWithTheOptionsOnAFakeApi() {
    FakeTrainingApi api = new FakeTrainingApi(100, 20);
    int status = run(api, "mnist-lstm", "--epochs", "2", "--samples", "50", "--test-samples", "10",
        "--batch-size", "16", "--seed", "3", "--threads", "1");
    assertEquals(0, status, err::toString);
    assertEquals(java.util.List.of("seed 3", "load default", "compile mnist_lstm", "threads 1",
        "fit [50, 28, 28, 1] epochs=2 batch=16 split=0.0", "evaluate [10, 28, 28, 1]"), api.calls);
    String text = out.toString();
    assertTrue(text.contains("lstm (LSTM)"), text);
    assertTrue(text.contains("80,384"), text);
    assertTrue(text.contains("RESULT task=mnist-lstm epochs=2 samples=50 test_samples=10 test_accuracy=0.9877"
        + " test_loss=0.0432 train_seconds="), text);
  }

  @Test
  void badOptionsAreOneLineUsageErrors() {
    FakeTrainingApi api = new FakeTrainingApi(10, 10);
    assertEquals(2, run(api, "mnist-lstm", "--samples", "0"));
    assertEquals("jkeras mnist-lstm: --samples must be > 0, got 0 (see 'jkeras mnist-lstm --help')\n",
        err.toString().replace(System.lineSeparator(), "\n"));
    assertTrue(api.calls.isEmpty());
  }

  @Test
  void tinyRealRun() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("data/mnist"))) {
      dir = dir.getParent();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "MNIST files not found");
    // 2 epochs of 1,024 images (64 steps). Measured (seed 1, one thread, repeatable): test accuracy 0.48, test loss
    // 1.376; chance is 0.10 and ln(10) = 2.30. The thresholds sit well between.
    int status = run(Main.DEFAULT_API, "mnist-lstm", "--epochs", "2", "--samples", "1024", "--test-samples", "200",
        "--batch-size", "32", "--seed", "1", "--threads", "1", "--data", dir.resolve("data/mnist").toString());
    assertEquals(0, status, err::toString);
    Matcher m = Pattern.compile("RESULT task=mnist-lstm epochs=2 samples=1024 test_samples=200"
        + " test_accuracy=([0-9.]+) test_loss=([0-9.]+) ").matcher(out.toString());
    assertTrue(m.find(), out::toString);
    assertTrue(Double.parseDouble(m.group(1)) >= 0.30, "accuracy clearly above chance's 0.10: " + m.group());
    assertTrue(Double.parseDouble(m.group(2)) <= 1.8, "loss clearly below chance's ln(10) = 2.30: " + m.group());
  }
}
