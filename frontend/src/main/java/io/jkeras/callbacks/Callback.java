package io.jkeras.callbacks;

import io.jkeras.Model;
import java.util.Map;

/**
 * Hooks into {@code fit}, {@code evaluate} and {@code predict}, as Keras' {@code keras.callbacks.Callback}.
 * Override the hooks you need; all do nothing by default. Batch and epoch numbers are 0-based, as in Keras.
 * Logs are the running values by Keras' names ({@code loss}, {@code accuracy}, {@code val_loss}, ...); the
 * epoch-end map is shared by the callbacks in order and may be added to (as ReduceLROnPlateau adds
 * {@code learning_rate}).
 *
 * <pre>{@code
 * class StopAtLoss extends Callback {
 *   public void onEpochEnd(int epoch, Map<String, Double> logs) {
 *     if (logs.get("loss") < 0.1) {
 *       model().stopTraining(true);
 *     }
 *   }
 * }
 * model.fit(x, y, Fit.epochs(10).callbacks(new StopAtLoss()));
 * }</pre>
 */
public abstract class Callback {
  private Model model;
  private Map<String, Object> params = Map.of();

  /** Called by {@link CallbackList} before training: the model being trained. */
  public void setModel(Model model) {
    this.model = model;
  }

  /** The model this callback is attached to (set before {@code onTrainBegin}). */
  public Model model() {
    return model;
  }

  /** Called by {@link CallbackList}: {@code verbose}, {@code epochs}, {@code steps} (null if unknown). */
  public void setParams(Map<String, Object> params) {
    this.params = params;
  }

  /** The run's parameters: {@code verbose}, {@code epochs}, {@code steps}. */
  public Map<String, Object> params() {
    return params;
  }

  public void onTrainBegin(Map<String, Double> logs) {}

  public void onTrainEnd(Map<String, Double> logs) {}

  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

  public void onTestBegin(Map<String, Double> logs) {}

  public void onTestEnd(Map<String, Double> logs) {}

  public void onTestBatchBegin(int batch, Map<String, Double> logs) {}

  public void onTestBatchEnd(int batch, Map<String, Double> logs) {}

  public void onPredictBegin(Map<String, Double> logs) {}

  public void onPredictEnd(Map<String, Double> logs) {}

  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {}
}
