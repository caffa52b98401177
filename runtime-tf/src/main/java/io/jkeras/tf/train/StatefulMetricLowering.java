package io.jkeras.tf.train;

import io.jkeras.metrics.StatefulMetric;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A {@link StatefulMetric} written in ops: its state lives in Java between steps and is fed with each batch;
 * the graph computes the new state ({@code updateState}) and the result from it, both fetched. This keeps
 * Keras' semantics of {@code assign} and {@code assign_add} exactly, with a few values per step.
 */
final class StatefulMetricLowering implements MetricLowering {
  private final StatefulMetric metric;
  private final List<Placeholder<TFloat32>> state = new ArrayList<>();
  private final List<Shape> shapes = new ArrayList<>();
  private final List<Operand<TFloat32>> fetches = new ArrayList<>();
  private float[][] values;
  private double result;

  StatefulMetricLowering(Ops tf, StatefulMetric metric, Operand<?> yTrue, LoweredOutput out,
      Operand<TFloat32> sampleWeightOrNull) {
    this.metric = metric;
    Operand<TFloat32> p = out.value();
    Operand<TFloat32> y = TfLosses.sameRankAs(tf, tf.dtypes.cast(yTrue, TFloat32.class), p);
    Operand<TFloat32> sw = sampleWeightOrNull != null ? sampleWeightOrNull
        : tf.fill(tf.stridedSlice(tf.shape(p), org.tensorflow.ndarray.index.Indices.sliceTo(1)), tf.constant(1f));
    List<Operand<?>> ins = new ArrayList<>(List.of(y, p, sw));
    for (StatefulMetric.MetricVariable v : metric.variables()) {
      Placeholder<TFloat32> ph = tf.withName(v.name().replaceAll("[^A-Za-z0-9_.\\-]", "_"))
          .placeholder(TFloat32.class, Placeholder.shape(v.shape()));
      state.add(ph);
      shapes.add(v.shape());
      ins.add(ph);
    }
    for (Operand<?> o : io.jkeras.tf.OpFunctions.call(tf, "metric '" + metric.name() + "'", ins,
        metric::traceUpdate)) {
      // one identity each: the result may be the very tensor of a new state, and a run fetches a name once
      fetches.add(tf.identity(o.type() == TFloat32.class ? (Operand<TFloat32>) o : tf.dtypes.cast(o, TFloat32.class)));
    }
    reset();
  }

  @Override
  public List<Operand<TFloat32>> batchStatistics() {
    return fetches;
  }

  @Override
  public void feed(Session.Runner runner, List<Tensor> owned) {
    for (int i = 0; i < state.size(); i++) {
      Tensor t = TFloat32.tensorOf(shapes.get(i), DataBuffers.of(values[i], true, false));
      owned.add(t);
      runner.feed(state.get(i), t);
    }
  }

  @Override
  public void accumulate(List<float[]> fetched) {
    for (int i = 0; i < state.size(); i++) {
      values[i] = fetched.get(i).clone();
    }
    result = fetched.get(state.size())[0];
  }

  @Override
  public double result() {
    return result;
  }

  @Override
  public void reset() {
    values = new float[state.size()][];
    for (int i = 0; i < state.size(); i++) {
      values[i] = new float[(int) shapes.get(i).size()];
    }
    result = 0;
  }

  @Override
  public String toString() {
    return "<metric " + metric.name() + " (written in ops)>";
  }
}
