/**
 * How a model is described: {@link io.jkeras.models.FunctionalGraph} (Keras' {@code map_graph}: layers and
 * nodes in Keras' order) and {@link io.jkeras.models.SummaryPrinter} ({@code model.summary()} in Keras 3's
 * layout, with its options).
 *
 * <pre>{@code
 * String table = model.summaryString(new SummaryPrinter.Options().expandNested(true).showTrainable(true));
 * }</pre>
 */
package io.jkeras.models;
