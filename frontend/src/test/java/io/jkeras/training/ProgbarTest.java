package io.jkeras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.callbacks.ProgbarLogger;
import io.jkeras.layers.Dense;
import io.jkeras.training.FakeRuntime.FakeBackend;
import io.jkeras.training.FakeRuntime.TestMse;
import io.jkeras.training.FakeRuntime.TestSgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** Expected texts are written from keras/src/utils/progbar.py's format strings. */
class ProgbarTest {
  private static final String ESC = "\u001b";
  private static final String BOLD = ESC + "[1m";
  private static final String RESET = ESC + "[0m";
  private static final String GREEN = ESC + "[32m";
  private static final String WHITE = ESC + "[37m";

  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

  private String text() {
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** A clock that returns the given times (seconds) one call after another. */
  private static LongSupplier clock(double... seconds) {
    int[] i = {0};
    return () -> (long) (seconds[Math.min(i[0]++, seconds.length - 1)] * 1e9);
  }

  /** A clock that advances one second per call, starting at 1 s. */
  private static LongSupplier ticking() {
    long[] t = {0};
    return () -> ++t[0] * 1_000_000_000L;
  }

  private static String bars(int n) {
    return "\u2501".repeat(n);
  }

  @Test
  void terminalModeRewritesOneLineWithKerasColours() {
    Progbar bar = new Progbar(3L, 1, out, true, clock(0, 1.0, 2.5), "step");
    bar.update(1, Map.of("loss", 0.5), false);
    bar.update(3, Map.of("loss", 0.25), true);
    String first = "\r" + BOLD + "1/3" + RESET + " " + GREEN + bars(6) + RESET + WHITE + bars(14) + RESET
        + " " + BOLD + "2s" + RESET + " 1s/step - loss: 0.5000";
    // Visible width of the first line: "1/3 " + 20 bars + " 2s 1s/step - loss: 0.5000" = 50.
    // 2.5 s elapsed prints as "2s": Python rounds half to even. (2.5 - 1.0) / 2 = 0.75 s per step.
    String last = "\b".repeat(50) + "\r" + BOLD + "3/3" + RESET + " " + GREEN + bars(20) + RESET + WHITE + RESET
        + " " + BOLD + "2s" + RESET + " 750ms/step - loss: 0.2500\n";
    assertEquals(first + last, text());
  }

  @Test
  void terminalModePadsAShorterLine() {
    Progbar bar = new Progbar(3L, 1, out, true, clock(0, 1.0, 1.5), "step");
    bar.update(1, Map.of("loss", 1234567.0), false); // width 24 + 11 + 21 = 56
    buf.reset();
    bar.update(2, Map.of("loss", 0.5), false); // width 24 + 3 + 11 + 15 = 53
    assertEquals("\b".repeat(56) + "\r" + BOLD + "2/3" + RESET + " " + GREEN + bars(13) + RESET + WHITE
        + bars(7) + RESET + " " + BOLD + "0s" + RESET + " 500ms/step - loss: 0.5000   ", text());
  }

  @Test
  void plainModeWritesWholeLinesWithoutEscapes() {
    Progbar bar = new Progbar(3L, 1, out, false, clock(0, 1.0, 2.5), "step");
    bar.update(1, Map.of("loss", 0.5), false);
    bar.update(3, Map.of("loss", 0.25), true);
    assertEquals("1/3 " + bars(6) + "\u2500".repeat(14) + " 2s 1s/step - loss: 0.5000\n"
        + "3/3 " + bars(20) + " 2s 750ms/step - loss: 0.2500\n", text());
  }

  @Test
  void plainModeWritesAboutOneLinePerTenthOfTheSteps() {
    Progbar bar = new Progbar(100L, 1, out, false, ticking(), "step");
    for (int step = 1; step <= 100; step++) {
      bar.update(step, Map.of("loss", 1.0 / step));
    }
    String[] lines = text().split("\n");
    assertEquals(10, lines.length);
    assertTrue(lines[0].startsWith(" 10/100 " + bars(2) + "\u2500".repeat(18) + " "), lines[0]);
    assertTrue(lines[9].startsWith("100/100 " + bars(20) + " 100s 1s/step - loss: 0.0100"), lines[9]);
    assertTrue(!text().contains(ESC));
  }

  @Test
  void verboseTwoWritesOneLineAtTheEnd() {
    Progbar bar = new Progbar(3L, 2, out, true, clock(0, 1.0, 2.5), "step");
    bar.update(1, Map.of("loss", 0.5), false);
    assertEquals("", text());
    bar.update(3, Map.of("loss", 0.25, "acc", -0.5), true);
    String t = text();
    // Verbose 2 compares the signed value with 1e-3, so a negative value is printed in scientific form.
    assertTrue(t.equals("3/3 - 2s - 750ms/step - loss: 0.2500 - acc: -5.0000e-01\n")
        || t.equals("3/3 - 2s - 750ms/step - acc: -5.0000e-01 - loss: 0.2500\n"), t);
  }

  @Test
  void etaFormats() {
    Progbar hours = new Progbar(10000L, 1, out, true, clock(0, 1.0), "step");
    hours.update(1, Map.of(), false); // 1 s/step, 9999 s left
    assertTrue(text().contains(" " + BOLD + "2:46:39" + RESET + " 1s/step"), text());
    buf.reset();
    Progbar minutes = new Progbar(100L, 1, out, true, clock(0, 1.0), "step");
    minutes.update(1, Map.of(), false); // 99 s left
    assertTrue(text().contains(" " + BOLD + "1:39" + RESET + " 1s/step"), text());
  }

  @Test
  void numberAndTimeFormatsFollowPython() {
    assertEquals("0.5000", Progbar.formatValue(0.5, true));
    assertEquals("-0.5000", Progbar.formatValue(-0.5, true));
    assertEquals("123.4568", Progbar.formatValue(123.45678, true));
    assertEquals("1.0000e-04", Progbar.formatValue(1e-4, true));
    assertEquals("1.5000e-04", Progbar.formatValue(0.00015, true));
    assertEquals("0.0000e+00", Progbar.formatValue(0.0, true));
    assertEquals("1.0000e-03", Progbar.formatValue(0.001, true)); // not > 1e-3
    assertEquals("nan", Progbar.formatValue(Double.NaN, true));
    assertEquals("2", Progbar.fixed(2.5, 0));
    assertEquals("4", Progbar.fixed(3.5, 0));
    assertEquals(" 0s/step", Progbar.formatTime(0, "step"));
    assertEquals(" 2s/step", Progbar.formatTime(2.4, "step"));
    assertEquals(" 12ms/step", Progbar.formatTime(0.0123, "step"));
    assertEquals(" 250us/step", Progbar.formatTime(0.00025, "step"));
  }

  private Model model(FakeBackend backend) {
    Keras.clearSession();
    SymbolicTensor in = Input.of(1);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.backend(backend);
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    return m;
  }

  private static float[][] ids(int n) {
    float[][] x = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
    }
    return x;
  }

