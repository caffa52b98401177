package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The layer behind {@link io.jkeras.Input}: it has no weights and one node whose output is the model's input
 * tensor. Users normally call {@link io.jkeras.Input#of(int...)} instead.
 *
 * <pre>{@code
 * var layer = new InputLayer(Shapes.withBatch(28, 28, 1), DType.FLOAT32, "image");
 * SymbolicTensor image = layer.output();
 * }</pre>
 */
public final class InputLayer extends Layer {
  private final SymbolicTensor output;

  /**
   * @param batchShape the full shape, batch dimension first ({@link Shape#UNKNOWN_SIZE} if unknown)
   * @param dtype element type of the input
   * @param name the name, or {@code null} for Keras' automatic {@code input_layer}, {@code input_layer_1}, ...
   */
  public InputLayer(Shape batchShape, DType dtype, String name) {
    if (batchShape == null || batchShape.isUnknown() || batchShape.numDimensions() < 1) {
      throw new IllegalArgumentException("InputLayer: shape must be known and have a batch dimension");
    }
    for (int i = 1; i < batchShape.numDimensions(); i++) {
      long d = batchShape.get(i);
      if (d != Shape.UNKNOWN_SIZE && d <= 0) {
        throw new IllegalArgumentException(
            "InputLayer" + (name == null ? "" : " '" + name + "'") + ": every dimension must be positive, got "
                + Shapes.format(batchShape));
      }
    }
    if (name != null) {
      setName(name);
    } else {
      // Keras names an Input when it is made, so Inputs are numbered in creation order.
      name();
    }
    setDtype(dtype);
    setBatchInputShape(batchShape);
    this.output = addInputNode(batchShape, dtype);
  }

  /** Rebuilds an input layer from Keras' config ({@code batch_shape}, {@code dtype}, {@code name}). */
  public static InputLayer fromConfig(Map<String, ?> config) {
    Object bs = config.get("batch_shape");
    if (!(bs instanceof List<?> dims)) {
      throw new IllegalArgumentException("InputLayer config needs 'batch_shape', got " + config);
    }
    Object dt = config.get("dtype");
    return new InputLayer(
        Shapes.fromNullableList(dims), dt == null ? DType.FLOAT32 : DType.fromConfigValue(dt),
        (String) config.get("name"));
  }

  @Override
  protected String defaultNamePrefix() {
    return "input_layer";
  }

  /** The symbolic tensor this layer feeds into the model. */
  public SymbolicTensor output() {
    return output;
  }

  /** The full input shape, batch dimension first. */
  public Shape batchShape() {
    return output.shape();
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> config = new java.util.LinkedHashMap<>();
    config.put("batch_shape", Shapes.toNullableList(output.shape()));
    config.put("dtype", dtype().kerasName());
    config.put("sparse", false);
    config.put("name", name());
    return config;
  }
}
