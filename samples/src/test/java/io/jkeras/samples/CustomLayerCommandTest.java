package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Layer;
import io.jkeras.samples.CustomLayers.MlpBlock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.index.Indices;

/** {@code jkeras custom-layer}: the guide's model, the options and a tiny real run with its checks. */
class CustomLayerCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void fresh() {
    Keras.clearSession();
    CustomLayers.register();
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), Main.DEFAULT_API);
  }

  /** The repository's MNIST files, or the test is skipped. */
  static Path mnistDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("data/mnist"))) {
      dir = dir.getParent();
    }
    Assumptions.assumeTrue(dir != null, "MNIST files not found");
    return dir.resolve("data/mnist");
  }

  @Test
  void theModelIsMadeOfTheGuidesLayers() {
    Model m = CustomLayerCommand.build();
    // MlpBlock(64) on 784 pixels: two Linear layers, 784*64 + 64 and 64*64 + 64; Linear(10): 64*10 + 10.
    assertEquals(784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10, m.countParams());
    List<String> classes = m.layers().stream().map(Layer::className).toList();
    assertEquals(List.of("InputLayer", "Lambda", "MlpBlock", "ActivityRegularizationLayer", "CustomDropout",
        "Linear"), classes);
    MlpBlock block = (MlpBlock) m.layers().get(2);
    assertEquals(2, block.sublayers().size(), "the block's Linear sublayers are tracked");
    assertEquals(List.of("linear/w", "linear/b", "linear_1/w", "linear_1/b"),
        block.weights().stream().map(io.jkeras.Variable::path).toList());
    assertTrue(m.toJson().contains("\"registered_name\": \"jkeras_samples>MlpBlock\""), "registered for saving");
  }

  @Test
  void badOptionsAreOneLineUsageErrors() {
    assertEquals(2, run("custom-layer", "--samples", "0"));
    assertEquals("jkeras custom-layer: --samples must be > 0, got 0 (see 'jkeras custom-layer --help')\n",
        err.toString().replace(System.lineSeparator(), "\n"));
    err.getBuffer().setLength(0);
    assertEquals(2, run("custom-layer", "--data", "/no/such/mnist/dir"));
    assertEquals("jkeras custom-layer: --data: directory '/no/such/mnist/dir' does not exist"
        + " (see 'jkeras custom-layer --help')\n", err.toString().replace(System.lineSeparator(), "\n"));
    assertTrue(out.toString().isEmpty(), "nothing ran");
  }

  @Test
  void tinyRealRunTrainsSavesReloadsExportsAndServes(@TempDir Path dir) {
    int status = run("custom-layer", "--epochs", "1", "--samples", "256", "--test-samples", "100", "--batch-size",
        "32", "--threads", "1", "--data", mnistDir().toString(), "--output", dir.toString());
    assertEquals(0, status, err::toString);
    String text = out.toString();
    Matcher r = Pattern.compile("RESULT task=custom-layer epochs=1 samples=256 test_samples=100"
        + " test_accuracy=(\\S+) test_loss=(\\S+) reload_max_abs_diff=(\\S+) export_max_abs_diff=(\\S+)"
        + " builtin_max_abs_diff=(\\S+) train_seconds=(\\S+)").matcher(text);
    assertTrue(r.find(), text);
    double accuracy = Double.parseDouble(r.group(1));
    double loss = Double.parseDouble(r.group(2));
    assertTrue(accuracy >= 0 && accuracy <= 1, r.group());
    assertTrue(Double.isFinite(loss) && loss > 0 && loss < Math.log(10) + 0.5, "near or below chance: " + r.group());
    assertTrue(Double.parseDouble(r.group(3)) <= 1e-6, "reload: " + r.group());
    assertTrue(Double.parseDouble(r.group(4)) <= 1e-6, "export: " + r.group());
    double builtin = Double.parseDouble(r.group(5));
    assertTrue(Double.isFinite(builtin) && builtin <= 1e-5, "ops vs built-ins: " + r.group());
    // The custom metric counts what Java counts from the predictions.
    Matcher t = Pattern.compile("digit_accuracy (\\S+) \\(counted in Java from the logits: (\\S+)\\)").matcher(text);
    assertTrue(t.find(), text);
    assertEquals(t.group(2), t.group(1));
    assertEquals(Double.parseDouble(t.group(1)), accuracy, 1e-4);
    assertTrue(Files.isRegularFile(dir.resolve("custom_layer.keras")));
    assertTrue(Files.isRegularFile(dir.resolve("custom_layer_savedmodel/saved_model.pb")));
  }

  @Test
  void opsWrittenDenseAndLayerNormalizationTrainAsTheBuiltIns() throws Exception {
    Mnist.Data mnist = Mnist.load(mnistDir());
    FloatNdArray x = SampleSupport.first(mnist.train().x(), 32);
    IntNdArray y = mnist.train().y().slice(Indices.range(0, 32));
    double diff = CustomLayerCommand.builtinMaxAbsDiff(x, y,
        RuntimeOptions.defaults().seed(5).intraOpThreads(1).interOpThreads(1));
    assertTrue(diff <= 1e-5, "largest difference " + diff);
  }
}
