package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Flattens every dimension but the batch one (Keras' {@code Flatten}); no weights.
 *
 * <pre>{@code
 * var y = new Flatten().apply(x);   // (None, 5, 5, 64) -> (None, 1600)
 * }</pre>
 */
public final class Flatten extends BaseLayer<Flatten> {
  public Flatten() {}

  /** Rebuilds the layer from Keras' config. */
  public static Flatten fromConfig(Map<String, ?> config) {
    Flatten f = new Flatten();
    f.applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", v -> LayerConfigs.checkChannelsLast(v, "Flatten"));
    return f;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() < 1) {
      throw error("expects an input with a batch dimension, got shape " + Shapes.format(in));
    }
    return Shape.of(in.get(0), Shapes.sizeFrom(in, 1));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", "channels_last");
    return c;
  }
}
