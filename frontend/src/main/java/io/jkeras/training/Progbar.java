package io.jkeras.training;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A progress bar in Keras 3's format ({@code keras.utils.Progbar}), written to a {@link PrintStream}.
 *
 * <pre>
 * 469/469 ━━━━━━━━━━━━━━━━━━━━ 5s 10ms/step - accuracy: 0.9612 - loss: 0.1290
 * </pre>
 *
 * <p>On an interactive terminal ({@code dynamic}) the line is rewritten in place with {@code \r} and carries
 * Keras' ANSI colours, as Keras does. Otherwise (a log file, CI) each update is a plain line without escape
 * codes, and only about one line per 10% of the steps is written, plus the final line, so logs stay readable.
 * Verbose 2 writes one line when the bar completes: {@code 469/469 - 5s - 10ms/step - loss: 0.1290}.
 *
 * <pre>{@code
 * Progbar bar = new Progbar(100L, 1, System.out);
 * for (int step = 1; step <= 100; step++) {
 *   bar.update(step, Map.of("loss", loss));
 * }
 * }</pre>
 *
 * <p>Values are shown as given (Keras' {@code ProgbarLogger} passes running metric values, which are not
 * averaged again).
 */
public final class Progbar {
  private static final int WIDTH = 20;
  private static final double INTERVAL_S = 0.05;
  private static final String BAR_CHAR = "\u2501"; // ━

  private Long target;
  private final int verbose;
  private final PrintStream out;
  private final boolean dynamic;
  private final LongSupplier nanoClock;
  private final String unitName;

  private final Map<String, Double> values = new LinkedHashMap<>();
  private final double start;
  private double lastUpdate;
  private Double timeAfterFirstStep;
  private int prevTotalWidth;
  private long lastDecile = 0;

  /**
   * A bar for {@code target} steps ({@code null} if unknown) on {@code out}; dynamic when a console is attached
   * ({@code System.console() != null}).
   */
  public Progbar(Long target, int verbose, PrintStream out) {
    this(target, verbose, out, System.console() != null, System::nanoTime, "step");
  }

  /**
   * Full control, for tests and other units.
   *
   * @param target the number of steps, {@code null} if unknown
   * @param verbose 1: a bar updated per step; 2: one line at the end
   * @param out where to write
   * @param dynamic rewrite one line in place with ANSI colours (terminal) or write plain lines (logs)
   * @param nanoClock the time source, {@link System#nanoTime()} normally
   * @param unitName {@code step} or {@code sample}
   */
  public Progbar(Long target, int verbose, PrintStream out, boolean dynamic, LongSupplier nanoClock,
      String unitName) {
    this.target = target;
    this.verbose = verbose;
    this.out = Objects.requireNonNull(out, "out");
    this.dynamic = dynamic;
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.unitName = unitName;
    this.start = now();
    this.lastUpdate = 0;
  }

  /** Sets the number of steps once it is known (after a first pass over data of unknown length). */
  public void setTarget(Long target) {
    this.target = target;
  }

  public Long target() {
    return target;
  }

  private double now() {
    return nanoClock.getAsLong() / 1e9;
  }

  /** Updates the bar at step {@code current}; finalizes when {@code current >= target}. */
  public void update(long current, Map<String, Double> logs) {
    update(current, logs, target != null && current >= target);
  }

  /**
   * Updates the bar at step {@code current} (1-based) with the given values, in the order given (new names are
   * appended to the names seen before).
   */
  public void update(long current, Map<String, Double> logs, boolean finalize) {
    if (logs != null) {
      values.putAll(logs);
    }
    double now = now();
    double timePerUnit = estimateStepDuration(current, now);
    if (verbose == 1) {
      // A terminal redraws at most every 50 ms (Keras' interval); plain output writes a line per tenth.
      if (dynamic && now - lastUpdate < INTERVAL_S && !finalize) {
        return;
      }
      if (!dynamic && !finalize && !plainLineDue(current)) {
        lastUpdate = now;
        return;
      }
      writeBar(current, now, timePerUnit, finalize);
    } else if (verbose == 2) {
      if (finalize && target != null && target > 0) {
        StringBuilder info = new StringBuilder();
        info.append(count(current)).append(" - ").append(fixed(now - start, 0)).append('s');
        info.append(" -").append(formatTime(timePerUnit, unitName));
        for (Map.Entry<String, Double> e : values.entrySet()) {
          info.append(" - ").append(e.getKey()).append(": ").append(formatValue(e.getValue(), false));
        }
        info.append('\n');
        out.print(info);
        out.flush();
      }
    }
    lastUpdate = now;
  }

  // Plain mode: a line when a new tenth of the steps is reached.
  private boolean plainLineDue(long current) {
    if (target == null || target <= 0 || current >= target) {
      return false; // the final line follows
    }
    long decile = current * 10 / target;
    if (decile > lastDecile) {
      lastDecile = decile;
      return true;
    }
    return false;
  }

