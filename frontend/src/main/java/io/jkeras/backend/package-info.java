/**
 * The seam between the model language and a runtime: {@link io.jkeras.backend.Backend} (found by {@code
 * ServiceLoader}; {@code jkeras-runtime-tf} provides TensorFlow's), the {@link
 * io.jkeras.backend.ModelRuntime} it makes for a model, and {@link io.jkeras.backend.RuntimeOptions}, the
 * settings a user may give: seed, determinism, thread counts and speed switches. The rest of the package is
 * for runtime implementers.
 *
 * <pre>{@code
 * model.runtimeOptions(RuntimeOptions.defaults().seed(42).deterministic(true).intraOpThreads(2));
 * model.fit(x, y, Fit.epochs(1));
 * }</pre>
 */
package io.jkeras.backend;
