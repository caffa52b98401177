package io.jkeras.ops;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.util.Naming;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.ndarray.Shape;

/**
 * One application of an op of {@link Ops} to symbolic tensors: Keras 3's {@code Operation}. It is a node of
 * the graph like a layer's call (a layer is an operation with weights, in Keras 3 too), so ops used between
 * layers of a functional model take part in the model's graph, and ops inside a layer's {@code call} form that
 * call's trace. The output shapes and dtypes are computed when the op is applied, so a bad shape fails at once
 * with the op's and the layer's names. Runtimes lower an operation by its {@link #opName()} and {@link
 * #attributes()} through one table.
 */
public final class Operation extends io.jkeras.layers.Layer {

  /** The shape and dtype of one output. */
  public record Spec(Shape shape, DType dtype) {}

  /** Computes the output specs from the operands' shapes and dtypes (a {@code null} dtype: a Java number). */
  @FunctionalInterface
  public interface Rule {
    List<Spec> infer(List<Shape> shapes, List<DType> dtypes, Map<String, Object> attributes);
  }

  private final String opName;
  private final Map<String, Object> attributes;
  private final Object[] operands;
  private final List<Spec> specs;

  private Operation(String name, String opName, Map<String, Object> attributes, Object[] operands,
      List<Spec> specs) {
    super(name);
    this.opName = opName;
    this.attributes = Collections.unmodifiableMap(attributes);
    this.operands = operands;
    this.specs = specs;
  }

  /**
   * Applies op {@code opName} to {@code operands} ({@link TensorLike}s and Java numbers or booleans, which
   * Keras treats as weakly typed scalars).
   */
  public static List<SymbolicTensor> apply(String opName, Map<String, Object> attributes, Rule rule,
      Object... operands) {
    List<Shape> shapes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    List<SymbolicTensor> tensors = new ArrayList<>();
    Object[] slots = new Object[operands.length];
    for (int i = 0; i < operands.length; i++) {
      Object o = operands[i];
      if (o instanceof TensorLike t) {
        SymbolicTensor s = t.symbolic();
        tensors.add(s);
        shapes.add(s.shape());
        dtypes.add(s.dtype());
      } else if (o instanceof Number || o instanceof Boolean) {
        slots[i] = o;
        shapes.add(Shape.scalar());
        dtypes.add(null);
      } else {
        throw new IllegalArgumentException(where(opName) + ": argument " + i + " must be a tensor, a variable or a "
            + "number, got " + (o == null ? "null" : o.getClass().getSimpleName()));
      }
    }
    OpTrace.Frame frame = OpTrace.current();
    if (tensors.isEmpty() && frame == null) {
      throw new IllegalArgumentException(where(opName) + " takes no tensor here; outside a layer's call(...) an op "
          + "needs at least one symbolic tensor argument");
    }
    Map<String, Object> attrs = new LinkedHashMap<>(attributes);
    List<Spec> specs;
    try {
      specs = rule.infer(shapes, dtypes, attrs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where(opName) + ": " + e.getMessage() + " (argument shapes "
          + formatAll(shapes) + ")", e);
    }
    String name = frame != null ? opName : Naming.uniqueName(opName);
    Operation op = new Operation(name, opName, attrs, slots, specs);
    return op.applyAll(tensors);
  }

  /** Names the op and, inside a trace, the layer or function whose call applies it. */
  static String where(String opName) {
    OpTrace.Frame frame = OpTrace.current();
    return "ops." + opName + (frame == null ? "" : " in " + frame.what());
  }

  private static String formatAll(List<Shape> shapes) {
    List<String> out = new ArrayList<>();
    for (Shape s : shapes) {
      out.add(Shapes.format(s));
    }
    return String.join(", ", out);
  }

  static SymbolicTensor traceInput(int index, Shape shape, DType dtype, Shape maskShape) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("index", index);
    if (maskShape != null) {
      attrs.put("mask_shape", maskShape);
    }
    Operation op = new Operation("trace_input", "trace_input", attrs, new Object[0], List.of(new Spec(shape, dtype)));
    return op.applyAll(List.of()).get(0);
  }

  static SymbolicTensor readVariable(Variable v) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("variable", v);
    Operation op = new Operation("read_variable", "read_variable", attrs, new Object[0],
        List.of(new Spec(v.shape(), v.dtype())));
    return op.applyAll(List.of()).get(0);
  }

  /** Keras' snake_case op name: {@code matmul}, {@code take_along_axis}, {@code trace_input}. */
  public String opName() {
    return opName;
  }

  /** The op's arguments other than tensors ({@code axis}, {@code keepdims}, ...), by Keras name. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** An attribute, or {@code fallback} when absent. */
  @SuppressWarnings("unchecked")
  public <T> T attribute(String key, T fallback) {
    Object v = attributes.get(key);
    return v == null ? fallback : (T) v;
  }

  /**
   * The operands in call order: {@code null} where a tensor input goes (the node's inputs, in order), else the
   * constant ({@code Double}, {@code Long}, {@code Integer}, {@code Boolean}) given in its place.
   */
  public List<Object> operands() {
    return Collections.unmodifiableList(Arrays.asList(operands));
  }

  /** The output specs computed when the op was applied. */
  public List<Spec> specs() {
    return specs;
  }

  @Override
  public String className() {
    // Keras' op classes are the CamelCase op names: Matmul, TakeAlongAxis.
    StringBuilder b = new StringBuilder();
    for (String part : opName.split("_")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }

  @Override
  protected boolean acceptsNoInputs() {
    return true;
  }

  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    List<Shape> out = new ArrayList<>();
    specs.forEach(s -> out.add(s.shape()));
    return out;
  }

  @Override
  protected List<DType> computeOutputDtypes(List<DType> inputDtypes, int outputCount) {
    List<DType> out = new ArrayList<>();
    specs.forEach(s -> out.add(s.dtype()));
    return out;
  }

  /** Ops keep no mask (as in Keras, masks travel between layers); a trace's stand-in inputs carry theirs. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  @Override
  public List<Optional<Shape>> computeMask(List<Shape> inputShapes, List<Optional<Shape>> inputMasks) {
    List<Optional<Shape>> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      out.add(Optional.ofNullable((Shape) attributes.get("mask_shape")));
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      Object v = e.getValue();
      c.put(e.getKey(), v instanceof long[] a ? Arrays.stream(a).boxed().toList()
          : v instanceof int[] a ? Arrays.stream(a).boxed().toList() : v);
    }
    return c;
  }
}
