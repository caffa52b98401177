/**
 * The TensorFlow runtime: {@link io.jkeras.tf.TfBackend} (found by {@code ServiceLoader}) lowers a model to one
 * TF graph run by one session, {@link io.jkeras.tf.TfModelRuntime}. User code rarely names this package: a
 * model finds the runtime by itself. Its API for users is {@link io.jkeras.tf.SavedModel} (load and serve any
 * SavedModel) and {@link io.jkeras.tf.TfDevices} (the devices TensorFlow sees).
 *
 * <pre>{@code
 * model.export(Path.of("target/savedmodel"));
 * try (SavedModel served = SavedModel.load(Path.of("target/savedmodel"))) {
 *   FloatNdArray probabilities = served.predict(images);
 * }
 * boolean gpu = TfDevices.gpuAvailable();
 * }</pre>
 *
 * <p>TensorFlow's native INFO lines are off by default; {@code -Djkeras.tf.minLogLevel=0} (or {@code
 * TF_CPP_MIN_LOG_LEVEL=0} in the environment) shows them, warnings and errors always show (docs/USING.md).
 *
 * <p>How a model becomes a graph:
 *
 * <ul>
 *   <li>inputs: a feed chain per model input, named by the input, batch dimension unknown (uint8, int32,
 *       int64, float64 and float32 arrays feed it; TF casts);
 *   <li>weights: one ref variable per model weight, named by its Keras path ({@code conv2d/kernel}), given its
 *       initial values (drawn in Java from the seeded initializers) through placeholders and assign ops;
 *   <li>forward: the layer graph walked in execution order, each layer lowered by the {@link
 *       io.jkeras.tf.lowering.LayerLowering} registered for its class; a training and an inference pass on
 *       the same variables when a layer differs (Dropout, BatchNormalization), else one pass;
 *   <li>step: per-output losses ({@code sum_over_batch_size} with sample weights), regularization, metric
 *       statistics, {@code Graph.addGradients}, the optimizer's fused update after a barrier on every
 *       gradient, constraints after the update; one {@code Session.run} per step.
 * </ul>
 *
 * <p>TF limits worked around here: the C++ gradient of {@code Conv2D} ignores dilations (dilated convolutions
 * use space-to-batch); gradients of {@code Square}/{@code Mul} crash on ref inputs (weights are read through
 * {@code Identity}); ref reads happen when an op runs (updates wait for all gradients).
 */
package io.jkeras.tf;
