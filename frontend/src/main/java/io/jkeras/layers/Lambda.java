package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.tensorflow.ndarray.Shape;

/**
 * A layer made of a function written in {@link io.jkeras.ops.Ops} (Keras' {@code Lambda}): the output shape is
 * inferred by running the function on symbolic tensors, or checked against the one given.
 *
 * <pre>{@code
 * var y = new Lambda(x -> Ops.square(x)).apply(input);
 * var both = Lambda.ofList(xs -> Ops.add(xs.get(0), xs.get(1))).apply(a, b);
 * }</pre>
 *
 * <p>A Java function cannot be written into a model file. To save a model with a Lambda, register the function
 * under a name first ({@link #registerFunction}); the file then holds the name, and loading looks it up (Keras
 * writes the Python bytecode instead, which only Python can load).
 */
public final class Lambda extends BaseLayer<Lambda> {
  private static final Map<String, Function<List<SymbolicTensor>, SymbolicTensor>> FUNCTIONS =
      new ConcurrentHashMap<>();

  private final Function<List<SymbolicTensor>, SymbolicTensor> function;
  private String functionName;
  private Shape outputShape;

  private Lambda(Function<List<SymbolicTensor>, SymbolicTensor> function, String functionName) {
    this.function = Objects.requireNonNull(function, "function");
    this.functionName = functionName;
  }

  /** A Lambda of one input. */
  public Lambda(Function<SymbolicTensor, SymbolicTensor> function) {
    this(list -> Objects.requireNonNull(function, "function").apply(list.get(0)), null);
  }

  /** A Lambda of several inputs, given as a list in call order. */
  public static Lambda ofList(Function<List<SymbolicTensor>, SymbolicTensor> function) {
    return new Lambda(function, null);
  }

  /**
   * A Lambda running the function registered under {@code name} ({@link #registerFunction}); models with it
   * can be saved and loaded.
   */
  public static Lambda of(String name) {
    Function<List<SymbolicTensor>, SymbolicTensor> f = FUNCTIONS.get(name);
    if (f == null) {
      throw new IllegalArgumentException("Lambda: no function registered as '" + name + "'; known: "
          + new java.util.TreeSet<>(FUNCTIONS.keySet()) + ". Register it with Lambda.registerFunction(\"" + name
          + "\", fn) before loading.");
    }
    return new Lambda(f, name);
  }

  /** Makes {@code function} known under {@code name}, so that Lambdas of it survive save and load. */
  public static void registerFunction(String name, Function<List<SymbolicTensor>, SymbolicTensor> function) {
    FUNCTIONS.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(function, "function"));
  }

  /** Rebuilds the layer from its config: the function by its registered name. */
  public static Lambda fromConfig(Map<String, ?> config) {
    Object f = config.get("function");
    if (!(f instanceof String name)) {
      throw new IllegalArgumentException("Lambda '" + config.get("name") + "': its function was not saved by name ("
          + (f == null ? "none" : "a Python function") + "); a Java Lambda can be loaded only when its function "
          + "was registered with Lambda.registerFunction(name, fn) before saving");
    }
    Lambda l = of(name);
    l.applyBaseConfig(config);
    if (config.get("output_shape") instanceof List<?> s) {
      l.outputShape(Shapes.fromNullableList(s));
    }
    return l;
  }

  /**
   * The output shape, batch dimension included ({@code None} as {@link Shape#UNKNOWN_SIZE}); checked against
   * the inferred one.
   */
  public Lambda outputShape(Shape shape) {
    checkConfigurable("output_shape");
    this.outputShape = shape;
    return this;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor inputs) {
    return checked(function.apply(List.of(inputs)));
  }

  @Override
  public SymbolicTensor call(List<SymbolicTensor> inputs) {
    return checked(function.apply(inputs));
  }

  private SymbolicTensor checked(SymbolicTensor out) {
    if (out == null) {
      throw error("the function returned null; it must return a symbolic tensor computed with io.jkeras.ops");
    }
    if (outputShape != null) {
      long[] got = out.shape().asArray();
      long[] want = outputShape.asArray();
      boolean ok = got.length == want.length;
      for (int i = 0; ok && i < got.length; i++) {
        ok = got[i] == want[i] || got[i] == Shape.UNKNOWN_SIZE || want[i] == Shape.UNKNOWN_SIZE;
      }
      if (!ok) {
        throw error("output_shape " + Shapes.format(outputShape) + " does not match the function's output "
            + Shapes.format(out.shape()));
      }
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    if (functionName == null) {
      throw new UnsupportedOperationException("Layer '" + name() + "' (Lambda) holds a Java function that cannot be "
          + "saved; register it with Lambda.registerFunction(name, fn) and create the layer with Lambda.of(name)");
    }
    Map<String, Object> c = super.getConfig();
    c.put("function", functionName);
    if (outputShape != null) {
      c.put("output_shape", Shapes.toNullableList(outputShape));
    }
    return c;
  }
}
