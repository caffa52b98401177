/**
 * Tools, as {@code keras.utils}: {@link io.jkeras.utils.ModelPlotter} is {@code plot_model} (Graphviz DOT,
 * rendered when Graphviz' {@code dot} is installed).
 *
 * <pre>{@code
 * ModelPlotter.Result r = model.plot(Path.of("model.png"));   // writes model.dot, and model.png with Graphviz
 * System.out.println(r.message());
 * }</pre>
 */
package io.jkeras.utils;