  private void writeBar(long current, double now, double timePerUnit, boolean finalize) {
    StringBuilder message = new StringBuilder();
    int special = 0;
    if (dynamic) {
      message.append("\b".repeat(prevTotalWidth)).append('\r');
    }
    String bar;
    if (target != null && target > 0) {
      String c = count(current);
      int progWidth = (int) (WIDTH * ((double) current / target));
      progWidth = Math.max(0, Math.min(WIDTH, progWidth));
      if (dynamic) {
        bar = "\u001b[1m" + c + "\u001b[0m ";
        special += 8;
        if (progWidth > 0) {
          bar += "\u001b[32m" + BAR_CHAR.repeat(progWidth) + "\u001b[0m";
          special += 9;
        }
        bar += "\u001b[37m" + BAR_CHAR.repeat(WIDTH - progWidth) + "\u001b[0m";
        special += 9;
      } else {
        // Plain text has no colours: show progress with the light line drawing character for the rest.
        bar = c + " " + BAR_CHAR.repeat(progWidth) + "\u2500".repeat(WIDTH - progWidth);
      }
    } else {
      bar = String.format("%7d/Unknown", current);
    }
    message.append(bar);

    String timeText;
    if (target != null && target > 0 && !finalize) {
      double eta = timePerUnit * (target - current);
      if (eta > 3600) {
        timeText = String.format("%d:%02d:%02d", (long) (eta / 3600), (long) ((eta % 3600) / 60),
            (long) (eta % 60));
      } else if (eta > 60) {
        timeText = String.format("%d:%02d", (long) (eta / 60), (long) (eta % 60));
      } else {
        timeText = ((long) eta) + "s";
      }
    } else {
      timeText = fixed(now - start, 0) + "s";
    }
    StringBuilder info = new StringBuilder();
    if (dynamic) {
      info.append(" \u001b[1m").append(timeText).append("\u001b[0m");
      special += 8;
    } else {
      info.append(' ').append(timeText);
    }
    info.append(formatTime(timePerUnit, unitName));
    for (Map.Entry<String, Double> e : values.entrySet()) {
      info.append(" - ").append(e.getKey()).append(": ").append(formatValue(e.getValue(), true));
    }
    message.append(info);
    int totalWidth = bar.length() + info.length() - special;
    if (dynamic) {
      if (prevTotalWidth > totalWidth) {
        message.append(" ".repeat(prevTotalWidth - totalWidth));
      }
      if (finalize) {
        message.append('\n');
      }
    } else {
      message.append('\n');
    }
    out.print(message);
    out.flush();
    prevTotalWidth = totalWidth;
  }

  private String count(long current) {
    int digits = String.valueOf(target).length();
    return String.format("%" + digits + "d/%d", current, target);
  }

  private double estimateStepDuration(long current, double now) {
    if (current == 0) {
      return 0;
    }
    double timePerUnit;
    if (timeAfterFirstStep != null && current > 1) {
      timePerUnit = (now - timeAfterFirstStep) / (current - 1);
    } else {
      timePerUnit = (now - start) / current;
    }
    if (current == 1) {
      timeAfterFirstStep = now;
    }
    return timePerUnit;
  }

  /** Keras' {@code _format_time}: {@code " 5s/step"}, {@code " 10ms/step"} or {@code " 250us/step"}. */
  static String formatTime(double timePerUnit, String unitName) {
    if (timePerUnit >= 1 || timePerUnit == 0) {
      return " " + fixed(timePerUnit, 0) + "s/" + unitName;
    } else if (timePerUnit >= 1e-3) {
      return " " + fixed(timePerUnit * 1000.0, 0) + "ms/" + unitName;
    }
    return " " + fixed(timePerUnit * 1000000.0, 0) + "us/" + unitName;
  }

  /**
   * A metric value as Keras prints it: 4 decimals ({@code 0.1290}) when larger than 1e-3 in magnitude,
   * scientific otherwise ({@code 1.2346e-04}). Verbose 2 compares the signed value, as Keras does.
   */
  static String formatValue(double v, boolean absolute) {
    double test = absolute ? Math.abs(v) : v;
    if (test > 1e-3) {
      return fixed(v, 4);
    }
    return scientific(v, 4);
  }

  /** Python's {@code f"{v:.Nf}"}: the exact binary value rounded half-even. */
  static String fixed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    if (v < 0 || (v == 0 && 1 / v < 0)) {
      // Python keeps the sign of values that round to zero ("-0.0000").
      if (!s.startsWith("-")) {
        s = "-" + s;
      }
    }
    return s;
  }

  /** Python's {@code f"{v:.Ne}"}: {@code 1.2346e-04}, exponent with a sign and at least two digits. */
  static String scientific(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
    if (v == 0) {
      return sign + "0." + "0".repeat(decimals) + "e+00";
    }
    BigDecimal bd = new BigDecimal(Math.abs(v)).round(new MathContext(decimals + 1, RoundingMode.HALF_EVEN));
    int exponent = bd.precision() - bd.scale() - 1;
    BigDecimal mantissa = bd.movePointLeft(exponent).setScale(decimals, RoundingMode.HALF_EVEN);
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + exp;
  }

  /** Keras' display order: training keys sorted, then {@code val_} keys sorted. */
  public static Map<String, Double> displayOrder(Map<String, Double> logs) {
    List<String> train = new ArrayList<>();
    List<String> val = new ArrayList<>();
    for (String k : logs.keySet()) {
      (k.startsWith("val_") ? val : train).add(k);
    }
    train.sort(null);
    val.sort(null);
    Map<String, Double> out = new LinkedHashMap<>();
    for (String k : train) {
      out.put(k, logs.get(k));
    }
    for (String k : val) {
      out.put(k, logs.get(k));
    }
    return out;
  }
}
