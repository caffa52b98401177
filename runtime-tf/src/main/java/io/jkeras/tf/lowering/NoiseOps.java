package io.jkeras.tf.lowering;

import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Random draws for the training-only noise layers, as {@link DropoutLowering} makes them: stateless ops keyed
 * by (the layer's seed, else one derived from the runtime's seed, and the step number), so that every training
 * step draws afresh and a rerun repeats exactly.
 */
final class NoiseOps {
  private NoiseOps() {}

  /** The (seed, step) key of a stateless random op. */
  static Operand<TInt64> key(LoweringContext ctx, Optional<Long> layerSeed) {
    long opSeed = layerSeed.orElse(ctx.graphSeed() * 1_000_003L + ctx.nextSeed());
    return ctx.tf().stack(List.of(ctx.tf().constant(opSeed), ctx.step()));
  }

  /** {@code x * (u >= rate) / (1 - rate)} with {@code u} uniform in [0, 1) of shape {@code noiseShape}. */
  static Operand<TFloat32> dropout(LoweringContext ctx, Operand<TFloat32> x, double rate, Operand<TInt32> noiseShape,
      Optional<Long> layerSeed) {
    Ops tf = ctx.tf();
    Operand<TFloat32> u = tf.random.statelessRandomUniform(noiseShape, key(ctx, layerSeed), TFloat32.class);
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant((float) (1.0 / (1.0 - rate)))));
  }

  /**
   * Standard normal values of {@code x}'s shape, as a constant for the gradient: the op's shape input depends on
   * {@code x}, and TF's C++ gradient registry has no entry for {@code StatelessRandomNormal}; {@code
   * StopGradient} is registered as having none, which ends the backward walk there.
   */
  static Operand<TFloat32> normal(LoweringContext ctx, Operand<TFloat32> x, Optional<Long> layerSeed) {
    Ops tf = ctx.tf();
    return tf.stopGradient(tf.random.statelessRandomNormal(tf.shape(x), key(ctx, layerSeed), TFloat32.class));
  }
}
