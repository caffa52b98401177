package io.jkeras.tf.lowering;

import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.RNN;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.TFloat32;

/**
 * {@code Bidirectional}: both directions through {@link RecurrentLowering#run}; the backward layer's step
 * outputs, which come in processing order, are put back in time order before the merge (Keras' {@code
 * ops.flip(y_rev, axis=1)}), then {@code concat} / {@code sum} / {@code mul} / {@code ave}.
 */
final class BidirectionalLowering implements LayerLowering<Bidirectional> {
  @Override
  public boolean differsInTraining(Bidirectional layer) {
    return RecurrentLowering.differs(layer.forwardLayer()) || RecurrentLowering.differs(layer.backwardLayer());
  }

  @Override
  public List<Lowered> lower(LoweringContext ctx, Bidirectional layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    RNN<?> fwd = layer.forwardLayer();
    RNN<?> bwd = layer.backwardLayer();
    Operand<TFloat32> x = inputs.get(0).floatValue();
    List<Operand<TFloat32>> fwdInit = new ArrayList<>();
    List<Operand<TFloat32>> bwdInit = new ArrayList<>();
    for (int i = 1; i < inputs.size(); i++) {
      (i <= fwd.stateCount() ? fwdInit : bwdInit).add(inputs.get(i).floatValue());
    }
    RecurrentLowering.Run f = RecurrentLowering.run(ctx, fwd, x, inputs.get(0).mask(), fwdInit);
    RecurrentLowering.Run b = RecurrentLowering.run(ctx, bwd, x, inputs.get(0).mask(), bwdInit);
    Operand<TFloat32> y;
    Operand<TFloat32> yRev;
    if (layer.returnSequences()) {
      y = tf.stack(f.outputs(), Stack.axis(1L));
      List<Operand<TFloat32>> back = new ArrayList<>(b.outputs());
      Collections.reverse(back);
      yRev = tf.stack(back, Stack.axis(1L));
    } else {
      y = f.last();
      yRev = b.last();
    }
    Lowerings.activityPenalty(ctx, fwd, fwd.activityRegularizer(), y);
    Lowerings.activityPenalty(ctx, bwd, bwd.activityRegularizer(), yRev);
    Operand<TFloat32> merged = switch (layer.mergeMode()) {
      case "concat" -> tf.concat(List.of(y, yRev), tf.constant(-1));
      case "sum" -> tf.math.add(y, yRev);
      case "mul" -> tf.math.mul(y, yRev);
      case "ave" -> tf.math.mul(tf.math.add(y, yRev), tf.constant(0.5f));
      default -> throw new IllegalStateException("merge_mode " + layer.mergeMode());
    };
    List<Lowered> out = new ArrayList<>();
    out.add(Lowered.of(merged));
    if (layer.returnState()) {
      f.states().forEach(s -> out.add(Lowered.of(tf.identity(s))));
      b.states().forEach(s -> out.add(Lowered.of(tf.identity(s))));
    }
    return out;
  }
}
