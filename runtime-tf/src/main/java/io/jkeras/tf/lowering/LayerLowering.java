package io.jkeras.tf.lowering;

import io.jkeras.layers.Layer;
import java.util.List;

/**
 * How one family of layers becomes TensorFlow ops. Registered per layer class in {@link LayerLowerings};
 * called once per node of the layer graph (a shared layer is lowered once per call, with the same weights).
 *
 * <pre>{@code
 * LayerLowerings.register(MyScale.class, (ctx, layer, inputs) ->
 *     List.of(Lowered.of(ctx.tf().math.mul(inputs.get(0).floatValue(), ctx.tf().constant(layer.factor())))));
 * }</pre>
 *
 * @param <L> the layer class
 */
@FunctionalInterface
public interface LayerLowering<L extends Layer> {

  /**
   * Adds the layer's ops for one call.
   *
   * @param ctx the graph being built: scoped {@code Ops}, the layer's variables, training mode, seeds
   * @param layer the layer
   * @param inputs the lowered input tensors, in the node's input order
   * @return one lowered tensor per layer output
   */
  List<Lowered> lower(LoweringContext ctx, L layer, List<Lowered> inputs);

  /**
   * Whether the layer's training pass differs from its inference pass: it computes something else (Dropout,
   * BatchNormalization), or the same values from other ops whose gradients run faster (MaxPooling, Conv2D with
   * Relu). The runtime of a compiled model then builds a training and an inference forward pass that share the
   * variables.
   */
  default boolean differsInTraining(L layer) {
    return false;
  }
}
