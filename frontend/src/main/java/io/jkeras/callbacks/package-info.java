/**
 * Hooks into training, evaluation and prediction, as {@code keras.callbacks}: {@link
 * io.jkeras.callbacks.Callback}, {@link io.jkeras.callbacks.CallbackList}, {@link
 * io.jkeras.callbacks.LambdaCallback}, {@link io.jkeras.callbacks.History}, {@link
 * io.jkeras.callbacks.ProgbarLogger}, {@link io.jkeras.callbacks.EarlyStopping}, {@link
 * io.jkeras.callbacks.ReduceLROnPlateau}, {@link io.jkeras.callbacks.LearningRateScheduler}, {@link
 * io.jkeras.callbacks.ModelCheckpoint}, {@link io.jkeras.callbacks.CSVLogger}, {@link
 * io.jkeras.callbacks.TerminateOnNaN} and {@link
 * io.jkeras.callbacks.TensorBoard}.
 *
 * <pre>{@code
 * var early = new EarlyStopping().monitor("val_loss").patience(3).restoreBestWeights(true);
 * var log = new CSVLogger(Path.of("logs/training.csv"));
 * model.fit(x, y, Fit.epochs(50).validationSplit(0.1).callbacks(early, log));
 * }</pre>
 */
package io.jkeras.callbacks;
