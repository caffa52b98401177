package io.jkeras.ops;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.Layer;
import io.jkeras.util.Shapes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.tensorflow.ndarray.Shape;

/**
 * Runs code written in ops (a layer's {@code call}, a loss or metric function, a {@code Lambda}) on stand-in
 * symbolic tensors and keeps what it recorded: the outputs, the losses added with {@code addLoss} and the
 * variables read. The ops of a trace form a small graph of {@link Operation} nodes (and nodes of layers applied
 * inside the call) that a runtime lowers onto its own tensors. Frontend code does not call this; runtimes do.
 */
public final class OpTrace {
  private static final ThreadLocal<Deque<Frame>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private OpTrace() {}

  /** The innermost trace running on this thread, or {@code null} outside any. */
  public static Frame current() {
    return STACK.get().peek();
  }

  /**
   * Traces {@code owner.callAll} on stand-ins shaped as {@code inputs} (with their masks).
   *
   * @param training the training flag passed to the call
   */
  public static Result trace(Layer owner, List<SymbolicTensor> inputs, boolean training) {
    List<Shape> shapes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    List<Shape> masks = new ArrayList<>();
    for (SymbolicTensor t : inputs) {
      shapes.add(t.shape());
      dtypes.add(t.dtype());
      masks.add(t.maskShape().orElse(null));
    }
    String what = "Layer '" + owner.name() + "' (" + owner.className() + ")";
    return run(owner, what, shapes, dtypes, masks, training, ins -> owner.callAll(ins, training));
  }

  /**
   * Traces {@code owner.callAll} on stand-ins of the given shapes and dtypes, without masks: the output shapes
   * of a layer written in ops inside a functional model applied to new inputs (it has no shape rule).
   */
  public static Result trace(Layer owner, List<Shape> shapes, List<DType> dtypes, boolean training) {
    List<Shape> masks = new ArrayList<>();
    shapes.forEach(s -> masks.add(null));
    String what = "Layer '" + owner.name() + "' (" + owner.className() + ")";
    return run(owner, what, shapes, dtypes, masks, training, ins -> owner.callAll(ins, training));
  }

  /**
   * Traces a function written in ops (a custom loss or metric) on stand-ins of the given shapes and dtypes.
   *
   * @param what names the function in error messages ({@code "loss 'my_loss'"})
   */
  public static Result traceFunction(String what, List<Shape> shapes, List<DType> dtypes, boolean training,
      Function<List<SymbolicTensor>, List<SymbolicTensor>> fn) {
    List<Shape> masks = new ArrayList<>();
    shapes.forEach(s -> masks.add(null));
    return run(null, what, shapes, dtypes, masks, training, fn);
  }

  private static Result run(Layer owner, String what, List<Shape> shapes, List<DType> dtypes, List<Shape> masks,
      boolean training, Function<List<SymbolicTensor>, List<SymbolicTensor>> fn) {
    Frame frame = new Frame(owner, what, training);
    Deque<Frame> stack = STACK.get();
    stack.push(frame);
    try {
      List<SymbolicTensor> ins = new ArrayList<>();
      for (int i = 0; i < shapes.size(); i++) {
        ins.add(Operation.traceInput(i, shapes.get(i), dtypes.get(i), masks.get(i)));
      }
      List<SymbolicTensor> outs = fn.apply(ins);
      if (outs == null || outs.isEmpty()) {
        throw new IllegalStateException(what + ": call(...) returned no tensor; it must return the symbolic "
            + "tensors computed from its inputs with io.jkeras.ops.Ops");
      }
      for (int i = 0; i < outs.size(); i++) {
        if (outs.get(i) == null) {
          throw new IllegalStateException(what + ": call(...) returned null as output " + i
              + "; it must return the symbolic tensors computed from its inputs with io.jkeras.ops.Ops");
        }
      }
      return new Result(List.copyOf(ins), List.copyOf(outs), List.copyOf(frame.losses), List.copyOf(frame.updates),
          training);
    } finally {
      stack.pop();
    }
  }

  /** What a trace recorded. */
  public record Result(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, List<SymbolicTensor> losses,
      List<SymbolicTensor> updates, boolean training) {}

  /** One running trace: its owner, training flag, added losses and variable reads. */
  public static final class Frame {
    private final Layer owner;
    private final String what;
    private final boolean training;
    private final List<SymbolicTensor> losses = new ArrayList<>();
    private final List<SymbolicTensor> updates = new ArrayList<>();
    private final Map<Variable, SymbolicTensor> reads = new IdentityHashMap<>();

    Frame(Layer owner, String what, boolean training) {
      this.owner = owner;
      this.what = what;
      this.training = training;
    }

    /** The layer whose call is traced; {@code null} for a function (loss, metric). */
    public Layer owner() {
      return owner;
    }

    /** Names the traced code in error messages. */
    public String what() {
      return what;
    }

    public boolean training() {
      return training;
    }

    /** Adds a loss term (Keras' {@code add_loss}); summed to a scalar. */
    public void addLoss(SymbolicTensor loss) {
      Objects.requireNonNull(loss, "loss");
      losses.add(loss.rank() == 0 ? loss : Ops.sum(loss));
    }

    /** Records a variable assignment made in the call; runtimes run it with every training step. */
    public void addUpdate(SymbolicTensor assignment) {
      updates.add(Objects.requireNonNull(assignment, "assignment"));
    }

    SymbolicTensor read(Variable v) {
      return reads.computeIfAbsent(v, Operation::readVariable);
    }
  }

  /**
   * Records {@code variable = value} in the current trace (Keras' {@code variable.assign(value)} inside {@code
   * call}); runtimes apply it with every training step, after the step's forward pass.
   */
  public static void assign(Variable v, TensorLike value) {
    Frame frame = current();
    if (frame == null) {
      throw new IllegalStateException("Weight '" + v.path() + "' can be assigned only inside a layer's call(...)");
    }
    SymbolicTensor val = value.symbolic();
    if (!java.util.Arrays.equals(val.shape().asArray(), v.shape().asArray())) {
      throw new IllegalArgumentException("Weight '" + v.path() + "' " + Shapes.format(v.shape()) + " cannot be "
          + "assigned a value of shape " + Shapes.format(val.shape()));
    }
    Map<String, Object> attrs = new java.util.LinkedHashMap<>();
    attrs.put("variable", v);
    SymbolicTensor node = Operation.apply("assign_variable", attrs,
        (sh, d, a) -> List.of(new Operation.Spec(v.shape(), v.dtype())), Ops.cast(val, v.dtype())).get(0);
    frame.addUpdate(node);
  }

  /** A variable as a tensor of the current trace; an error outside a call. */
  public static SymbolicTensor readOf(Variable v) {
    Frame frame = current();
    if (frame == null) {
      throw new IllegalStateException("Weight '" + v.path() + "' " + Shapes.format(v.shape()) + " can be used in "
          + "ops only inside a layer's call(...)");
    }
    return frame.read(v);
  }
}
