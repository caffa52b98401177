package io.jkeras.callbacks;

import java.util.Map;

/**
 * Stops training at the batch whose loss is NaN or infinite, as Keras 3's
 * {@code keras.callbacks.TerminateOnNaN}. jkeras' {@code fit} already stops on an invalid loss by itself; this
 * callback is there for programs written against Keras (and it stops on any batch-end logs given to it, also
 * from a custom loop).
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(10).callbacks(new TerminateOnNaN()));
 * }</pre>
 */
public class TerminateOnNaN extends Callback {
  private Integer terminatedAtBatch;

  /** The batch (within its epoch) that stopped training, or {@code null}. */
  public Integer terminatedAtBatch() {
    return terminatedAtBatch;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    terminatedAtBatch = null;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs == null ? null : logs.get("loss");
    if (loss != null && (loss.isNaN() || loss.isInfinite())) {
      System.out.println("Batch " + batch + ": Invalid loss, terminating training");
      terminatedAtBatch = batch;
      model().stopTraining(true);
    }
  }
}
