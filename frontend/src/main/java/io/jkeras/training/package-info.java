/**
 * The training loop that is the same for every runtime, as Keras 3's trainer: {@link io.jkeras.training.Fit},
 * {@link io.jkeras.training.Evaluate} and {@link io.jkeras.training.Predict} options, data as ndarrays, Java
 * arrays, lists or maps by name, or {@link io.jkeras.training.Batches} for data that does not fit in memory,
 * validation split, shuffling, class and sample weights, and the {@link io.jkeras.training.Progbar}.
 *
 * <pre>{@code
 * model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
 * History h = model.fit(xTrain, yTrain, Fit.epochs(3).batchSize(64).validationSplit(0.1));
 * Map<String, Double> scores = model.evaluate(xTest, yTest);
 * }</pre>
 */
package io.jkeras.training;
