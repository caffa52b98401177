/**
 * Training on several devices and processes with TensorFlow's own distributed runtime, under TensorFlow's
 * names: {@link io.jkeras.distribute.MirroredStrategy} (the devices of one process) and {@link
 * io.jkeras.distribute.MultiWorkerMirroredStrategy} (processes and machines, the cluster read from {@code
 * TF_CONFIG}, {@link io.jkeras.distribute.TfConfig}). As in Keras, the model is made and compiled in the
 * strategy's scope, then trained as usual; {@code batch_size} is the global batch, split over the replicas.
 * docs/DISTRIBUTED.md has the recipes and the measured costs.
 *
 * <pre>{@code
 * var strategy = new MirroredStrategy("/cpu:0", "/cpu:1");   // or new MultiWorkerMirroredStrategy()
 * Model model;
 * try (var scope = strategy.scope()) {
 *   var in = Input.of(784);
 *   model = Model.of(in, new Dense(10).activation("softmax").apply(in));
 *   model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
 * }
 * model.fit(x, y, Fit.epochs(2).batchSize(256));
 * }</pre>
 */
package io.jkeras.distribute;
