package io.jkeras.layers;

import io.jkeras.Variable;
import io.jkeras.saving.ModelSerializer;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * Applies a layer to every temporal slice of its input, with the same weights (Keras' {@code
 * TimeDistributed(layer)}): an input {@code (batch, timesteps, ...)} gives {@code (batch, timesteps, ...)} where
 * the trailing dimensions are the wrapped layer's output for {@code (batch, ...)}. Parameters: the wrapped
 * layer's. An incoming mask is passed on.
 *
 * <pre>{@code
 * var frames = Input.of(8, 28, 28, 1);                                   // 8 images per sample
 * var f = new TimeDistributed(new Conv2D(16, 3, 3)).apply(frames);       // (None, 8, 26, 26, 16)
 * var y = new TimeDistributed(new Dense(10)).apply(Input.of(5, 32));     // (None, 5, 10), 330 params
 * }</pre>
 */
public final class TimeDistributed extends BaseLayer<TimeDistributed> {
  private final Layer layer;

  /** @param layer the layer applied to each time step; it must have one input and one output */
  public TimeDistributed(Layer layer) {
    this.layer = Objects.requireNonNull(layer, "TimeDistributed: argument 'layer' is null");
  }

  /** Rebuilds the layer from Keras' config ({@code layer}). */
  public static TimeDistributed fromConfig(Map<String, ?> config) {
    TimeDistributed t = new TimeDistributed(LayerConfigs.layer(config.get("layer"), "TimeDistributed config 'layer'"));
    t.applyBaseConfig(config);
    return t;
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  @Override
  protected void setTrainable(boolean trainable) {
    super.setTrainable(trainable);
    layer.setTrainable(trainable);
  }

  @Override
  protected List<Variable> ownWeights() {
    return layer.weights();
  }

  /** The shape one time step has: the input without its time axis. */
  static Shape stepShape(Shape in) {
    long[] dims = new long[in.numDimensions() - 1];
    dims[0] = in.get(0);
    for (int i = 2; i < in.numDimensions(); i++) {
      dims[i - 1] = in.get(i);
    }
    return Shape.of(dims);
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() < 3) {
      throw error("expects an input of rank >= 3 (batch, timesteps, ...), got shape " + Shapes.format(in));
    }
    List<Shape> child;
    try {
      child = layer.computeOutputShapes(List.of(stepShape(in)));
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    if (child.size() != 1) {
      throw error("the wrapped layer '" + layer.name() + "' must have one output, got " + child.size());
    }
    Shape c = child.get(0);
    long[] dims = new long[c.numDimensions() + 1];
    dims[0] = in.get(0);
    dims[1] = in.get(1);
    for (int i = 1; i < c.numDimensions(); i++) {
      dims[i + 1] = c.get(i);
    }
    return Shape.of(dims);
  }

  @Override
  protected void build(Shape inputShape) {
    layer.buildWithoutNode(List.of(stepShape(inputShape)));
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("layer", ModelSerializer.serializeLayer(layer));
    return c;
  }
}
