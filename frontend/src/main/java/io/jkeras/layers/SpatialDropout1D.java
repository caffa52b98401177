package io.jkeras.layers;

import java.util.Map;

/**
 * Dropout of whole 1D feature maps (Keras' {@code SpatialDropout1D(rate, seed=None)}): on an input {@code
 * (batch, steps, channels)} the keep/drop mask has shape {@code (batch, 1, channels)}, kept values are scaled by
 * {@code 1 / (1 - rate)}; the identity at inference. No weights.
 *
 * <pre>{@code
 * var x = Input.of(100, 16);
 * var y = new SpatialDropout1D(0.2).apply(x);   // (None, 100, 16)
 * }</pre>
 */
public final class SpatialDropout1D extends BaseSpatialDropout<SpatialDropout1D> {

  /** @param rate the fraction of the channels to drop, in [0, 1) */
  public SpatialDropout1D(double rate) {
    super(rate);
  }

  /** Rebuilds the layer from Keras' config. */
  public static SpatialDropout1D fromConfig(Map<String, ?> config) {
    SpatialDropout1D d = new SpatialDropout1D(rateOf(config, "SpatialDropout1D"));
    d.applySpatialConfig(config);
    return d;
  }

  @Override
  protected int inputRank() {
    return 3;
  }

  @Override
  public boolean ownMaskAxis(int axis) {
    return axis != 1;
  }
}
