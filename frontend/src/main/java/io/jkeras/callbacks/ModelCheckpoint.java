package io.jkeras.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model or its weights during training, as Keras' {@code keras.callbacks.ModelCheckpoint}: at the
 * end of every epoch (or every {@code saveFreq} batches), always or only when the monitored quantity improved.
 *
 * <p>{@code filepath} may hold Python format fields filled from the epoch (1-based), the batch (1-based, with a
 * batch {@code saveFreq}) and the logs: {@code "ckpt-{epoch:02d}-{val_loss:.4f}.weights.npz"} gives {@code
 * ckpt-03-0.1234.weights.npz}. Without {@code saveWeightsOnly} the file is {@code model.save}'s (architecture,
 * compile arguments, weights and optimizer state; load it with {@code Model.load}); with it, {@code
 * model.saveWeights}' (load it with {@code model.loadWeights}). Missing directories are created; every file is
 * written atomically, so a crash while saving leaves the previous checkpoint intact.
 *
 * <p>{@code mode} {@code "auto"} (default) minimizes losses and errors and maximizes accuracies, AUC,
 * precision and recall, judged from the monitored name; for any other metric give {@code "min"} or {@code
 * "max"}. Unlike Keras, the file's extension is not checked ({@code .jkeras} and {@code .weights.npz} are good
 * choices).
 *
 * <pre>{@code
 * var checkpoint = new ModelCheckpoint("checkpoints/best.weights.npz")
 *     .monitor("val_accuracy")
 *     .saveBestOnly(true)
 *     .saveWeightsOnly(true);
 * model.fit(x, y, Fit.epochs(20).validationSplit(0.1).callbacks(checkpoint));
 * model.loadWeights(Path.of("checkpoints/best.weights.npz"));   // the best epoch's weights
 * }</pre>
 */
public class ModelCheckpoint extends Callback {
  private static final System.Logger LOG = System.getLogger(ModelCheckpoint.class.getName());
  private static final Pattern FIELD = Pattern.compile("\\{\\{|}}|\\{([^{}:!]*)(?::([^{}]*))?}");
  private static final Pattern SPEC = Pattern.compile("([<>=^])?([+\\- ])?(0)?(\\d+)?(,)?(?:\\.(\\d+))?([dfFeEgG%s])?");

  private final String filepath;
  private String monitor = "val_loss";
  private int verbose;
  private boolean saveBestOnly;
  private boolean saveWeightsOnly;
  private String mode = "auto";
  private Integer saveFreqBatches; // null: "epoch"
  private Double initialValueThreshold;

  private boolean maximize;
  private double best;
  private int currentEpoch;
  private int batchesSinceSave;
  private int lastBatchSeen;
  private Path lastSaved;

  /**
   * A checkpoint written to {@code filepath}, a path that may hold format fields ({@code {epoch:02d}}, {@code
   * {val_loss:.4f}}, ...).
   */
  public ModelCheckpoint(String filepath) {
    this.filepath = Objects.requireNonNull(filepath, "filepath");
    if (filepath.isEmpty()) {
      throw new IllegalArgumentException("ModelCheckpoint: filepath is empty");
    }
  }

  /** A checkpoint written to {@code file} (braces in it are format fields, as in a string filepath). */
  public ModelCheckpoint(Path file) {
    this(file.toString());
  }

