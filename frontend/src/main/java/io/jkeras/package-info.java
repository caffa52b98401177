/**
 * jkeras, Keras 3 for Java: {@link io.jkeras.Input} and layers called on symbolic tensors, {@link
 * io.jkeras.Model} (functional models) and {@link io.jkeras.Sequential}, {@link io.jkeras.Compile} for
 * {@code model.compile}, and {@link io.jkeras.Keras} for the process-wide settings ({@code
 * keras.utils.set_random_seed}, {@code clear_session}). Names, defaults and results follow Keras 3; training
 * runs on the runtime found on the class path ({@code jkeras-runtime-tf}).
 *
 * <pre>{@code
 * var inputs = Input.of(28, 28, 1);
 * var x = new Conv2D(32, 3, 3).activation("relu").apply(inputs);
 * x = new Flatten().apply(new MaxPooling2D(2, 2).apply(x));
 * var outputs = new Dense(10).activation("softmax").apply(x);
 * Model model = Model.of(inputs, outputs);
 * model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
 * model.summary();
 * }</pre>
 */
package io.jkeras;
