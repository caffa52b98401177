/**
 * Optimizers and learning-rate schedules, as {@code keras.optimizers}: Keras' names, defaults and update
 * rules, with {@code clipnorm}, {@code clipvalue}, {@code global_clipnorm} and {@code weight_decay}.
 *
 * <pre>{@code
 * var schedule = new ExponentialDecay(1e-3, 1000, 0.9);
 * model.compile(Compile.optimizer(new Adam().learningRate(schedule).clipnorm(1.0)).loss("mse"));
 * }</pre>
 */
package io.jkeras.optimizers;
