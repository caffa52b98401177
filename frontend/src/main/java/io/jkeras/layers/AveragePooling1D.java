package io.jkeras.layers;

import java.util.Map;

/**
 * Average over windows of the steps of {@code (batch, steps, features)} (Keras' {@code AveragePooling1D}); no weights.
 * Output steps: {@code floor((steps - pool_size) / strides) + 1} ({@code "valid"}) or {@code ceil(steps /
 * strides)} ({@code "same"}).
 *
 * <pre>{@code
 * var y = new AveragePooling1D().apply(x);                               // (None, 10, 8) -> (None, 5, 8)
 * var z = new AveragePooling1D(3).strides(2).padding("same").apply(x);   // (None, 10, 8) -> (None, 5, 8)
 * }</pre>
 */
public final class AveragePooling1D extends Pooling1D<AveragePooling1D> {
  /** A window of 2 steps with stride 2, Keras' default. */
  public AveragePooling1D() {
    this(2);
  }

  /** A window of {@code poolSize} steps, stride equal to the window unless set. */
  public AveragePooling1D(int poolSize) {
    super(poolSize);
  }

  /** Rebuilds the layer from Keras' config. */
  public static AveragePooling1D fromConfig(Map<String, ?> config) {
    return configure(new AveragePooling1D(poolSizeFromConfig(config, "AveragePooling1D")), config);
  }
}
