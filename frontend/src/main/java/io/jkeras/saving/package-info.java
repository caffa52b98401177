/**
 * Saving and loading behind {@link io.jkeras.Model#save}, {@link io.jkeras.Model#load}, {@code saveWeights}
 * and {@code loadWeights}: a zip laid out as Keras' {@code .keras} (model JSON, compile config, weights in
 * NumPy's {@code .npz}), written atomically. Every problem is a {@link io.jkeras.saving.SavingException}
 * naming the file. Users call the {@code Model} methods; the classes here are their implementation.
 *
 * <pre>{@code
 * model.save(Path.of("model.jkeras"));
 * Model again = Model.load(Path.of("model.jkeras"));
 * }</pre>
 */
package io.jkeras.saving;
