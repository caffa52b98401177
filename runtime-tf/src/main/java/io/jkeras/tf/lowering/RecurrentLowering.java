package io.jkeras.tf.lowering;

import io.jkeras.layers.GRU;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.RNN;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * {@code SimpleRNN}, {@code LSTM} and {@code GRU} with Keras 3's cell equations (see the layer classes), unrolled
 * over the time dimension.
 *
 * <p><b>Why unrolled.</b> TensorFlow Java builds gradients with the C API ({@code TF_AddGradients}), which cannot
 * differentiate {@code While} loops (the loop gradients live in TF's Python {@code while_v2}). The loop is
 * therefore written out step by step, as Keras' {@code unroll=True} does; the number of timesteps must be known
 * when the graph is built. The input projection {@code x · kernel + bias} is one matrix product for all steps;
 * each step adds one {@code h · recurrent_kernel}.
 *
 * <p><b>Masks</b> follow Keras' TensorFlow backend ({@code backend.rnn}): at a masked step the states keep their
 * previous values and the output repeats the previous step's output (zeros before the first step), or is 0 with
 * {@code zero_output_for_mask}. Masks and states are blended as {@code prev + m * (new - prev)} with a float
 * {@code m}, which has gradients everywhere.
 */
final class RecurrentLowering implements LayerLowering<RNN<?>> {

  /** With dropout the training pass differs from the inference pass. */
  @Override
  public boolean differsInTraining(RNN<?> layer) {
    return differs(layer);
  }

  static boolean differs(RNN<?> layer) {
    return (layer.dropout() > 0 && layer.dropout() < 1)
        || (layer.recurrentDropout() > 0 && layer.recurrentDropout() < 1);
  }

  /** The result of running a recurrent layer: per-step outputs in processing order, last output, final states. */
  public record Run(List<Operand<TFloat32>> outputs, Operand<TFloat32> last, List<Operand<TFloat32>> states) {}

  @Override
  public List<Lowered> lower(LoweringContext ctx, RNN<?> layer, List<Lowered> inputs) {
    Ops tf = ctx.tf();
    List<Operand<TFloat32>> initial = new ArrayList<>();
    for (int i = 1; i < inputs.size(); i++) {
      initial.add(inputs.get(i).floatValue());
    }
    Run run = run(ctx, layer, inputs.get(0).floatValue(), inputs.get(0).mask(), initial);
    Operand<TFloat32> y = layer.returnSequences() ? tf.stack(run.outputs(), Stack.axis(1L)) : run.last();
    Lowerings.activityPenalty(ctx, layer, layer.activityRegularizer(), y);
    List<Lowered> out = new ArrayList<>();
    out.add(Lowered.of(y));
    if (layer.returnState()) {
      // Identities: the last output and h are one tensor, but each output of the layer needs its own.
      run.states().forEach(s -> out.add(Lowered.of(tf.identity(s))));
    }
    return out;
  }

  /**
   * Runs {@code layer} over {@code x (batch, timesteps, features)}.
   *
   * @param mask {@code (batch, timesteps)} or {@code null}
   * @param initialStates the layer's initial states, or empty for zeros
   */
  public static Run run(LoweringContext ctx, RNN<?> layer, Operand<TFloat32> x, Operand<TBool> mask,
      List<Operand<TFloat32>> initialStates) {
    Ops tf = ctx.tf();
    Shape shape = x.shape();
    if (shape.numDimensions() != 3 || shape.get(1) == Shape.UNKNOWN_SIZE) {
      throw new IllegalArgumentException("Layer '" + layer.name() + "' (" + layer.className() + "): the number "
          + "of timesteps must be known, got an input of shape " + Shapes.format(shape) + ". jkeras unrolls "
          + "recurrent layers (TensorFlow Java cannot differentiate a while loop); give the sequence length in "
          + "the Input shape, e.g. Input.of(timesteps, features)");
    }
    int steps = (int) shape.get(1);
    long features = shape.get(2);
    int units = layer.units();
    int k = layer.gates();
    Operand<TFloat32> kernel = ctx.variable(Lowerings.weight(layer, "kernel"));
    Operand<TFloat32> recurrentKernel = ctx.variable(Lowerings.weight(layer, "recurrent_kernel"));
    Operand<TFloat32> bias = layer.useBias() ? ctx.variable(Lowerings.weight(layer, "bias")) : null;
    boolean resetAfter = layer instanceof GRU g && g.resetAfter();
    Operand<TFloat32> inputBias = bias == null ? null
        : resetAfter ? tf.gather(bias, tf.constant(0), tf.constant(0)) : bias;
    Operand<TFloat32> recurrentBias = bias != null && resetAfter
        ? tf.gather(bias, tf.constant(1), tf.constant(0)) : null;

    // Dropout masks (training only): one per sequence, shared by its steps; one per gate for LSTM and GRU with
    // recurrent_dropout (Keras' implementation=1), as DropoutRNNCell draws them.
    boolean dropInputs = ctx.training() && layer.dropout() > 0 && layer.dropout() < 1;
    boolean dropState = ctx.training() && layer.recurrentDropout() > 0 && layer.recurrentDropout() < 1;
    int maskCount = dropState && k > 1 ? k : 1;
    long seed = layer.seed().orElse(ctx.graphSeed() * 1_000_003L + ctx.nextSeed());
    List<Operand<TFloat32>> inputMasks = dropInputs
        ? dropoutMasks(ctx, x, features, layer.dropout(), maskCount, seed) : null;
    List<Operand<TFloat32>> stateMasks = dropState
        ? dropoutMasks(ctx, x, units, layer.recurrentDropout(), maskCount, seed + 7919) : null;

    // x · kernel (+ input bias) for every step at once: (batch * steps, features) · (features, k * units).
    Operand<TFloat32> projected;
    if (inputMasks == null || inputMasks.size() == 1) {
      Operand<TFloat32> xin = inputMasks == null ? x : tf.math.mul(x, tf.expandDims(inputMasks.get(0), tf.constant(1)));
      projected = tf.linalg.matMul(tf.reshape(xin, tf.constant(new long[] {-1, features})), kernel);
    } else {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int g = 0; g < k; g++) {
        Operand<TFloat32> xin = tf.math.mul(x, tf.expandDims(inputMasks.get(g), tf.constant(1)));
        parts.add(tf.linalg.matMul(tf.reshape(xin, tf.constant(new long[] {-1, features})),
            gateColumns(tf, kernel, g, units)));
      }
      projected = tf.concat(parts, tf.constant(1));
    }
    if (inputBias != null) {
      projected = tf.nn.biasAdd(projected, inputBias);
    }
    projected = tf.reshape(projected, tf.constant(new long[] {-1, steps, (long) k * units}));
    List<Operand<TFloat32>> xs = new ArrayList<>(tf.unstack(projected, (long) steps, Unstack.axis(1L)).output());
    List<Operand<TFloat32>> ms = null;
    if (mask != null) {
      // (batch, steps) bool -> per step (batch, 1) float; no gradient flows into a mask.
      Operand<TFloat32> m = tf.stopGradient(tf.dtypes.cast(mask, TFloat32.class));
      ms = new ArrayList<>();
      for (Operand<TFloat32> mt : tf.unstack(m, (long) steps, Unstack.axis(1L)).output()) {
        ms.add(tf.expandDims(mt, tf.constant(-1)));
      }
    }
    if (layer.goBackwards()) {
      Collections.reverse(xs);
      if (ms != null) {
        Collections.reverse(ms);
      }
    }

    Operand<TFloat32> zeros = zeroState(tf, x, units);
    List<Operand<TFloat32>> states = new ArrayList<>();
    if (initialStates.isEmpty()) {
      for (int i = 0; i < layer.stateCount(); i++) {
        states.add(zeros);
      }
    } else if (initialStates.size() != layer.stateCount()) {
      throw new IllegalArgumentException("Layer '" + layer.name() + "' (" + layer.className() + ") expects "
          + layer.stateCount() + " initial states, got " + initialStates.size());
    } else {
      states.addAll(initialStates);
    }

    Cell cell = cell(tf, layer, new Recurrent(tf, recurrentKernel, stateMasks, units, k), recurrentBias, units);
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    Operand<TFloat32> prevOutput = zeros;
    for (int t = 0; t < steps; t++) {
      List<Operand<TFloat32>> next = cell.step(xs.get(t), states);
      Operand<TFloat32> output = next.get(0);
      if (ms != null) {
        Operand<TFloat32> m = ms.get(t);
        output = blend(tf, m, output, prevOutput);
        List<Operand<TFloat32>> kept = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
          kept.add(blend(tf, m, next.get(i), states.get(i)));
        }
        next = kept;
      }
      outputs.add(output);
      prevOutput = output;
      states = next;
    }
    Operand<TFloat32> last = outputs.get(steps - 1);
    if (ms != null && layer.zeroOutputForMask()) {
      List<Operand<TFloat32>> zeroed = new ArrayList<>();
      for (int t = 0; t < steps; t++) {
        zeroed.add(tf.math.mul(outputs.get(t), ms.get(t)));
      }
      outputs = zeroed;
      last = zeroed.get(steps - 1);
    }
    return new Run(outputs, last, states);
  }

  // prev + m * (value - prev): value where m = 1, prev where m = 0.
  private static Operand<TFloat32> blend(Ops tf, Operand<TFloat32> m, Operand<TFloat32> value,
      Operand<TFloat32> prev) {
    return tf.math.add(prev, tf.math.mul(m, tf.math.sub(value, prev)));
  }

  /** Zeros of shape (batch, units), the batch size read at run time. */
  private static Operand<TFloat32> zeroState(Ops tf, Operand<TFloat32> x, int units) {
    Operand<TInt32> batch = tf.stridedSlice(tf.shape(x), Indices.range(0, 1));
    return tf.fill(tf.concat(List.of(batch, tf.constant(new int[] {units})), tf.constant(0)), tf.constant(0f));
  }

  /** One step of a cell: the projected input and the states in, {@code [output, states...]} out. */
  @FunctionalInterface
  private interface Cell {
    /** @return the new states; the output is the first state (h) for every built-in cell */
    List<Operand<TFloat32>> step(Operand<TFloat32> xProjected, List<Operand<TFloat32>> states);
  }

  /** Columns {@code [g * units, (g + 1) * units)} of a kernel: the weights of gate {@code g}. */
  private static Operand<TFloat32> gateColumns(Ops tf, Operand<TFloat32> w, int g, int units) {
    return tf.stridedSlice(w, Indices.all(), Indices.slice((long) g * units, (long) (g + 1) * units));
  }

  /**
   * {@code count} masks of shape (batch, size): 1 / (1 - rate) where kept, 0 where dropped, drawn by a stateless
   * op keyed by (seed + i, step), as the Dropout lowering does, so that every training step draws afresh.
   */
  private static List<Operand<TFloat32>> dropoutMasks(LoweringContext ctx, Operand<TFloat32> x, long size,
      double rate, int count, long seed) {
    Ops tf = ctx.tf();
    Operand<TInt32> shape = tf.concat(List.of(tf.stridedSlice(tf.shape(x), Indices.range(0, 1)),
        tf.constant(new int[] {(int) size})), tf.constant(0));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Operand<TInt64> key = tf.stack(List.of(tf.constant(seed + i), ctx.step()));
      Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, key, TFloat32.class);
      Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
      out.add(tf.stopGradient(tf.math.mul(keep, tf.constant((float) (1.0 / (1.0 - rate))))));
    }
    return out;
  }

  /** {@code h · recurrent_kernel}, with the recurrent dropout masks applied to {@code h} per gate when there are any. */
  private static final class Recurrent {
    final Ops tf;
    final Operand<TFloat32> rk;
    final List<Operand<TFloat32>> masks;
    final List<Operand<TFloat32>> columns = new ArrayList<>();
    final java.util.Map<Integer, Operand<TFloat32>> prefixes = new java.util.HashMap<>();
    final int units;

    Recurrent(Ops tf, Operand<TFloat32> rk, List<Operand<TFloat32>> masks, int units, int gates) {
      this.tf = tf;
      this.rk = rk;
      this.masks = masks;
      this.units = units;
      for (int g = 0; g < gates; g++) {
        columns.add(gates == 1 ? rk : gateColumns(tf, rk, g, units));
      }
    }

    /** h as gate {@code g} sees it: dropped out by that gate's mask, if any. */
    Operand<TFloat32> h(Operand<TFloat32> h, int g) {
      return masks == null ? h : tf.math.mul(h, masks.get(masks.size() == 1 ? 0 : g));
    }

    /** {@code [h_0 · rk_0, ..., h_{n-1} · rk_{n-1}]} concatenated over the first {@code n} gates. */
    Operand<TFloat32> times(Operand<TFloat32> h, int n) {
      if (masks == null || masks.size() == 1) {
        // The first n gates' columns, sliced once per layer call, not once per step.
        Operand<TFloat32> w = n == columns.size() ? rk : prefixes.computeIfAbsent(n,
            m -> tf.stridedSlice(rk, Indices.all(), Indices.slice(0L, (long) m * units)));
        return tf.linalg.matMul(h(h, 0), w);
      }
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int g = 0; g < n; g++) {
        parts.add(tf.linalg.matMul(h(h, g), columns.get(g)));
      }
      return tf.concat(parts, tf.constant(1));
    }
  }

  private static Cell cell(Ops tf, RNN<?> layer, Recurrent rec, Operand<TFloat32> recurrentBias, int units) {
    String act = layer.activation();
    String ra = layer.recurrentActivation();
    Operand<TInt32> axis1 = tf.constant(1);
    if (layer instanceof LSTM) {
      return (xp, s) -> {
        Operand<TFloat32> h = s.get(0);
        Operand<TFloat32> c = s.get(1);
        List<Output<TFloat32>> z = tf.split(axis1, tf.math.add(xp, rec.times(h, 4)), 4L).output();
        Operand<TFloat32> i = ActivationLowering.apply(tf, ra, z.get(0));
        Operand<TFloat32> f = ActivationLowering.apply(tf, ra, z.get(1));
        Operand<TFloat32> g = ActivationLowering.apply(tf, act, z.get(2));
        Operand<TFloat32> o = ActivationLowering.apply(tf, ra, z.get(3));
        Operand<TFloat32> cNew = tf.math.add(tf.math.mul(f, c), tf.math.mul(i, g));
        Operand<TFloat32> hNew = tf.math.mul(o, ActivationLowering.apply(tf, act, cNew));
        return List.of(hNew, cNew);
      };
    }
    if (layer instanceof GRU gru) {
      if (gru.resetAfter()) {
        return (xp, s) -> {
          Operand<TFloat32> h = s.get(0);
          List<Output<TFloat32>> xz = tf.split(axis1, xp, 3L).output();
          Operand<TFloat32> inner = rec.times(h, 3);
          if (recurrentBias != null) {
            inner = tf.nn.biasAdd(inner, recurrentBias);
          }
          List<Output<TFloat32>> rz = tf.split(axis1, inner, 3L).output();
          Operand<TFloat32> z = ActivationLowering.apply(tf, ra, tf.math.add(xz.get(0), rz.get(0)));
          Operand<TFloat32> r = ActivationLowering.apply(tf, ra, tf.math.add(xz.get(1), rz.get(1)));
          Operand<TFloat32> hh = ActivationLowering.apply(tf, act, tf.math.add(xz.get(2), tf.math.mul(r, rz.get(2))));
          return List.of(gruUpdate(tf, z, h, hh));
        };
      }
      Operand<TFloat32> rkH = gateColumns(tf, rec.rk, 2, units);
      return (xp, s) -> {
        Operand<TFloat32> h = s.get(0);
        List<Output<TFloat32>> xz = tf.split(axis1, xp, 3L).output();
        List<Output<TFloat32>> zr = tf.split(axis1, rec.times(h, 2), 2L).output();
        Operand<TFloat32> z = ActivationLowering.apply(tf, ra, tf.math.add(xz.get(0), zr.get(0)));
        Operand<TFloat32> r = ActivationLowering.apply(tf, ra, tf.math.add(xz.get(1), zr.get(1)));
        Operand<TFloat32> hh = ActivationLowering.apply(tf, act,
            tf.math.add(xz.get(2), tf.linalg.matMul(tf.math.mul(r, rec.h(h, 2)), rkH)));
        return List.of(gruUpdate(tf, z, h, hh));
      };
    }
    // SimpleRNN: h = activation(x · kernel + bias + h · recurrent_kernel)
    return (xp, s) -> List.of(ActivationLowering.apply(tf, act, tf.math.add(xp, rec.times(s.get(0), 1))));
  }

  // h = z * h_prev + (1 - z) * hh
  private static Operand<TFloat32> gruUpdate(Ops tf, Operand<TFloat32> z, Operand<TFloat32> h,
      Operand<TFloat32> hh) {
    return tf.math.add(tf.math.mul(z, h), tf.math.mul(tf.math.sub(tf.constant(1f), z), hh));
  }
}
