package io.jkeras.tf.lowering;

import io.jkeras.Variable;
import io.jkeras.layers.Layer;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Small helpers shared by the layer lowerings. */
final class Lowerings {
  private Lowerings() {}

  /** The layer's weight with that short name ({@code kernel}, {@code bias}, ...). */
  static Variable weight(Layer layer, String name) {
    for (Variable v : layer.weights()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new IllegalStateException(
        "Layer '" + layer.name() + "' (" + layer.className() + ") has no weight '" + name + "'");
  }

  /** Applies a Keras activation and keeps the pre-activation value for losses that want logits. */
  static Lowered activated(LoweringContext ctx, String activation, Operand<TFloat32> pre) {
    return new Lowered(ActivationLowering.apply(ctx.tf(), activation, pre), activation, pre);
  }

  /**
   * Adds Keras' activity regularization of a layer output to the loss: the regularizer applied to the output,
   * divided by the batch size (Keras 3 normalizes it so its strength does not depend on the batch size).
   */
  static void activityPenalty(LoweringContext ctx, io.jkeras.layers.Layer layer,
      java.util.Optional<io.jkeras.regularizers.Regularizer> regularizer, Operand<TFloat32> output) {
    regularizer.ifPresent(r -> {
      var tf = ctx.tf();
      Operand<TFloat32> penalty = io.jkeras.tf.TfRegularizers.penalty(tf, r, output,
          "the activity of layer '" + layer.name() + "'");
      Operand<TFloat32> batch = tf.dtypes.cast(
          tf.stridedSlice(tf.shape(output), org.tensorflow.ndarray.index.Indices.at(0)), TFloat32.class);
      ctx.addLoss(tf.math.divNoNan(penalty, batch));
    });
  }

  static String padding(io.jkeras.layers.Padding p) {
    return p == io.jkeras.layers.Padding.SAME ? "SAME" : "VALID";
  }
}
