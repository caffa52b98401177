package io.jkeras.metrics;

import io.jkeras.saving.KerasSerializable;

/**
 * A metric as data: its name (the key in logs and {@code History}) and arguments. The runtime computes it
 * statefully over an epoch, as Keras does.
 *
 * <pre>{@code
 * model.compile(Compile.optimizer("adam").loss("mse").metrics("mae", new RootMeanSquaredError()));
 * }</pre>
 */
public interface Metric extends KerasSerializable {
  /** The name in logs: {@code accuracy}, {@code mae}, {@code precision}, ... */
  String name();
}
