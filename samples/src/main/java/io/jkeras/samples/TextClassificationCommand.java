package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.TextVectorization;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.utils.DatasetUtils;
import io.jkeras.utils.DirectoryDataset;
import io.jkeras.utils.DirectoryOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras text-classification}: Keras' "text classification from scratch" on the fortune cookie files
 * shipped in {@code data/fortunes} (three categories: fortunes, literature, riddles). Each cookie is written once
 * as a {@code .txt} file in a folder named after its category, read back with {@code textDatasetFromDirectory}
 * (validation split 0.2), vectorized inside the model by {@code TextVectorization} (adapted on the training
 * texts) and classified by {@code Embedding -> GlobalAveragePooling1D -> Dense}. The model takes raw strings,
 * so its export does too. Ends with a {@code RESULT task=text-classification ...} line.
 */
@Command(name = "text-classification",
    header = "Classify fortune cookies by file with TextVectorization in the model; ends with a RESULT line.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Writes data/fortunes' cookies as .txt class folders under --folder, loads them with"
            + " textDatasetFromDirectory (validation split 0.2), adapts TextVectorization(max_tokens=4000,"
            + " output_sequence_length=60) on the training texts and trains Input(string) -> TextVectorization"
            + " -> Embedding(4000, 32) -> GlobalAveragePooling1D -> Dropout(0.3) -> Dense(3, softmax).",
        "The last line reads: RESULT task=text-classification epochs=E samples=N test_samples=M"
            + " test_accuracy=... test_loss=... train_seconds=..."})
public final class TextClassificationCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "Epochs, >= 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--data", paramLabel = "DIR", description = "Directory with the fortune files (default: data/fortunes).")
  Path data;

  @Option(names = "--folder", paramLabel = "DIR",
      description = "Where the .txt class folders are written (default: jkeras-fortunes in the temporary directory).")
  Path folder;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1337",
      description = "Seed of the split, the shuffles and the weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--export", paramLabel = "DIR", description = "Also export the model (it takes raw strings).")
  Path export;

  static final List<String> CATEGORIES = List.of("fortunes", "literature", "riddles");

  /** Splits a fortune file into its cookies (records end at a line holding {@code %}). */
  static List<String> cookies(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.equals("%")) {
        if (!b.toString().isBlank()) {
          out.add(b.toString().strip());
        }
        b.setLength(0);
      } else {
        b.append(line).append('\n');
      }
    }
    if (!b.toString().isBlank()) {
      out.add(b.toString().strip());
    }
    return out;
  }

  /** Writes each cookie of each category as {@code root/<category>/<i>.txt}, once (a marker file ends the write). */
  static int writeTextFolders(Path fortunes, Path root) throws IOException {
    Path marker = root.resolve("complete.txt");
    int total = 0;
    List<List<String>> all = new ArrayList<>();
    for (String c : CATEGORIES) {
      Path f = fortunes.resolve(c);
      if (!Files.isRegularFile(f)) {
        throw new Main.BadInput("--data: " + f + " does not exist; expected the files " + CATEGORIES, null);
      }
      // fortune files are ASCII with backspace overstriking; decoded as Latin-1 nothing is lost
      List<String> cs = cookies(Files.readString(f, StandardCharsets.ISO_8859_1));
      all.add(cs);
      total += cs.size();
    }
    String expected = "cookies=" + total;
    if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(expected)) {
      return total;
    }
    for (int c = 0; c < CATEGORIES.size(); c++) {
      Path dir = Files.createDirectories(root.resolve(CATEGORIES.get(c)));
      List<String> cs = all.get(c);
      for (int i = 0; i < cs.size(); i++) {
        Files.writeString(dir.resolve(i + ".txt"), cs.get(i), StandardCharsets.UTF_8);
      }
    }
    Files.writeString(marker, expected + "\n");
    return total;
  }

  /** The model: raw strings in, three class probabilities out. */
  static Model build(TextVectorization vectorize, long seed) {
    SymbolicTensor text = Input.builder().name("text").dtype(DType.STRING).build();
    SymbolicTensor x = vectorize.apply(text);
    x = new Embedding(4000, 32).apply(x);
    x = new GlobalAveragePooling1D().apply(x);
    x = new Dropout(0.3).seed(seed).apply(x);
    return Model.of(text, new Dense(3).activation("softmax").apply(x)).name("fortune_classifier");
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  @Override
  public Integer call() throws IOException {
    check(epochs >= 1, "--epochs must be >= 1, got " + epochs);
    check(batchSize >= 1, "--batch-size must be > 0, got " + batchSize);
    PrintWriter out = spec.commandLine().getOut();
    Path fortunes = data != null ? data : findData();
    Path root = folder != null ? folder : Path.of(System.getProperty("java.io.tmpdir"), "jkeras-fortunes");
    int total = writeTextFolders(fortunes, root);
    out.printf(Locale.ROOT, "%d fortune cookies in %s%n", total, root);
    DirectoryDataset train = DatasetUtils.textDatasetFromDirectory(root, DirectoryOptions.defaults()
        .batchSize(batchSize).validationSplit(0.2).subset("training").seed(seed));
    DirectoryDataset test = DatasetUtils.textDatasetFromDirectory(root, DirectoryOptions.defaults()
        .batchSize(batchSize).validationSplit(0.2).subset("validation").seed(seed));
    Keras.setRandomSeed(seed);
    TextVectorization vectorize = new TextVectorization().maxTokens(4000).outputSequenceLength(60)
        .adapt(train.inputs());
    Model model = build(vectorize, seed);
    model.runtimeOptions(RuntimeOptions.defaults().seed(seed));
    model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    out.print(model.summaryString());
    out.flush();
    long start = System.nanoTime();
    model.fit(train.cache(), Fit.epochs(epochs).verbose(epochs > 5 ? 0 : 1));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> scores = model.evaluate(test, Evaluate.defaults());
    if (export != null) {
      model.export(export);
      out.println("Exported the model to " + export + " (input 'text': raw strings, shape (N))");
    }
    out.println(String.format(Locale.ROOT, "RESULT task=text-classification epochs=%d samples=%d test_samples=%d"
        + " test_accuracy=%.4f test_loss=%.4f train_seconds=%.1f", epochs, train.filePaths().size(),
        test.filePaths().size(), scores.get("accuracy"), scores.get("loss"), seconds));
    out.flush();
    model.close();
    return 0;
  }

  static Path findData() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("data/fortunes"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new Main.BadInput("data/fortunes not found above " + Path.of("").toAbsolutePath() + "; give --data", null);
    }
    return dir.resolve("data/fortunes");
  }
}
