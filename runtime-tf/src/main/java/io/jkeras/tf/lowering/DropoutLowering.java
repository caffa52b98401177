package io.jkeras.tf.lowering;

import io.jkeras.layers.Dropout;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * {@code Dropout}: in training, {@code x * (u >= rate) / (1 - rate)} with {@code u} uniform in [0, 1) drawn by a
 * stateless random op keyed by a seed (the layer's, else one derived from the runtime's) and the step number,
 * so that runs repeat exactly; the identity in inference. {@code noise_shape} dimensions left {@code None} follow the input.
 */
final class DropoutLowering implements LayerLowering<Dropout> {
  @Override
  public boolean differsInTraining(Dropout layer) {
    return layer.rate() > 0;
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, Dropout layer, List<Lowered> inputs) {
    Operand<TFloat32> x = inputs.get(0).floatValue();
    if (!ctx.training() || layer.rate() <= 0) {
      return List.of(inputs.get(0));
    }
    Ops tf = ctx.tf();
    Operand<TInt32> shape = tf.shape(x);
    if (layer.noiseShape().isPresent()) {
      Shape noise = layer.noiseShape().get();
      List<Operand<TInt32>> dims = new ArrayList<>();
      for (int i = 0; i < noise.numDimensions(); i++) {
        dims.add(noise.get(i) == Shape.UNKNOWN_SIZE ? tf.stridedSlice(shape, Indices.range(i, i + 1))
            : tf.constant(new int[] {(int) noise.get(i)}));
      }
      shape = tf.concat(dims, tf.constant(0));
    }
    // Stateless draws keyed by (seed, step): a new mask every training step, the same masks on a rerun.
    long opSeed = layer.seed().orElse(ctx.graphSeed() * 1_000_003L + ctx.nextSeed());
    Operand<TInt64> seed = tf.stack(List.of(tf.constant(opSeed), ctx.step()));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, seed, TFloat32.class);
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) layer.rate())),
        TFloat32.class);
    Operand<TFloat32> y = tf.math.mul(x, tf.math.mul(keep, tf.constant((float) (1.0 / (1.0 - layer.rate())))));
    return List.of(Lowered.of(y));
  }
}
