package io.jkeras.tf.lowering;

import io.jkeras.layers.Activation;
import java.util.List;

/**
 * The {@code Activation} layer; like a layer's own activation it keeps the value before it, so that a model
 * ending in {@code Activation("softmax")} still gives cross-entropy losses their logits.
 */
final class ActivationLayerLowering implements LayerLowering<Activation> {
  @Override
  public List<Lowered> lower(LoweringContext ctx, Activation layer, List<Lowered> inputs) {
    return List.of(Lowerings.activated(ctx, layer.activation(), inputs.get(0).floatValue()));
  }
}
