package io.jkeras.layers;

import java.util.List;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

import java.util.Map;

/**
 * The average of each feature over all steps (Keras' {@code GlobalAveragePooling1D(data_format=None,
 * keepdims=False)}); no weights. With a mask on the input (Keras' {@code mask} call argument, e.g. after {@code
 * Embedding(mask_zero=True)}), the average is over the unmasked steps only: {@code Σ x·mask / Σ mask}; the
 * output carries no mask.
 *
 * <pre>{@code
 * var y = new GlobalAveragePooling1D().apply(x);                  // (None, 10, 8) -> (None, 8)
 * var z = new GlobalAveragePooling1D().keepdims(true).apply(x);   // (None, 10, 8) -> (None, 1, 8)
 * }</pre>
 */
public final class GlobalAveragePooling1D extends GlobalPooling1D<GlobalAveragePooling1D> {
  public GlobalAveragePooling1D() {}

  /** Rebuilds the layer from Keras' config. */
  public static GlobalAveragePooling1D fromConfig(Map<String, ?> config) {
    return configure(new GlobalAveragePooling1D(), config);
  }

  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** No mask on the output: the steps are reduced away (Keras' {@code compute_mask} returns None). */
  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    return List.of(Optional.empty());
  }
}
