package io.jkeras.callbacks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streams the epoch logs to a CSV file, as Keras 3's {@code keras.callbacks.CSVLogger(filename, separator=",",
 * append=False)}: a header {@code epoch,<keys sorted>} written from the first epoch's logs (with the
 * {@code val_} keys added when validation has not run yet), then one row per epoch with values written as Python
 * writes floats ({@code 0.25}, {@code 1e-05}, {@code nan}) and {@code NA} for a missing key. With
 * {@code append} the rows go after an existing file's, without a second header.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(10).validationSplit(0.1).callbacks(new CSVLogger(Path.of("training.log"))));
 * // epoch,accuracy,loss,val_accuracy,val_loss
 * // 0,0.8125,0.5123,0.875,0.4011
 * }</pre>
 */
public class CSVLogger extends Callback {
  private final Path filename;
  private String separator = ",";
  private boolean append;
  private List<String> keys;
  private boolean appendHeader = true;
  private boolean headerWritten;

  /** Logs to {@code filename}, replacing it at the start of training. */
  public CSVLogger(Path filename) {
    this.filename = Objects.requireNonNull(filename, "filename");
  }

  /** Logs to {@code filename}. */
  public CSVLogger(String filename) {
    this(Path.of(Objects.requireNonNull(filename, "filename")));
  }

  /** The field separator (default {@code ","}). */
  public CSVLogger separator(String separator) {
    if (separator == null || separator.length() != 1) {
      throw new IllegalArgumentException("CSVLogger: separator must be one character, got \"" + separator + "\"");
    }
    this.separator = separator;
    return this;
  }

  /** Append to an existing file instead of replacing it (to continue a training). */
  public CSVLogger append(boolean append) {
    this.append = append;
    return this;
  }

  public Path filename() {
    return filename;
  }

  public String separator() {
    return separator;
  }

  public boolean append() {
    return append;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    keys = null;
    headerWritten = false;
    try {
      Path parent = filename.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (append) {
        appendHeader = true;
        if (Files.exists(filename)) {
          try (BufferedReader r = Files.newBufferedReader(filename, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            appendHeader = first == null;
          }
        }
      } else {
        appendHeader = true;
        Files.write(filename, new byte[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write " + filename + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Map<String, Double> l = logs == null ? Map.of() : logs;
    if (keys == null) {
      keys = new ArrayList<>(l.keySet());
      keys.sort(null);
      // With validation_freq > 1 the first epoch has no val_ keys: add them so that later rows fit the header.
      if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
        List<String> val = keys.stream().map(k -> "val_" + k).toList();
        keys.addAll(val);
      }
    }
    StringBuilder out = new StringBuilder();
    if (!headerWritten && appendHeader) {
      List<String> header = new ArrayList<>();
      header.add("epoch");
      header.addAll(keys);
      out.append(row(header));
    }
    headerWritten = true;
    List<String> cells = new ArrayList<>();
    cells.add(Integer.toString(epoch));
    for (String k : keys) {
      Double v = l.get(k);
      cells.add(v == null ? "NA" : pythonFloat(v));
    }
    out.append(row(cells));
    // Opened per row, so that nothing is left open when training fails, and each row is on disk at once.
    try (Writer w = Files.newBufferedWriter(filename, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      w.write(out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write " + filename + ": " + e.getMessage(), e);
    }
  }

  private String row(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(separator);
      }
      b.append(quote(cells.get(i)));
    }
    // Python's csv module ends rows with \r\n (the excel dialect Keras uses).
    return b.append("\r\n").toString();
  }

  private String quote(String cell) {
    if (cell.contains(separator) || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }

  /** {@code repr(float)} in Python: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
  static String pythonFloat(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - d.scale(); // v = d.ddd x 10^exp
    String sign = v < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    String plain = d.abs().toPlainString();
    return sign + (plain.contains(".") ? plain : plain + ".0");
  }
}
