package io.jkeras.layers;

import java.util.Map;

/**
 * Max over windows of the steps of {@code (batch, steps, features)} (Keras' {@code MaxPooling1D}); no weights.
 * Output steps: {@code floor((steps - pool_size) / strides) + 1} ({@code "valid"}) or {@code ceil(steps /
 * strides)} ({@code "same"}).
 *
 * <pre>{@code
 * var y = new MaxPooling1D().apply(x);                               // (None, 10, 8) -> (None, 5, 8)
 * var z = new MaxPooling1D(3).strides(2).padding("same").apply(x);   // (None, 10, 8) -> (None, 5, 8)
 * }</pre>
 */
public final class MaxPooling1D extends Pooling1D<MaxPooling1D> {
  /** A window of 2 steps with stride 2, Keras' default. */
  public MaxPooling1D() {
    this(2);
  }

  /** A window of {@code poolSize} steps, stride equal to the window unless set. */
  public MaxPooling1D(int poolSize) {
    super(poolSize);
  }

  /** Rebuilds the layer from Keras' config. */
  public static MaxPooling1D fromConfig(Map<String, ?> config) {
    return configure(new MaxPooling1D(poolSizeFromConfig(config, "MaxPooling1D")), config);
  }
}
