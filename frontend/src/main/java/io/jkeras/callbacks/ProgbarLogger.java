package io.jkeras.callbacks;

import io.jkeras.training.Progbar;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Prints the progress bar of {@code fit}, {@code evaluate} and {@code predict} ({@link Progbar}), as Keras'
 * {@code ProgbarLogger}. Added by itself when {@code verbose != 0}; pass one in the callbacks to write
 * elsewhere than standard output.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(3).callbacks(new ProgbarLogger(myStream, false)));
 * }</pre>
 */
public class ProgbarLogger extends Callback {
  private final PrintStream out;
  private final boolean dynamic;
  private final LongSupplier clock;
  private Progbar progbar;
  private long seen;
  private Long target;
  private int verbose = 1;
  private int epochs = 1;
  private boolean calledInFit;

  /** Writes to standard output; in place when a console is attached. */
  public ProgbarLogger() {
    this(System.out, System.console() != null);
  }

  /** Writes to {@code out}; {@code dynamic}: rewrite one line in place (terminal) or plain lines (logs). */
  public ProgbarLogger(PrintStream out, boolean dynamic) {
    this(out, dynamic, System::nanoTime);
  }

  /** As {@link #ProgbarLogger(PrintStream, boolean)} with a given clock (tests). */
  public ProgbarLogger(PrintStream out, boolean dynamic, LongSupplier nanoClock) {
    this.out = Objects.requireNonNull(out, "out");
    this.dynamic = dynamic;
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  @Override
  public void setParams(Map<String, Object> params) {
    super.setParams(params);
    Object v = params.get("verbose");
    verbose = v instanceof Number n ? n.intValue() : 1;
    Object e = params.get("epochs");
    epochs = e instanceof Number n ? n.intValue() : 1;
    Object s = params.get("steps");
    target = s instanceof Number n ? n.longValue() : null;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    calledInFit = true;
  }

  @Override
  public void onTestBegin(Map<String, Double> logs) {
    if (!calledInFit) {
      reset();
      maybeInit();
    }
  }

  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    reset();
    maybeInit();
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    reset();
    maybeInit();
    if (verbose != 0 && epochs > 1) {
      out.println("Epoch " + (epoch + 1) + "/" + epochs);
      out.flush();
    }
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    updateProgbar(batch, logs);
  }

  @Override
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    if (!calledInFit) {
      updateProgbar(batch, logs);
    }
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    updateProgbar(batch, null);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    finalizeProgbar(logs);
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (!calledInFit) {
      finalizeProgbar(logs);
    }
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    finalizeProgbar(logs);
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    calledInFit = false;
  }

  private void reset() {
    seen = 0;
    progbar = null;
  }

  private void maybeInit() {
    if (progbar == null) {
      progbar = new Progbar(target, verbose, out, dynamic, clock, "step");
    }
  }

  private void updateProgbar(int batch, Map<String, Double> logs) {
    maybeInit();
    seen = batch + 1L;
    if (verbose == 1) {
      progbar.update(seen, logs == null ? Map.of() : Progbar.displayOrder(logs), false);
    }
  }

  private void finalizeProgbar(Map<String, Double> logs) {
    maybeInit();
    if (target == null) {
      // Unknown length: the first pass tells it, as in Keras.
      target = seen;
      progbar.setTarget(target);
    }
    progbar.update(target, logs == null ? Map.of() : Progbar.displayOrder(logs), true);
  }
}
