package io.jkeras.metrics;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.OpTrace;
import io.jkeras.ops.Ops;
import io.jkeras.ops.TensorLike;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * A metric of your own with state, written in ops (Keras' {@code keras.metrics.Metric} subclass): state
 * variables made with {@link #addVariable}, {@link #updateState} changing them with {@link
 * MetricVariable#assignAdd} / {@link MetricVariable#assign} from each batch, and {@link #result} computed from
 * them. The state starts at zeros at every epoch and every evaluate ({@code reset_state}).
 *
 * <pre>{@code
 * public final class BinaryTruePositives extends StatefulMetric {
 *   private final MetricVariable tp = addVariable("true_positives");
 *   public BinaryTruePositives() { super("binary_true_positives"); }
 *   public void updateState(SymbolicTensor yTrue, SymbolicTensor yPred, SymbolicTensor sampleWeight) {
 *     var hits = Ops.logicalAnd(Ops.equal(yTrue, 1.0), Ops.greater(yPred, 0.5));
 *     tp.assignAdd(Ops.sum(Ops.multiply(Ops.cast(hits, DType.FLOAT32), sampleWeight)));
 *   }
 *   public SymbolicTensor result() { return tp.value(); }
 * }
 * }</pre>
 */
public abstract class StatefulMetric implements Metric {
  private static final ThreadLocal<Map<MetricVariable, SymbolicTensor>> BINDINGS = new ThreadLocal<>();

  private final String name;
  private final List<MetricVariable> variables = new ArrayList<>();

  protected StatefulMetric(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** A scalar float32 state variable, zero at every reset. */
  protected final MetricVariable addVariable(String variableName) {
    return addVariable(variableName, new long[0]);
  }

  /** A float32 state variable of a fixed shape, zeros at every reset. */
  protected final MetricVariable addVariable(String variableName, long... shape) {
    MetricVariable v = new MetricVariable(this, variableName, Shape.of(shape));
    variables.add(v);
    return v;
  }

  /**
   * Changes the state from one batch (Keras' {@code update_state}): labels as float32 of the predictions' rank,
   * the predictions, and per-sample weights of shape (batch) (ones when none are given).
   */
  public abstract void updateState(SymbolicTensor yTrue, SymbolicTensor yPred, SymbolicTensor sampleWeight);

  /** The metric's value from the state (Keras' {@code result}). */
  public abstract SymbolicTensor result();

  /** The state variables in creation order. */
  public final List<MetricVariable> variables() {
    return List.copyOf(variables);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String className() {
    return getClass().getSimpleName();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("dtype", "float32");
    return c;
  }

  /**
   * For runtimes: traces one update on stand-ins {@code [yTrue, yPred, sampleWeight, state...]} and returns
   * {@code [new state..., result]} (the result of the new state).
   */
  public final List<SymbolicTensor> traceUpdate(List<SymbolicTensor> ins) {
    Map<MetricVariable, SymbolicTensor> bound = new IdentityHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      bound.put(variables.get(i), ins.get(3 + i));
    }
    Map<MetricVariable, SymbolicTensor> saved = BINDINGS.get();
    BINDINGS.set(bound);
    try {
      updateState(ins.get(0), ins.get(1), ins.get(2));
      List<SymbolicTensor> out = new ArrayList<>();
      for (MetricVariable v : variables) {
        out.add(bound.get(v));
      }
      SymbolicTensor r = result();
      if (r == null) {
        throw new IllegalStateException("Metric '" + name + "' (" + className() + "): result() returned null");
      }
      out.add(r);
      return out;
    } finally {
      BINDINGS.set(saved);
    }
  }

  /** One state variable of a {@link StatefulMetric}: a float32 tensor usable in ops inside the metric. */
  public static final class MetricVariable implements TensorLike {
    private final StatefulMetric metric;
    private final String name;
    private final Shape shape;

    MetricVariable(StatefulMetric metric, String name, Shape shape) {
      this.metric = metric;
      this.name = name;
      this.shape = shape;
    }

    public String name() {
      return name;
    }

    @Override
    public Shape shape() {
      return shape;
    }

    @Override
    public DType dtype() {
      return DType.FLOAT32;
    }

    /** The current value inside {@code updateState}/{@code result}. */
    public SymbolicTensor value() {
      return symbolic();
    }

    @Override
    public SymbolicTensor symbolic() {
      Map<MetricVariable, SymbolicTensor> bound = BINDINGS.get();
      if (bound == null || !bound.containsKey(this) || OpTrace.current() == null) {
        throw new IllegalStateException("Metric variable '" + metric.name() + "/" + name + "' can be used only in "
            + "its metric's updateState(...) and result()");
      }
      return bound.get(this);
    }

    /** Adds {@code delta} (broadcast to the variable's shape), as Keras' {@code assign_add}. */
    public void assignAdd(TensorLike delta) {
      set(Ops.add(symbolic(), delta));
    }

    /** Sets the value (broadcast to the variable's shape), as Keras' {@code assign}. */
    public void assign(TensorLike value) {
      set(Ops.add(Ops.zerosLike(symbolic()), value));
    }

    private void set(SymbolicTensor v) {
      long[] got = v.shape().asArray();
      if (!java.util.Arrays.equals(got, shape.asArray())) {
        throw new IllegalArgumentException("Metric variable '" + metric.name() + "/" + name + "' has shape "
            + io.jkeras.util.Shapes.format(shape) + "; the new value has shape " + io.jkeras.util.Shapes.format(v.shape()));
      }
      BINDINGS.get().put(this, Ops.cast(v, DType.FLOAT32));
    }
  }
}
