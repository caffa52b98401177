package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.data.CsvDataset;
import io.jkeras.data.Dataset;
import io.jkeras.layers.CategoryEncoding;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.IntegerLookup;
import io.jkeras.layers.Normalization;
import io.jkeras.layers.StringLookup;
import io.jkeras.training.Batches;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tensorflow.ndarray.NdArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jkeras structured-data}: Keras' "structured data classification from scratch" on the Palmer penguins
 * table ({@code data/penguins/penguins.csv}): one input per column, numbers through {@code Normalization},
 * strings through {@code StringLookup} (one-hot), the year through {@code IntegerLookup} and {@code
 * CategoryEncoding}, all adapted in Java on the training rows; the species is predicted. Ends with a {@code RESULT
 * task=structured-data ...} line.
 */
@Command(name = "structured-data",
    header = "Classify penguin species from a CSV table with feature-wise preprocessing; ends with a RESULT line.",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Reads data/penguins/penguins.csv with CsvDataset (rows with missing values dropped), splits it 80/20,"
            + " and trains one Input per column: Normalization for bill_length_mm, bill_depth_mm,"
            + " flipper_length_mm and body_mass_g, StringLookup(one_hot) for island and sex,"
            + " IntegerLookup -> CategoryEncoding(one_hot) for year; Concatenate -> Dense(32, relu) -> Dropout(0.2)"
            + " -> Dense(3, softmax) over Adelie, Chinstrap and Gentoo.",
        "The last line reads: RESULT task=structured-data epochs=E samples=N test_samples=M test_accuracy=..."
            + " test_loss=... train_seconds=..."})
public final class StructuredDataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "50", description = "Epochs, >= 1 (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--csv", paramLabel = "FILE", description = "The penguins CSV (default: data/penguins/penguins.csv).")
  Path csv;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1337",
      description = "Seed of the split, the shuffles and the weights (default: ${DEFAULT-VALUE}).")
  long seed;

  static final List<String> NUMERIC = List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g");
  static final List<String> STRINGS = List.of("island", "sex");

  /** The model, its preprocessing layers adapted on {@code train} (the training rows). */
  static Model build(CsvDataset train, long seed) {
    List<SymbolicTensor> inputs = new ArrayList<>();
    List<SymbolicTensor> encoded = new ArrayList<>();
    for (String name : NUMERIC) {
      SymbolicTensor in = Input.of(name, DType.FLOAT32, 1);
      inputs.add(in);
      encoded.add(new Normalization().adapt(column(train, name)).apply(in));
    }
    for (String name : STRINGS) {
      SymbolicTensor in = Input.of(name, DType.STRING, 1);
      inputs.add(in);
      encoded.add(new StringLookup().outputMode("one_hot").adapt(train.column(name)).apply(in));
    }
    SymbolicTensor year = Input.of("year", DType.INT64, 1);
    inputs.add(year);
    IntegerLookup years = new IntegerLookup().adapt(train.column("year"));
    encoded.add(new CategoryEncoding(years.vocabularySize()).outputMode("one_hot").apply(years.apply(year)));
    SymbolicTensor x = new Concatenate().apply(encoded);
    x = new Dense(32).activation("relu").apply(x);
    x = new Dropout(0.2).seed(seed).apply(x);
    return Model.of(inputs, new Dense(3).activation("softmax").apply(x)).name("penguin_classifier");
  }

  /** A numeric column as (rows, 1) floats, what Normalization adapts on. */
  private static float[][] column(CsvDataset t, String name) {
    NdArray<?> c = t.column(name);
    float[][] out = new float[t.numRows()][1];
    for (int i = 0; i < out.length; i++) {
      out[i][0] = ((Number) c.getObject(i)).floatValue();
    }
    return out;
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
    Path file = csv != null ? csv : findCsv();
    CsvDataset table;
    try {
      table = CsvDataset.read(file, CsvDataset.options().dropRowsWithMissing(true));
    } catch (IllegalArgumentException e) {
      throw new Main.BadInput("--csv: " + e.getMessage(), e);
    }
    List<String> species = table.indexColumn("species");
    out.printf(Locale.ROOT, "%d penguins (%d rows with missing values dropped), species %s%n", table.numRows(),
        table.droppedRows(), species);
    // an 80/20 split of the rows, fixed by the seed
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < table.numRows(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(seed));
    int nTrain = (int) Math.round(table.numRows() * 0.8);
    List<Batches.Item> rows = table.toDataset("species").toList();
    List<Batches.Item> trainRows = new ArrayList<>();
    List<Batches.Item> testRows = new ArrayList<>();
    for (int k = 0; k < order.size(); k++) {
      (k < nTrain ? trainRows : testRows).add(rows.get(order.get(k)));
    }
    Keras.setRandomSeed(seed);
    Model model = build(table.select(order.subList(0, nTrain)), seed);
    model.runtimeOptions(RuntimeOptions.defaults().seed(seed));
    model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    out.print(model.summaryString());
    out.flush();
    Dataset train = Dataset.fromItems(trainRows).shuffle(trainRows.size(), seed).batch(batchSize);
    Dataset test = Dataset.fromItems(testRows).batch(batchSize);
    long start = System.nanoTime();
    model.fit(train, Fit.epochs(epochs).verbose(epochs > 5 ? 0 : 1));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> scores = model.evaluate(test, Evaluate.defaults());
    out.println(String.format(Locale.ROOT, "RESULT task=structured-data epochs=%d samples=%d test_samples=%d"
        + " test_accuracy=%.4f test_loss=%.4f train_seconds=%.1f", epochs, trainRows.size(), testRows.size(),
        scores.get("accuracy"), scores.get("loss"), seconds));
    out.flush();
    model.close();
    return 0;
  }

  static Path findCsv() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("data/penguins/penguins.csv"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new Main.BadInput("data/penguins/penguins.csv not found above " + Path.of("").toAbsolutePath()
          + "; give --csv", null);
    }
    return dir.resolve("data/penguins/penguins.csv");
  }
}
