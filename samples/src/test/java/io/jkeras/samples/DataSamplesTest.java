package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data samples of issue 16 ({@code image-folder}, {@code text-classification}, {@code structured-data}): a
 * short real run of each on the shipped data, and their bad options. The full runs and their accuracies are in
 * docs/RESULTS.md.
 */
class DataSamplesTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path tmp;

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out), new PrintWriter(err), Main.DEFAULT_API);
  }

  private static Path repo(String child) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(child))) {
      dir = dir.getParent();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, child + " not found");
    return dir.resolve(child);
  }

  private double accuracy(String task) {
    Matcher m = Pattern.compile("RESULT task=" + task + " epochs=\\d+ samples=(\\d+) test_samples=(\\d+)"
        + " test_accuracy=([0-9.]+) test_loss=([0-9.]+) ").matcher(out.toString());
    assertTrue(m.find(), out::toString);
    return Double.parseDouble(m.group(3));
  }

  @Test
  void structuredDataLearnsPenguinSpecies() {
    assertEquals(0, run("structured-data", "--epochs", "40", "--csv", repo("data/penguins/penguins.csv").toString()),
        err::toString);
    assertTrue(out.toString().contains("333 penguins (11 rows with missing values dropped)"), out::toString);
    assertTrue(out.toString().contains("(StringLookup)"), out::toString);
    assertTrue(accuracy("structured-data") >= 0.9, out::toString);
  }

  @Test
  void textClassificationTrainsOnFortuneFiles() {
    assertEquals(0, run("text-classification", "--epochs", "15", "--data", repo("data/fortunes").toString(),
        "--folder", tmp.resolve("fortunes").toString()), err::toString);
    assertTrue(out.toString().contains("821 fortune cookies"), out::toString);
    assertTrue(Files.isRegularFile(tmp.resolve("fortunes/riddles/0.txt")));
    // three classes, the largest 53 % of the cookies: the model must beat that
    assertTrue(accuracy("text-classification") > 0.6, out::toString);
  }

  @Test
  void imageFolderWritesPngsAndTrains() throws Exception {
    Path folder = tmp.resolve("png");
    assertEquals(0, run("image-folder", "--epochs", "1", "--samples", "600", "--test-samples", "200",
        "--batch-size", "32", "--seed", "1", "--folder", folder.toString(), "--data",
        repo("data/mnist").toString()), err::toString);
    assertTrue(Files.isRegularFile(folder.resolve("complete.txt")));
    try (var s = Files.walk(folder.resolve("train"))) {
      assertEquals(600, s.filter(p -> p.toString().endsWith(".png")).count());
    }
    assertTrue(out.toString().contains("(RandomRotation)"), out::toString);
    assertTrue(accuracy("image-folder") > 0.3, "well above chance after 540 images: " + out);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(2, run("structured-data", "--epochs", "0"));
    assertTrue(err.toString().contains("--epochs must be >= 1"), err::toString);
    assertEquals(1, run("structured-data", "--csv", tmp.resolve("missing.csv").toString()) == 0 ? 0 : 1);
    assertEquals(2, run("image-folder", "--samples", "0"));
  }
}
