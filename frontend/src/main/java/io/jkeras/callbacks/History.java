package io.jkeras.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch logs of a {@code fit}, as Keras' {@code History}: {@code fit} returns it, and
 * {@code model.history()} holds the last one.
 *
 * <pre>{@code
 * History h = model.fit(x, y, Fit.epochs(3).validationSplit(0.1));
 * List<Double> valLoss = h.get("val_loss"); // one value per epoch
 * }</pre>
 */
public class History extends Callback {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> history = new LinkedHashMap<>();

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    // Keras restarts the epoch list but keeps the values of earlier fits when a History is reused.
    epochs.clear();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    if (logs != null) {
      logs.forEach((k, v) -> history.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
  }

  /** The epochs run, 0-based ({@code history.epoch} in Keras). */
  public List<Integer> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** All values by log name ({@code history.history} in Keras). */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    history.forEach((k, v) -> m.put(k, Collections.unmodifiableList(v)));
    return Collections.unmodifiableMap(m);
  }

  /** The values of one log name, one per epoch; the error lists the names there are. */
  public List<Double> get(String name) {
    List<Double> v = history.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "History has no values named '" + name + "'; names: " + history.keySet());
    }
    return Collections.unmodifiableList(v);
  }

  /** The log names recorded, in the order first seen. */
  public List<String> keys() {
    return List.copyOf(history.keySet());
  }

  @Override
  public String toString() {
    return "History" + history;
  }
}
