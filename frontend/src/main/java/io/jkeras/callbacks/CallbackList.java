package io.jkeras.callbacks;

import io.jkeras.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls every callback's hook in order, as Keras' {@code CallbackList}. The training loop adds a
 * {@link History} and (when {@code verbose != 0}) a {@link ProgbarLogger} after the user's callbacks, unless
 * the user gave one.
 *
 * <pre>{@code
 * var list = new CallbackList(List.of(myCallback), true, true, Map.of("verbose", 1, "epochs", 3, "steps", 100L),
 *     model);
 * }</pre>
 */
public final class CallbackList extends Callback {
  private final List<Callback> callbacks;
  private History history;
  private ProgbarLogger progbar;

  /**
   * @param callbacks the user's callbacks, in order
   * @param addHistory add a {@link History} if none is given
   * @param addProgbar add a {@link ProgbarLogger} if none is given
   * @param params {@code verbose}, {@code epochs}, {@code steps} ({@code null} if unknown)
   * @param model the model, given to every callback
   */
  public CallbackList(List<? extends Callback> callbacks, boolean addHistory, boolean addProgbar,
      Map<String, Object> params, Model model) {
    this.callbacks = new ArrayList<>(callbacks == null ? List.of() : callbacks);
    for (Callback cb : this.callbacks) {
      if (cb == null) {
        throw new IllegalArgumentException("callbacks: a callback is null");
      }
      if (cb instanceof ProgbarLogger p) {
        progbar = p;
      } else if (cb instanceof History h) {
        history = h;
      }
    }
    if (history == null && addHistory) {
      history = new History();
      this.callbacks.add(history);
    }
    if (progbar == null && addProgbar) {
      progbar = new ProgbarLogger();
      this.callbacks.add(progbar);
    }
    Map<String, Object> p = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    setParams(p);
    setModel(model);
  }

  @Override
  public void setParams(Map<String, Object> params) {
    super.setParams(params);
    if (callbacks != null) {
      callbacks.forEach(c -> c.setParams(params));
    }
  }

  @Override
  public void setModel(Model model) {
    super.setModel(model);
    if (callbacks != null) {
      callbacks.forEach(c -> c.setModel(model));
    }
  }

  /** The callbacks called, in order (the user's, then History and ProgbarLogger if added). */
  public List<Callback> callbacks() {
    return Collections.unmodifiableList(callbacks);
  }

  /** The History in the list, or {@code null} if none. */
  public History history() {
    return history;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainBegin(logs));
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainEnd(logs));
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onEpochBegin(epoch, logs));
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onEpochEnd(epoch, logs));
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainBatchBegin(batch, logs));
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTrainBatchEnd(batch, logs));
  }

  @Override
  public void onTestBegin(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestBegin(logs));
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestEnd(logs));
  }

  @Override
  public void onTestBatchBegin(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestBatchBegin(batch, logs));
  }

  @Override
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onTestBatchEnd(batch, logs));
  }

  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictBegin(logs));
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictEnd(logs));
  }

  @Override
  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictBatchBegin(batch, logs));
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    callbacks.forEach(c -> c.onPredictBatchEnd(batch, logs));
  }
}