  @Test
  void fitPrintsEpochLinesAndKerasKeyOrder() {
    Model m = model(new FakeBackend());
    // 8 training examples in 2 steps, validation on ids 8 and 9. The fake's logs come as {loss, count}.
    m.fit(ids(10), new float[10][1], Fit.epochs(2).batchSize(4).shuffle(false).validationSplit(0.2)
        .callbacks(new ProgbarLogger(out, false, ticking())));
    String epoch = "1/2 " + bars(10) + "\u2500".repeat(10) + " 1s 1s/step - count: 4.0000 - loss: 1.5000\n"
        + "2/2 " + bars(20) + " 3s 2s/step - count: 8.0000 - loss: 3.5000 - val_count: 2.0000"
        + " - val_loss: 8.5000\n";
    assertEquals("Epoch 1/2\n" + epoch + "Epoch 2/2\n" + epoch, text());
  }

  @Test
  void fitVerboseTwoPrintsOneLinePerEpoch() {
    Model m = model(new FakeBackend());
    m.fit(ids(10), new float[10][1], Fit.epochs(2).batchSize(4).shuffle(false).validationSplit(0.2).verbose(2)
        .callbacks(new ProgbarLogger(out, false, ticking())));
    String line = "2/2 - 1s - 500ms/step - count: 8.0000 - loss: 3.5000 - val_count: 2.0000"
        + " - val_loss: 8.5000\n";
    assertEquals("Epoch 1/2\n" + line + "Epoch 2/2\n" + line, text());
  }

  @Test
  void oneEpochHasNoEpochLineAndEvaluatePrintsItsBar() {
    Model m = model(new FakeBackend());
    m.fit(ids(4), new float[4][1], Fit.epochs(1).batchSize(4).shuffle(false)
        .callbacks(new ProgbarLogger(out, false, ticking())));
    // Clock: start 1 s, batch end 2 s, final 3 s; with one step Keras divides the whole 2 s by 1.
    assertEquals("1/1 " + bars(20) + " 2s 2s/step - count: 4.0000 - loss: 1.5000\n", text());
    buf.reset();
    m.evaluate(ids(4), new float[4][1], Evaluate.batchSize(2).callbacks(new ProgbarLogger(out, false, ticking())));
    assertEquals("1/2 " + bars(10) + "\u2500".repeat(10) + " 1s 1s/step - count: 2.0000 - loss: 0.5000\n"
        + "2/2 " + bars(20) + " 3s 2s/step - count: 4.0000 - loss: 1.5000\n", text());
  }
}
