package io.jkeras.backend;

import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * One batch as the training loop hands it to the runtime: arrays in the model's input order and output order,
 * batch dimension first. Arrays may be views of larger arrays; the runtime copies them in bulk.
 *
 * @param inputs one array per model input
 * @param targets one array per model output ({@code null} entries for outputs without loss, empty for predict)
 * @param sampleWeights one array of shape (batch) per output, or {@code null} entries for uniform weights
 */
public record Batch(
    List<? extends NdArray<?>> inputs,
    List<? extends NdArray<?>> targets,
    List<? extends FloatNdArray> sampleWeights) {

  /** A batch of inputs only, for prediction. */
  public static Batch ofInputs(List<? extends NdArray<?>> inputs) {
    return new Batch(inputs, List.of(), List.of());
  }

  /** Number of examples in the batch. */
  public long size() {
    return inputs.get(0).shape().get(0);
  }
}
