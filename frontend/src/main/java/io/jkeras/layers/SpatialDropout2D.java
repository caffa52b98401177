package io.jkeras.layers;

import java.util.Map;

/**
 * Dropout of whole 2D feature maps (Keras' {@code SpatialDropout2D(rate, data_format=None, seed=None)}): the
 * keep/drop mask has shape {@code (batch, 1, 1, channels)} ({@code (batch, channels, 1, 1)} for {@code
 * channels_first}), kept values are scaled by {@code 1 / (1 - rate)}; the identity at inference. No weights.
 *
 * <pre>{@code
 * var x = Input.of(28, 28, 32);
 * var y = new SpatialDropout2D(0.1).seed(7).apply(x);   // (None, 28, 28, 32)
 * }</pre>
 */
public final class SpatialDropout2D extends BaseSpatialDropout<SpatialDropout2D> {
  private String dataFormat = "channels_last";

  /** @param rate the fraction of the channels to drop, in [0, 1) */
  public SpatialDropout2D(double rate) {
    super(rate);
  }

  /** Rebuilds the layer from Keras' config. */
  public static SpatialDropout2D fromConfig(Map<String, ?> config) {
    SpatialDropout2D d = new SpatialDropout2D(rateOf(config, "SpatialDropout2D"));
    d.applySpatialConfig(config);
    LayerConfigs.ifPresent(config, "data_format", v -> d.dataFormat((String) v));
    return d;
  }

  /** {@code "channels_last"} (default) or {@code "channels_first"}. */
  public SpatialDropout2D dataFormat(String dataFormat) {
    checkConfigurable("data_format");
    if (!"channels_last".equals(dataFormat) && !"channels_first".equals(dataFormat)) {
      throw new IllegalArgumentException("Layer '" + nameForMessages() + "' (SpatialDropout2D): argument"
          + " 'data_format' must be 'channels_last' or 'channels_first', got '" + dataFormat + "'");
    }
    this.dataFormat = dataFormat;
    return this;
  }

  public String dataFormat() {
    return dataFormat;
  }

  @Override
  protected int inputRank() {
    return 4;
  }

  @Override
  public boolean ownMaskAxis(int axis) {
    return axis == 0 || axis == ("channels_last".equals(dataFormat) ? 3 : 1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", dataFormat);
    return c;
  }
}
