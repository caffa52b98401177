package io.jkeras.callbacks;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A callback made of lambdas, as Keras' {@code LambdaCallback}.
 *
 * <pre>{@code
 * var printer = LambdaCallback.create()
 *     .onEpochEnd((epoch, logs) -> System.out.println(epoch + ": " + logs.get("loss")));
 * model.fit(x, y, Fit.epochs(3).callbacks(printer));
 * }</pre>
 */
public final class LambdaCallback extends Callback {
  private Consumer<Map<String, Double>> trainBegin = l -> {};
  private Consumer<Map<String, Double>> trainEnd = l -> {};
  private BiConsumer<Integer, Map<String, Double>> epochBegin = (e, l) -> {};
  private BiConsumer<Integer, Map<String, Double>> epochEnd = (e, l) -> {};
  private BiConsumer<Integer, Map<String, Double>> batchBegin = (b, l) -> {};
  private BiConsumer<Integer, Map<String, Double>> batchEnd = (b, l) -> {};

  private LambdaCallback() {}

  /** A callback that does nothing until hooks are set. */
  public static LambdaCallback create() {
    return new LambdaCallback();
  }

  public LambdaCallback onTrainBegin(Consumer<Map<String, Double>> f) {
    this.trainBegin = f;
    return this;
  }

  public LambdaCallback onTrainEnd(Consumer<Map<String, Double>> f) {
    this.trainEnd = f;
    return this;
  }

  public LambdaCallback onEpochBegin(BiConsumer<Integer, Map<String, Double>> f) {
    this.epochBegin = f;
    return this;
  }

  public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) {
    this.epochEnd = f;
    return this;
  }

  /** Called at the start of each training batch (Keras' {@code on_train_batch_begin}). */
  public LambdaCallback onTrainBatchBegin(BiConsumer<Integer, Map<String, Double>> f) {
    this.batchBegin = f;
    return this;
  }

  /** Called at the end of each training batch (Keras' {@code on_train_batch_end}). */
  public LambdaCallback onTrainBatchEnd(BiConsumer<Integer, Map<String, Double>> f) {
    this.batchEnd = f;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    trainBegin.accept(logs);
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    trainEnd.accept(logs);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    epochBegin.accept(epoch, logs);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochEnd.accept(epoch, logs);
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    batchBegin.accept(batch, logs);
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    batchEnd.accept(batch, logs);
  }
}