  /** The log value compared by {@code saveBestOnly} (default {@code "val_loss"}). */
  public ModelCheckpoint monitor(String monitor) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    return this;
  }

  /** 0 (default): silent; 1: a line per save or non-improvement, as Keras prints. */
  public ModelCheckpoint verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** Saves only when {@code monitor} improved on the best value so far (the file is then the best model). */
  public ModelCheckpoint saveBestOnly(boolean on) {
    this.saveBestOnly = on;
    return this;
  }

  /** Saves the weights only ({@code model.saveWeights}) instead of the whole model ({@code model.save}). */
  public ModelCheckpoint saveWeightsOnly(boolean on) {
    this.saveWeightsOnly = on;
    return this;
  }

  /** {@code "auto"} (default), {@code "min"} or {@code "max"}: whether {@code monitor} improves downwards. */
  public ModelCheckpoint mode(String mode) {
    String m = Objects.requireNonNull(mode, "mode").toLowerCase(Locale.ROOT);
    if (!m.equals("auto") && !m.equals("min") && !m.equals("max")) {
      throw new IllegalArgumentException("ModelCheckpoint: mode must be 'auto', 'min' or 'max', got '" + mode + "'");
    }
    this.mode = m;
    return this;
  }

  /** {@code "epoch"} (default): save at the end of every epoch. */
  public ModelCheckpoint saveFreq(String saveFreq) {
    if (!"epoch".equals(saveFreq)) {
      throw new IllegalArgumentException("ModelCheckpoint: saveFreq must be 'epoch' or a number of batches, got '"
          + saveFreq + "'");
    }
    this.saveFreqBatches = null;
    return this;
  }

  /** Saves every {@code batches} training batches (counted across epochs), as Keras' integer {@code save_freq}. */
  public ModelCheckpoint saveFreq(int batches) {
    if (batches <= 0) {
      throw new IllegalArgumentException("ModelCheckpoint: saveFreq must be positive, got " + batches);
    }
    this.saveFreqBatches = batches;
    return this;
  }

  /** With {@code saveBestOnly}: the value to beat before the first save (Keras' {@code initial_value_threshold}). */
  public ModelCheckpoint initialValueThreshold(double value) {
    this.initialValueThreshold = value;
    return this;
  }

  /** The best monitored value so far ({@code ±inf} before the first). */
  public double best() {
    return best;
  }

  /** The file written last, or {@code null}. */
  public Path lastSaved() {
    return lastSaved;
  }

  // ---------------------------------------------------------------- hooks

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    maximize = switch (mode) {
      case "max" -> true;
      case "min" -> false;
      default -> autoMaximize(monitor);
    };
    best = initialValueThreshold != null ? initialValueThreshold
        : maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    batchesSinceSave = 0;
    lastBatchSeen = -1;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    currentEpoch = epoch;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (saveFreqBatches == null) {
      return;
    }
    // As Keras: batch numbers restart each epoch; count the batches seen since the last save.
    batchesSinceSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
    lastBatchSeen = batch;
    if (batchesSinceSave >= saveFreqBatches) {
      batchesSinceSave = 0;
      save(currentEpoch, batch, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (saveFreqBatches == null) {
      save(epoch, null, logs);
    }
  }

  private void save(int epoch, Integer batch, Map<String, Double> logs) {
    if (!model().distributeStrategy().map(io.jkeras.distribute.Strategy::isChief).orElse(true)) {
      return; // a distributed job's checkpoints are the chief's (Keras' should_checkpoint)
    }
    Path file = Path.of(filePath(filepath, epoch, batch, logs));
    if (saveBestOnly) {
      Double current = logs.get(monitor);
      if (current == null) {
        LOG.log(System.Logger.Level.WARNING, "Can save best model only with {0} available, skipping;"
            + " logs have {1}", monitor, logs.keySet());
        return;
      }
      boolean improved = maximize ? current > best : current < best;
      if (!improved) {
        if (verbose > 0) {
          System.out.printf(Locale.ROOT, "%nEpoch %d: %s did not improve from %.5f%n", epoch + 1, monitor, best);
        }
        return;
      }
      if (verbose > 0) {
        System.out.printf(Locale.ROOT, "%nEpoch %d: %s improved from %.5f to %.5f, saving model to %s%n",
            epoch + 1, monitor, best, current, file);
      }
      best = current;
    } else if (verbose > 0) {
      System.out.printf(Locale.ROOT, "%nEpoch %d: saving model to %s%n", epoch + 1, file);
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (saveWeightsOnly) {
        model().saveWeights(file);
      } else {
        model().save(file);
      }
      lastSaved = file;
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: " + e.getMessage(), e);
    }
  }

  /** Keras' direction for a monitored name: losses and errors go down, accuracies and AUC go up. */
  static boolean autoMaximize(String monitor) {
    String n = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
    if (n.equals("loss") || n.endsWith("_loss")) {
      return false;
    }
    for (String up : new String[] {"acc", "auc", "precision", "recall", "f1", "iou", "r2", "cosine_similarity"}) {
      if (n.contains(up)) {
        return true;
      }
    }
    for (String down : new String[] {"error", "crossentropy", "hinge", "divergence", "poisson", "cosh", "mse",
        "mae", "mape", "msle", "kld"}) {
      if (n.contains(down)) {
        return false;
      }
    }
    throw new IllegalArgumentException("ModelCheckpoint received monitor='" + monitor + "' but cannot tell"
        + " whether it should be maximized or minimized: pass mode(\"max\") or mode(\"min\")");
  }

  // ---------------------------------------------------------------- the file path

  /**
   * The path for this save: Python's {@code filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)}, as Keras
   * computes it (format specs {@code [0][width][.precision][type]} with types {@code d f e g %}).
   */
  static String filePath(String pattern, int epoch, Integer batch, Map<String, Double> logs) {
    StringBuilder out = new StringBuilder();
    Matcher m = FIELD.matcher(pattern);
    int last = 0;
    while (m.find()) {
      out.append(pattern, last, m.start());
      last = m.end();
      String token = m.group();
      if (token.equals("{{")) {
        out.append('{');
        continue;
      }
      if (token.equals("}}")) {
        out.append('}');
        continue;
      }
      String name = m.group(1);
      Object value;
      if (name.equals("epoch")) {
        value = epoch + 1;
      } else if (name.equals("batch") && batch != null) {
        value = batch + 1;
      } else if (logs.containsKey(name)) {
        value = logs.get(name);
      } else {
        throw new IllegalArgumentException("ModelCheckpoint: failed to format the filepath \"" + pattern
            + "\": no value for '" + name + "'; available: epoch" + (batch != null ? ", batch" : "") + ", "
            + logs.keySet());
      }
      out.append(formatField(value, m.group(2) == null ? "" : m.group(2), pattern));
    }
    out.append(pattern.substring(last));
    return out.toString();
  }

  private static String formatField(Object value, String spec, String pattern) {
    Matcher s = SPEC.matcher(spec);
    if (!s.matches()) {
      throw new IllegalArgumentException("ModelCheckpoint: unsupported format spec ':" + spec + "' in \"" + pattern
          + "\"");
    }
    boolean zero = s.group(3) != null;
    int width = s.group(4) == null ? 0 : Integer.parseInt(s.group(4));
    Integer precision = s.group(6) == null ? null : Integer.parseInt(s.group(6));
    String type = s.group(7);
    String body;
    if (value instanceof Integer i && (type == null || type.equals("d"))) {
      body = Integer.toString(i);
    } else {
      double v = ((Number) value).doubleValue();
      if ("d".equals(type)) {
        throw new IllegalArgumentException("ModelCheckpoint: format code 'd' in \"" + pattern
            + "\" needs an integer, the log value is " + v + " (use e.g. :.4f)");
      }
      body = formatDouble(v, type, precision);
    }
    if (body.length() >= width) {
      return body;
    }
    if (zero) {
      boolean negative = body.startsWith("-");
      String digits = negative ? body.substring(1) : body;
      return (negative ? "-" : "") + "0".repeat(width - body.length()) + digits;
    }
    return " ".repeat(width - body.length()) + body;
  }

  private static String formatDouble(double v, String type, Integer precision) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (type == null && precision == null) {
      return pythonRepr(v);
    }
    int p = precision == null ? 6 : precision;
    return switch (type == null ? "g" : type) {
      case "f", "F" -> String.format(Locale.ROOT, "%." + p + "f", v);
      case "e", "E" -> {
        String e = String.format(Locale.ROOT, "%." + p + "e", v);
        yield type.equals("E") ? e.toUpperCase(Locale.ROOT) : e;
      }
      case "%" -> String.format(Locale.ROOT, "%." + p + "f", v * 100) + "%";
      default -> pythonG(v, Math.max(p, 1));
    };
  }

  /** Python's {@code format(v, ".{p}g")}: p significant digits, trailing zeros dropped. */
  private static String pythonG(double v, int p) {
    if (v == 0) {
      return "0";
    }
    BigDecimal r = new BigDecimal(v).round(new MathContext(p, java.math.RoundingMode.HALF_EVEN));
    int exp = r.precision() - r.scale() - 1;
    if (exp >= -4 && exp < p) {
      String f = r.setScale(Math.max(p - 1 - exp, 0), java.math.RoundingMode.HALF_EVEN).toPlainString();
      return stripZeros(f);
    }
    String mantissa = stripZeros(r.movePointLeft(exp).setScale(p - 1, java.math.RoundingMode.HALF_EVEN)
        .toPlainString());
    return mantissa + (exp < 0 ? "e-" : "e+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
  }

  private static String stripZeros(String s) {
    if (!s.contains(".")) {
      return s;
    }
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Python's {@code repr(float)}: the shortest digits, in scientific notation below 1e-4 or from 1e16. */
  private static String pythonRepr(double v) {
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1;
    if (exp >= -4 && exp < 16) {
      String s = d.toPlainString();
      return s.contains(".") ? s : s + ".0";
    }
    String digits = d.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return (v < 0 ? "-" : "") + mantissa + (exp < 0 ? "e-" : "e+") + String.format(Locale.ROOT, "%02d",
        Math.abs(exp));
  }
}
