package io.jkeras.ops;

import static io.jkeras.ops.OpShapes.U;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Keras 3's {@code keras.ops} on symbolic tensors: the NumPy-style ops ({@code keras.ops.numpy}) and the neural
 * network ops ({@code keras.ops.nn}), with Keras' names, argument order and defaults. Each call records an
 * {@link Operation} and computes its output shape and dtype at once; the runtime lowers the recorded ops to
 * TensorFlow. Use them in a layer's {@code call}, in a {@code Lambda}, in custom losses and metrics, or between
 * layers of a functional model.
 *
 * <pre>{@code
 * public final class Linear extends Layer {
 *   private final int units;
 *   private Variable w, b;
 *   public Linear(int units) { this.units = units; }
 *   @Override protected void build(Shape in) {
 *     w = addWeight("w", Shape.of(in.get(in.numDimensions() - 1), units), "random_normal", true);
 *     b = addWeight("b", Shape.of(units), "zeros", true);
 *   }
 *   @Override public SymbolicTensor call(SymbolicTensor x) {
 *     return Ops.add(Ops.matmul(x, w), b);
 *   }
 * }
 * }</pre>
 *
 * <p>Java numbers stand for Keras' Python scalars: they take the other argument's dtype ({@code
 * Ops.multiply(x, 0.5)}). Axes may be negative. Integer results of {@code argmax}/{@code argmin} are int32.
 */
public final class Ops {
  private Ops() {}

  // ================================================================ helpers

  private static SymbolicTensor one(String op, Map<String, Object> attrs, Operation.Rule rule, Object... args) {
    return Operation.apply(op, attrs, rule, args).get(0);
  }

  private static Map<String, Object> attrs(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  private static List<Operation.Spec> spec(Shape s, DType d) {
    return List.of(new Operation.Spec(s, d));
  }

  private static final Operation.Rule SAME = (s, d, a) -> spec(s.get(0), OpShapes.promote(d));
  private static final Operation.Rule FLOATING = (s, d, a) -> spec(s.get(0), OpShapes.floating(OpShapes.promote(d)));
  private static final Operation.Rule BROADCAST = (s, d, a) -> spec(bcast(s), OpShapes.promote(d));
  private static final Operation.Rule BROADCAST_FLOAT =
      (s, d, a) -> spec(bcast(s), OpShapes.floating(OpShapes.promote(d)));
  private static final Operation.Rule BROADCAST_BOOL = (s, d, a) -> spec(bcast(s), DType.BOOL);

  private static Shape bcast(List<Shape> shapes) {
    Shape out = shapes.get(0);
    for (int i = 1; i < shapes.size(); i++) {
      out = OpShapes.broadcast(out, shapes.get(i));
    }
    return out;
  }

  private static SymbolicTensor unary(String op, TensorLike x) {
    return one(op, Map.of(), SAME, x);
  }

  private static SymbolicTensor unaryFloat(String op, TensorLike x) {
    return one(op, Map.of(), FLOATING, x);
  }

  private static SymbolicTensor binary(String op, Object x, Object y) {
    Object[] args = weak(x, y);
    return one(op, Map.of(), BROADCAST, args);
  }

  private static SymbolicTensor binaryFloat(String op, Object x, Object y) {
    Object[] args = weak(x, y);
    return one(op, Map.of(), BROADCAST_FLOAT, args);
  }

  private static SymbolicTensor compare(String op, Object x, Object y) {
    Object[] args = weak(x, y);
    return one(op, Map.of(), BROADCAST_BOOL, args);
  }

  /**
   * Keras' weak typing of Python scalars: a Java {@code double} next to integer or bool tensors makes the result
   * float32 ({@code ops.add(int_x, 2.5)}), a Java {@code long} next to bool tensors makes it int32; otherwise a
   * number takes the tensors' dtype. The tensors are cast to that dtype here, so that the runtime makes each
   * number a constant of the operation's own dtype (2.5 is not truncated to an int32 2).
   */
  private static Object[] weak(Object... args) {
    List<DType> strong = new ArrayList<>();
    boolean floatScalar = false;
    boolean intScalar = false;
    for (Object a : args) {
      if (a instanceof TensorLike t) {
        strong.add(t.dtype());
      } else if (a instanceof Double || a instanceof Float) {
        floatScalar = true;
      } else if (a instanceof Number) {
        intScalar = true;
      }
    }
    if (strong.isEmpty()) {
      return args;
    }
    DType d = OpShapes.promote(strong);
    DType target = d;
    if (floatScalar && !d.isFloating()) {
      target = DType.FLOAT32;
    } else if (intScalar && d == DType.BOOL) {
      target = DType.INT32;
    }
    if (target == d) {
      return args;
    }
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof TensorLike t && t.dtype() != target) {
        out[i] = cast(t, target);
      }
    }
    return out;
  }

  /** An axis in [0, rank) from a possibly negative one; the error names the op and the shape. */
  private static int axis(String op, int axis, int rank, Shape shape) {
    if (axis < -rank || axis >= rank) {
      throw new IllegalArgumentException(Operation.where(op) + ": axis " + axis + " is out of bounds for "
          + (rank == shape.numDimensions() ? "" : "a result of rank " + rank + " from ") + Shapes.format(shape));
    }
    return axis < 0 ? axis + rank : axis;
  }

  private static int[] axes(int... axes) {
    return axes == null || axes.length == 0 ? null : axes.clone();
  }

  // ================================================================ arithmetic (keras.ops.numpy)

  /** {@code x + y}, broadcast. */
  public static SymbolicTensor add(TensorLike x, TensorLike y) {
    return binary("add", x, y);
  }

  /** {@code x + c}; a {@code double} is Keras' Python float (an int32 {@code x} gives float32). */
  public static SymbolicTensor add(TensorLike x, double c) {
    return binary("add", x, c);
  }

  /** {@code x + c}; a whole number keeps an integer {@code x} integer, as Keras' Python int. */
  public static SymbolicTensor add(TensorLike x, long c) {
    return binary("add", x, c);
  }

  /** {@code x - y}, broadcast. */
  public static SymbolicTensor subtract(TensorLike x, TensorLike y) {
    return binary("subtract", x, y);
  }

  /** {@code x - c}. */
  public static SymbolicTensor subtract(TensorLike x, double c) {
    return binary("subtract", x, c);
  }

  /** {@code x - c}, {@code c} a whole number. */
  public static SymbolicTensor subtract(TensorLike x, long c) {
    return binary("subtract", x, c);
  }

  /** {@code c - x}. */
  public static SymbolicTensor subtract(double c, TensorLike x) {
    return binary("subtract", c, x);
  }

  /** {@code c - x}, {@code c} a whole number. */
  public static SymbolicTensor subtract(long c, TensorLike x) {
    return binary("subtract", c, x);
  }

  /** {@code x * y}, broadcast. */
  public static SymbolicTensor multiply(TensorLike x, TensorLike y) {
    return binary("multiply", x, y);
  }

  /** {@code x * c}. */
  public static SymbolicTensor multiply(TensorLike x, double c) {
    return binary("multiply", x, c);
  }

  /** {@code x * c}, {@code c} a whole number. */
  public static SymbolicTensor multiply(TensorLike x, long c) {
    return binary("multiply", x, c);
  }

  /** {@code x / y}, always floating (Keras' {@code divide} is true division: int32 / int32 is float32). */
  public static SymbolicTensor divide(TensorLike x, TensorLike y) {
    return binaryFloat("divide", x, y);
  }

  /** {@code x / c}. */
  public static SymbolicTensor divide(TensorLike x, double c) {
    return binaryFloat("divide", x, c);
  }

  /** {@code c / x}. */
  public static SymbolicTensor divide(double c, TensorLike x) {
    return binaryFloat("divide", c, x);
  }

  /** Same as {@link #divide(TensorLike, TensorLike)}. */
  public static SymbolicTensor trueDivide(TensorLike x, TensorLike y) {
    return binaryFloat("true_divide", x, y);
  }

  /** {@code -x}. */
  public static SymbolicTensor negative(TensorLike x) {
    return unary("negative", x);
  }

  /** {@code x ** y}, broadcast. */
  public static SymbolicTensor power(TensorLike x, TensorLike y) {
    return binary("power", x, y);
  }

  /** {@code x ** c}. */
  public static SymbolicTensor power(TensorLike x, double c) {
    return binary("power", x, c);
  }

  /** {@code x ** c}, {@code c} a whole number (an integer {@code x} stays integer). */
  public static SymbolicTensor power(TensorLike x, long c) {
    return binary("power", x, c);
  }

  /** {@code c ** x}. */
  public static SymbolicTensor power(double c, TensorLike x) {
    return binary("power", c, x);
  }

  /** {@code c ** x}, {@code c} a whole number. */
  public static SymbolicTensor power(long c, TensorLike x) {
    return binary("power", c, x);
  }

  /** Element-wise maximum, broadcast. */
  public static SymbolicTensor maximum(TensorLike x, TensorLike y) {
    return binary("maximum", x, y);
  }

  /** Element-wise {@code max(x, c)}. */
  public static SymbolicTensor maximum(TensorLike x, double c) {
    return binary("maximum", x, c);
  }

  /** Element-wise {@code max(x, c)}, {@code c} a whole number. */
  public static SymbolicTensor maximum(TensorLike x, long c) {
    return binary("maximum", x, c);
  }

  /** Element-wise minimum, broadcast. */
  public static SymbolicTensor minimum(TensorLike x, TensorLike y) {
    return binary("minimum", x, y);
  }

  /** Element-wise {@code min(x, c)}. */
  public static SymbolicTensor minimum(TensorLike x, double c) {
    return binary("minimum", x, c);
  }

  /** Element-wise {@code min(x, c)}, {@code c} a whole number. */
  public static SymbolicTensor minimum(TensorLike x, long c) {
    return binary("minimum", x, c);
  }

  /** {@code |x|} (Keras' {@code absolute}, also {@code abs}). */
  public static SymbolicTensor abs(TensorLike x) {
    return unary("absolute", x);
  }

  /** {@code x * x}. */
  public static SymbolicTensor square(TensorLike x) {
    return unary("square", x);
  }

  /** Square root; float32 for integer inputs. */
  public static SymbolicTensor sqrt(TensorLike x) {
    return unaryFloat("sqrt", x);
  }

  /** {@code e ** x}. */
  public static SymbolicTensor exp(TensorLike x) {
    return unaryFloat("exp", x);
  }

  /** Natural logarithm. */
  public static SymbolicTensor log(TensorLike x) {
    return unaryFloat("log", x);
  }

  /** {@code log(1 + x)}, accurate for small {@code x}. */
  public static SymbolicTensor log1p(TensorLike x) {
    return unaryFloat("log1p", x);
  }

  /** The Gauss error function (Keras' {@code ops.erf}). */
  public static SymbolicTensor erf(TensorLike x) {
    return unaryFloat("erf", x);
  }

  /** -1, 0 or 1 by the sign of {@code x}. */
  public static SymbolicTensor sign(TensorLike x) {
    return unary("sign", x);
  }

  /**
   * Clips {@code x} to {@code [min, max]} in {@code x}'s dtype (bool becomes int32), as Keras' {@code clip}; an
   * integer {@code x} needs whole-number bounds.
   */
  public static SymbolicTensor clip(TensorLike x, double min, double max) {
    if (min > max) {
      throw new IllegalArgumentException(Operation.where("clip") + ": min " + min + " > max " + max);
    }
    TensorLike v = x.dtype() == DType.BOOL ? cast(x, DType.INT32) : x;
    if (!v.dtype().isFloating()) {
      if (min != Math.rint(min) || max != Math.rint(max)) {
        throw new IllegalArgumentException(Operation.where("clip") + ": the bounds of a " + v.dtype().kerasName()
            + " tensor must be whole numbers, got [" + min + ", " + max + "]");
      }
      return minimum(maximum(v, (long) min), (long) max);
    }
    return minimum(maximum(v, min), max);
  }

  // ================================================================ linear algebra

  /**
   * Matrix product with NumPy's rules: the last two axes multiply, leading axes broadcast; a rank-1 argument
   * is a vector.
   */
  public static SymbolicTensor matmul(TensorLike x, TensorLike y) {
    return one("matmul", Map.of(), (s, d, a) -> {
      Shape p = s.get(0);
      Shape q = s.get(1);
      if (p.numDimensions() == 0 || q.numDimensions() == 0) {
        throw new IllegalArgumentException("matmul does not take scalars");
      }
      boolean pv = p.numDimensions() == 1;
      boolean qv = q.numDimensions() == 1;
      Shape pm = pv ? Shape.of(1, p.get(0)) : p;
      Shape qm = qv ? Shape.of(q.get(0), 1) : q;
      int rp = pm.numDimensions();
      int rq = qm.numDimensions();
      long k1 = pm.get(rp - 1);
      long k2 = qm.get(rq - 2);
      if (!OpShapes.compatible(k1, k2)) {
        throw new IllegalArgumentException("inner dimensions differ: " + Shapes.format(p) + " @ "
            + Shapes.format(q));
      }
      Shape batch = OpShapes.broadcast(Shape.of(Arrays.copyOf(pm.asArray(), rp - 2)),
          Shape.of(Arrays.copyOf(qm.asArray(), rq - 2)));
      List<Long> out = OpShapes.dims(batch);
      if (!pv) {
        out.add(pm.get(rp - 2));
      }
      if (!qv) {
        out.add(qm.get(rq - 1));
      }
      return spec(OpShapes.of(out), OpShapes.promote(d));
    }, x, y);
  }

  /**
   * NumPy's {@code dot}: a product with a scalar, the matrix product for rank ≤ 2; otherwise the sum over the
   * last axis of {@code x} and the second-to-last of {@code y} (the last when {@code y} is a vector).
   */
  public static SymbolicTensor dot(TensorLike x, TensorLike y) {
    int rx = x.shape().numDimensions();
    int ry = y.shape().numDimensions();
    if (rx == 0 || ry == 0) {
      return multiply(x, y);
    }
    if (rx <= 2 && ry <= 2) {
      return matmul(x, y);
    }
    return tensordot(x, y, new int[] {rx - 1}, new int[] {Math.max(ry - 2, 0)});
  }

  /** {@code tensordot} over the last two axes of {@code x} and the first two of {@code y} (Keras' default). */
  public static SymbolicTensor tensordot(TensorLike x, TensorLike y) {
    return tensordot(x, y, 2);
  }

  /** {@code tensordot} over the last {@code n} axes of {@code x} and the first {@code n} of {@code y}. */
  public static SymbolicTensor tensordot(TensorLike x, TensorLike y, int n) {
    int rx = x.shape().numDimensions();
    int[] ax = new int[n];
    int[] ay = new int[n];
    for (int i = 0; i < n; i++) {
      ax[i] = rx - n + i;
      ay[i] = i;
    }
    return tensordot(x, y, ax, ay);
  }

  /**
   * Sums the products of {@code x} and {@code y} over {@code xAxes} and {@code yAxes} (paired in order); the
   * result has {@code x}'s other axes, then {@code y}'s. Written as one {@link #einsum}, so axes of unknown size
   * anywhere are fine (TF's Einsum contracts with a batched matrix product).
   */
  public static SymbolicTensor tensordot(TensorLike x, TensorLike y, int[] xAxes, int[] yAxes) {
    if (xAxes.length != yAxes.length) {
      throw new IllegalArgumentException(Operation.where("tensordot") + ": " + xAxes.length + " axes of x paired "
          + "with " + yAxes.length + " of y");
    }
    Shape sx = x.shape();
    Shape sy = y.shape();
    int rx = sx.numDimensions();
    int ry = sy.numDimensions();
    if (rx + ry - xAxes.length > LETTERS.length()) {
      throw new IllegalArgumentException(Operation.where("tensordot") + ": too many axes in " + Shapes.format(sx)
          + " and " + Shapes.format(sy));
    }
    char[] lx = new char[rx];
    char[] ly = new char[ry];
    int next = 0;
    for (int i = 0; i < rx; i++) {
      lx[i] = LETTERS.charAt(next++);
    }
    for (int i = 0; i < xAxes.length; i++) {
      int a = axis("tensordot", xAxes[i], rx, sx);
      int b = axis("tensordot", yAxes[i], ry, sy);
      if (!OpShapes.compatible(sx.get(a), sy.get(b))) {
        throw new IllegalArgumentException(Operation.where("tensordot") + ": axis " + a + " of "
            + Shapes.format(sx) + " does not match axis " + b + " of " + Shapes.format(sy));
      }
      if (ly[b] != 0 || Arrays.stream(xAxes).filter(v -> axisOf(v, rx) == a).count() > 1) {
        throw new IllegalArgumentException(Operation.where("tensordot") + ": an axis is paired twice in "
            + Arrays.toString(xAxes) + ", " + Arrays.toString(yAxes));
      }
      ly[b] = lx[a];
    }
    StringBuilder out = new StringBuilder();
    String contracted = new String(ly);
    for (char c : lx) {
      if (contracted.indexOf(c) < 0) {
        out.append(c);
      }
    }
    for (int i = 0; i < ry; i++) {
      if (ly[i] == 0) {
        ly[i] = LETTERS.charAt(next++);
        out.append(ly[i]);
      }
    }
    return einsum(new String(lx) + "," + new String(ly) + "->" + out, x, y);
  }

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private static int axisOf(int axis, int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  private static int[] toInts(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Einstein summation as NumPy's and Keras' {@code einsum}: {@code "bij,bjk->bik"}; without {@code ->} the output
   * is the indices that appear once, in alphabetical order; {@code ...} stands for broadcast leading axes.
   *
   * <pre>{@code
   * SymbolicTensor scores = Ops.einsum("bqd,bkd->bqk", query, key);
   * }</pre>
   */
  public static SymbolicTensor einsum(String equation, TensorLike... operands) {
    String eq = explicitEinsum(equation);
    int arrow = eq.indexOf("->");
    String[] terms = eq.substring(0, arrow).split(",", -1);
    if (terms.length > 2 && terms.length == operands.length) {
      // TF's Einsum takes one or two operands: contract left to right (Python's tf.einsum does it pairwise too),
      // keeping the indices that later operands or the output still need
      String out = eq.substring(arrow + 2);
      SymbolicTensor acc = operands[0].symbolic();
      String accTerm = terms[0];
      for (int i = 1; i < terms.length; i++) {
        StringBuilder later = new StringBuilder(out);
        for (int j = i + 1; j < terms.length; j++) {
          later.append(terms[j]);
        }
        String keep = i == terms.length - 1 ? out : keptIndices(accTerm + terms[i], later.toString());
        acc = einsum(accTerm + "," + terms[i] + "->" + keep, acc, operands[i]);
        accTerm = keep;
      }
      return acc;
    }
    return one("einsum", attrs("equation", eq), (s, d, a) -> {
      String[] ins = terms;
      String out = eq.substring(arrow + 2);
      if (ins.length != s.size()) {
        throw new IllegalArgumentException("equation '" + equation + "' has " + ins.length + " operands, got "
            + s.size());
      }
      Map<Character, Long> sizes = new LinkedHashMap<>();
      Shape ellipsis = null;
      for (int i = 0; i < ins.length; i++) {
        String term = ins[i];
        Shape si = s.get(i);
        int dots = term.indexOf("...");
        String letters = term.replace("...", "");
        checkLetters(equation, letters, term);
        int extra = si.numDimensions() - letters.length();
        if (dots < 0 ? extra != 0 : extra < 0) {
          throw new IllegalArgumentException("operand " + i + " '" + term + "' does not match shape "
              + Shapes.format(si));
        }
        if (dots >= 0) {
          Shape e = Shape.of(Arrays.copyOfRange(si.asArray(), dots, dots + extra));
          ellipsis = ellipsis == null ? e : OpShapes.broadcast(ellipsis, e);
        }
        for (int j = 0; j < letters.length(); j++) {
          char c = letters.charAt(j);
          long v = si.get(dots >= 0 && j >= dots ? j + extra : j);
          Long prev = sizes.get(c);
          if (prev == null || prev == U || prev == 1) {
            sizes.put(c, prev != null && v == 1 ? prev : v);
          } else if (v != U && v != 1 && v != prev) {
            throw new IllegalArgumentException("index '" + c + "' has sizes " + prev + " and " + v);
          }
        }
      }
      List<Long> dims = new ArrayList<>();
      String outLetters = out.replace("...", "");
      checkLetters(equation, outLetters, out);
      if (ellipsis != null && ellipsis.numDimensions() > 0 && !out.contains("...")) {
        throw new IllegalArgumentException("equation '" + equation + "': the output needs '...' for the axes the "
            + "inputs' '...' stand for");
      }
      for (int j = 0; j < out.length(); j++) {
        if (out.startsWith("...", j)) {
          if (ellipsis != null) {
            dims.addAll(OpShapes.dims(ellipsis));
          }
          j += 2;
          continue;
        }
        char c = out.charAt(j);
        Long v = sizes.get(c);
        if (v == null) {
          throw new IllegalArgumentException("output index '" + c + "' is not in any operand");
        }
        if (out.indexOf(c) != j) {
          throw new IllegalArgumentException("output index '" + c + "' appears twice");
        }
        dims.add(v);
      }
      return spec(OpShapes.of(dims), OpShapes.promote(d));
    }, (Object[]) operands);
  }

  /** The indices of {@code seen} (and its '...') that {@code later} uses, in order of first appearance. */
  private static String keptIndices(String seen, String later) {
    StringBuilder keep = new StringBuilder(seen.contains("...") ? "..." : "");
    for (char c : seen.replace("...", "").toCharArray()) {
      if (later.indexOf(c) >= 0 && keep.indexOf(String.valueOf(c)) < 0) {
        keep.append(c);
      }
    }
    return keep.toString();
  }

  /** The equation with its output spelled out (NumPy's implicit mode: the indices seen once, sorted). */
  private static String explicitEinsum(String equation) {
    String eq = equation.replace(" ", "");
    int arrow = eq.indexOf("->");
    if (arrow >= 0) {
      return eq;
    }
    Map<Character, Integer> counts = new java.util.TreeMap<>();
    for (char c : eq.replace("...", "").replace(",", "").toCharArray()) {
      counts.merge(c, 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder(eq.contains("...") ? "..." : "");
    counts.forEach((c, n) -> {
      if (n == 1) {
        out.append(c);
      }
    });
    return eq + "->" + out;
  }

  private static void checkLetters(String equation, String letters, String term) {
    for (char c : letters.toCharArray()) {
      if (!Character.isLetter(c)) {
        throw new IllegalArgumentException("equation '" + equation + "': term '" + term + "' may hold letters and "
            + "one '...' only");
      }
    }
  }

  // ================================================================ shapes

  /** Reshapes to {@code newShape}; one {@code -1} is inferred (the batch axis is usually {@code -1}). */
  public static SymbolicTensor reshape(TensorLike x, long... newShape) {
    long[] target = newShape.clone();
    return one("reshape", attrs("newshape", target), (s, d, a) -> spec(OpShapes.reshape(s.get(0), target), d.get(0)),
        x);
  }

  /** Permutes the axes; reverses them when {@code axes} is empty. */
  public static SymbolicTensor transpose(TensorLike x, int... axes) {
    int r = x.shape().numDimensions();
    int[] perm = new int[r];
    if (axes == null || axes.length == 0) {
      for (int i = 0; i < r; i++) {
        perm[i] = r - 1 - i;
      }
    } else {
      if (axes.length != r) {
        throw new IllegalArgumentException(Operation.where("transpose") + ": axes " + Arrays.toString(axes)
            + " do not match a tensor of rank " + r + " " + Shapes.format(x.shape()));
      }
      boolean[] seen = new boolean[r];
      for (int i = 0; i < r; i++) {
        perm[i] = axis("transpose", axes[i], r, x.shape());
        if (seen[perm[i]]) {
          throw new IllegalArgumentException(Operation.where("transpose") + ": repeated axis in "
              + Arrays.toString(axes));
        }
        seen[perm[i]] = true;
      }
    }
    return one("transpose", attrs("axes", perm), (s, d, a) -> {
      long[] out = new long[r];
      for (int i = 0; i < r; i++) {
        out[i] = s.get(0).get(perm[i]);
      }
      return spec(Shape.of(out), d.get(0));
    }, x);
  }

  /** Inserts an axis of size 1 at {@code axis}. */
  public static SymbolicTensor expandDims(TensorLike x, int axis) {
    int r = x.shape().numDimensions();
    int a = axis("expand_dims", axis, r + 1, x.shape());
    return one("expand_dims", attrs("axis", a), (s, d, at) -> {
      List<Long> dims = OpShapes.dims(s.get(0));
      dims.add(a, 1L);
      return spec(OpShapes.of(dims), d.get(0));
    }, x);
  }

  /** Removes axes of size 1: the given ones (each must have size 1), or all when none are given. */
  public static SymbolicTensor squeeze(TensorLike x, int... axes) {
    Shape in = x.shape();
    int r = in.numDimensions();
    List<Integer> drop = new ArrayList<>();
    if (axes == null || axes.length == 0) {
      for (int i = 0; i < r; i++) {
        if (in.get(i) == 1) {
          drop.add(i);
        }
      }
    } else {
      for (int axis : axes) {
        int a = axis("squeeze", axis, r, in);
        if (in.get(a) != 1 && in.get(a) != U) {
          throw new IllegalArgumentException(Operation.where("squeeze") + ": cannot squeeze axis " + axis
              + " of size " + in.get(a) + " in " + Shapes.format(in));
        }
        drop.add(a);
      }
    }
    int[] dropped = toInts(drop);
    return one("squeeze", attrs("axis", dropped), (s, d, a) -> {
      List<Long> out = new ArrayList<>();
      for (int i = 0; i < r; i++) {
        if (!drop.contains(i)) {
          out.add(s.get(0).get(i));
        }
      }
      return spec(OpShapes.of(out), d.get(0));
    }, x);
  }

  /** Joins tensors along axis 0 (Keras' default). */
  public static SymbolicTensor concatenate(List<? extends TensorLike> xs) {
    return concatenate(xs, 0);
  }

  /** Joins tensors along an existing axis. */
  public static SymbolicTensor concatenate(List<? extends TensorLike> xs, int axis) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException(Operation.where("concatenate") + ": needs at least one tensor");
    }
    int r = xs.get(0).shape().numDimensions();
    int a = axis("concatenate", axis, r, xs.get(0).shape());
    return one("concatenate", attrs("axis", a), (s, d, at) -> {
      long[] out = s.get(0).asArray().clone();
      for (int i = 1; i < s.size(); i++) {
        Shape si = s.get(i);
        if (si.numDimensions() != r) {
          throw new IllegalArgumentException("all tensors need rank " + r);
        }
        for (int j = 0; j < r; j++) {
          if (j == a) {
            out[j] = out[j] == U || si.get(j) == U ? U : out[j] + si.get(j);
          } else if (!OpShapes.compatible(out[j], si.get(j))) {
            throw new IllegalArgumentException("shapes differ on axis " + j + " (only axis " + a
                + " may differ)");
          } else if (out[j] == U) {
            out[j] = si.get(j);
          }
        }
      }
      return spec(Shape.of(out), OpShapes.promote(d));
    }, xs.toArray());
  }

  /** Joins tensors of one shape along a new first axis (Keras' default). */
  public static SymbolicTensor stack(List<? extends TensorLike> xs) {
    return stack(xs, 0);
  }

  /** Joins tensors of one shape along a new axis. */
  public static SymbolicTensor stack(List<? extends TensorLike> xs, int axis) {
    if (xs.isEmpty()) {
      throw new IllegalArgumentException(Operation.where("stack") + ": needs at least one tensor");
    }
    int r = xs.get(0).shape().numDimensions();
    int a = axis("stack", axis, r + 1, xs.get(0).shape());
    return one("stack", attrs("axis", a), (s, d, at) -> {
      Shape common = s.get(0);
      for (Shape si : s) {
        if (si.numDimensions() != r) {
          throw new IllegalArgumentException("all tensors need the same shape");
        }
        for (int j = 0; j < r; j++) {
          if (!OpShapes.compatible(common.get(j), si.get(j))) {
            throw new IllegalArgumentException("all tensors need the same shape");
          }
        }
      }
      List<Long> out = OpShapes.dims(common);
      out.add(a, (long) s.size());
      return spec(OpShapes.of(out), OpShapes.promote(d));
    }, xs.toArray());
  }

  /** Splits into {@code sections} equal parts along axis 0 (Keras' default axis). */
  public static List<SymbolicTensor> split(TensorLike x, int sections) {
    return split(x, sections, 0);
  }

  /** Splits into {@code sections} equal parts along {@code axis}. */
  public static List<SymbolicTensor> split(TensorLike x, int sections, int axis) {
    Shape in = x.shape();
    int a = axis("split", axis, in.numDimensions(), in);
    long n = in.get(a);
    if (sections <= 0 || n == U || n % sections != 0) {
      throw new IllegalArgumentException(Operation.where("split") + ": axis " + axis + " of " + Shapes.format(in)
          + " cannot be split into " + sections + " equal sections");
    }
    return Operation.apply("split", attrs("indices_or_sections", sections, "axis", a), (s, d, at) -> {
      List<Operation.Spec> out = new ArrayList<>();
      for (int i = 0; i < sections; i++) {
        out.add(new Operation.Spec(io.jkeras.util.Shapes.withDim(s.get(0), a, n / sections), d.get(0)));
      }
      return out;
    }, x);
  }

  /**
   * Splits along {@code axis} before each of the increasing {@code indices} (NumPy's {@code split(x, [1, 4])}:
   * {@code x[:1], x[1:4], x[4:]}).
   */
  public static List<SymbolicTensor> split(TensorLike x, int[] indices, int axis) {
    Shape in = x.shape();
    int a = axis("split", axis, in.numDimensions(), in);
    long n = in.get(a);
    long[] sizes = new long[indices.length + 1];
    long prev = 0;
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < prev || (n != U && indices[i] > n)) {
        throw new IllegalArgumentException(Operation.where("split") + ": indices " + Arrays.toString(indices)
            + " must increase within [0, " + (n == U ? "None" : n) + "] on axis " + axis + " of "
            + Shapes.format(in));
      }
      sizes[i] = indices[i] - prev;
      prev = indices[i];
    }
    sizes[indices.length] = n == U ? U : n - prev;
    return Operation.apply("split", attrs("indices_or_sections", indices.clone(), "axis", a), (s, d, at) -> {
      List<Operation.Spec> out = new ArrayList<>();
      for (long size : sizes) {
        out.add(new Operation.Spec(io.jkeras.util.Shapes.withDim(s.get(0), a, size), d.get(0)));
      }
      return out;
    }, x);
  }

  /** Takes elements of the flattened {@code x} at {@code indices} (Keras' {@code take(x, indices)}). */
  public static SymbolicTensor take(TensorLike x, TensorLike indices) {
    return take(reshape(x, -1), indices, 0);
  }

  /**
   * Takes elements along {@code axis} at integer {@code indices} (NumPy's {@code take}); the result has {@code
   * x}'s shape with {@code axis} replaced by the indices' shape. Negative indices count from the end (as in
   * Keras); others out of range are an error at run time.
   */
  public static SymbolicTensor take(TensorLike x, TensorLike indices, int axis) {
    int r = x.shape().numDimensions();
    int a = axis("take", axis, r, x.shape());
    return one("take", attrs("axis", a), (s, d, at) -> {
      if (d.get(1).isFloating() || d.get(1) == DType.BOOL) {
        throw new IllegalArgumentException("indices must be integers, got " + d.get(1).kerasName());
      }
      List<Long> out = new ArrayList<>();
      for (int i = 0; i < a; i++) {
        out.add(s.get(0).get(i));
      }
      out.addAll(OpShapes.dims(s.get(1)));
      for (int i = a + 1; i < r; i++) {
        out.add(s.get(0).get(i));
      }
      return spec(OpShapes.of(out), d.get(0));
    }, x, indices);
  }

  /**
   * Picks values along {@code axis} at {@code indices}, which has {@code x}'s rank (NumPy's {@code
   * take_along_axis}); the other axes broadcast, negative indices count from the end.
   */
  public static SymbolicTensor takeAlongAxis(TensorLike x, TensorLike indices, int axis) {
    int r = x.shape().numDimensions();
    int a = axis("take_along_axis", axis, r, x.shape());
    return one("take_along_axis", attrs("axis", a), (s, d, at) -> {
      if (d.get(1).isFloating() || d.get(1) == DType.BOOL) {
        throw new IllegalArgumentException("indices must be integers, got " + d.get(1).kerasName());
      }
      if (s.get(1).numDimensions() != r) {
        throw new IllegalArgumentException("indices need the rank of x (" + r + ")");
      }
      long[] out = new long[r];
      for (int i = 0; i < r; i++) {
        long xi = s.get(0).get(i);
        long ii = s.get(1).get(i);
        out[i] = i == a ? ii : OpShapes.broadcast(Shape.of(xi), Shape.of(ii)).get(0);
      }
      return spec(Shape.of(out), d.get(0));
    }, x, indices);
  }

  /**
   * {@code x} where {@code condition} is true, else {@code y} (broadcast); a condition that is not bool is true
   * where non-zero. The result has the common dtype of {@code x} and {@code y}.
   */
  public static SymbolicTensor where(TensorLike condition, TensorLike x, TensorLike y) {
    return whereOf(condition, x, y);
  }

  /** {@code x} where {@code condition} is true, else {@code c}. */
  public static SymbolicTensor where(TensorLike condition, TensorLike x, double c) {
    return whereOf(condition, x, c);
  }

  /** {@code x} where {@code condition} is true, else {@code c}, a whole number. */
  public static SymbolicTensor where(TensorLike condition, TensorLike x, long c) {
    return whereOf(condition, x, c);
  }

  /** {@code c} where {@code condition} is true, else {@code y}. */
  public static SymbolicTensor where(TensorLike condition, double c, TensorLike y) {
    return whereOf(condition, c, y);
  }

  private static SymbolicTensor whereOf(TensorLike condition, Object x, Object y) {
    Object[] v = weak(x, y);
    return one("where", Map.of(), (s, d, a) -> spec(bcast(s), OpShapes.promote(d.subList(1, 3))), condition, v[0],
        v[1]);
  }

  /** Converts to {@code dtype}. */
  public static SymbolicTensor cast(TensorLike x, DType dtype) {
    return one("cast", attrs("dtype", dtype), (s, d, a) -> spec(s.get(0), dtype), x);
  }

  /**
   * Repeats the whole tensor {@code repeats[i]} times along axis {@code i}, as NumPy's {@code tile}: fewer
   * counts than axes apply to the last axes, more add leading axes.
   */
  public static SymbolicTensor tile(TensorLike x, int... repeats) {
    for (int v : repeats) {
      if (v < 0) {
        throw new IllegalArgumentException(Operation.where("tile") + ": repeats must be non-negative, got "
            + Arrays.toString(repeats));
      }
    }
    SymbolicTensor v = x.symbolic();
    while (v.shape().numDimensions() < repeats.length) {
      v = expandDims(v, 0);
    }
    int r = v.shape().numDimensions();
    int[] reps = new int[r];
    Arrays.fill(reps, 1);
    System.arraycopy(repeats, 0, reps, r - repeats.length, repeats.length);
    return one("tile", attrs("repeats", reps), (s, d, a) -> {
      long[] out = new long[r];
      for (int i = 0; i < r; i++) {
        out[i] = s.get(0).get(i) == U ? U : s.get(0).get(i) * reps[i];
      }
      return spec(Shape.of(out), d.get(0));
    }, v);
  }

  /** Repeats each element of the flattened {@code x} {@code repeats} times (Keras' {@code repeat(x, n)}). */
  public static SymbolicTensor repeat(TensorLike x, int repeats) {
    return repeat(reshape(x, -1), repeats, 0);
  }

  /** Repeats each element {@code repeats} times along {@code axis} (NumPy's {@code repeat}). */
  public static SymbolicTensor repeat(TensorLike x, int repeats, int axis) {
    if (repeats < 0) {
      throw new IllegalArgumentException(Operation.where("repeat") + ": repeats must be non-negative, got "
          + repeats);
    }
    int a = axis("repeat", axis, x.shape().numDimensions(), x.shape());
    return one("repeat", attrs("repeats", repeats, "axis", a), (s, d, at) -> {
      long n = s.get(0).get(a);
      return spec(Shapes.withDim(s.get(0), a, n == U ? U : n * repeats), d.get(0));
    }, x);
  }

  /** Pads with {@code constantValue}: {@code padWidth[i] = {before, after}} for axis {@code i}. */
  public static SymbolicTensor pad(TensorLike x, int[][] padWidth, double constantValue) {
    return pad(x, padWidth, "constant", constantValue);
  }

  /** Pads with zeros. */
  public static SymbolicTensor pad(TensorLike x, int[][] padWidth) {
    return pad(x, padWidth, "constant", 0);
  }

  /**
   * Pads in {@code mode} {@code "constant"} (zeros), {@code "reflect"} (mirrored without the edge) or {@code
   * "symmetric"} (mirrored with the edge): the modes Keras supports on TensorFlow.
   */
  public static SymbolicTensor pad(TensorLike x, int[][] padWidth, String mode) {
    return pad(x, padWidth, mode, 0);
  }

  private static SymbolicTensor pad(TensorLike x, int[][] padWidth, String mode, double constantValue) {
    int r = x.shape().numDimensions();
    String m = mode == null ? "constant" : mode.toLowerCase(java.util.Locale.ROOT);
    if (!m.equals("constant") && !m.equals("reflect") && !m.equals("symmetric")) {
      throw new IllegalArgumentException(Operation.where("pad") + ": mode must be 'constant', 'reflect' or "
          + "'symmetric', got '" + mode + "'");
    }
    if (padWidth.length != r) {
      throw new IllegalArgumentException(Operation.where("pad") + ": needs one (before, after) pair per axis of "
          + Shapes.format(x.shape()));
    }
    long[] flat = new long[2 * r];
    for (int i = 0; i < r; i++) {
      if (padWidth[i].length != 2 || padWidth[i][0] < 0 || padWidth[i][1] < 0) {
        throw new IllegalArgumentException(Operation.where("pad") + ": pad_width[" + i + "] must be two "
            + "non-negative numbers");
      }
      flat[2 * i] = padWidth[i][0];
      flat[2 * i + 1] = padWidth[i][1];
    }
    return one("pad", attrs("pad_width", flat, "mode", m, "constant_values", constantValue), (s, d, a) -> {
      long[] out = new long[r];
      for (int i = 0; i < r; i++) {
        long v = s.get(0).get(i);
        long most = m.equals("reflect") ? v - 1 : v;
        if (!m.equals("constant") && v != U && Math.max(flat[2 * i], flat[2 * i + 1]) > most) {
          throw new IllegalArgumentException("'" + m + "' padding of axis " + i + " by " + flat[2 * i] + ", "
              + flat[2 * i + 1] + " needs at most " + most + " on each side for " + Shapes.format(s.get(0)));
        }
        out[i] = v == U ? U : v + flat[2 * i] + flat[2 * i + 1];
      }
      return spec(Shape.of(out), d.get(0));
    }, x);
  }

  /**
   * The block of {@code x} that starts at {@code startIndices} with size {@code shape} (Keras' {@code
   * ops.slice}); a size of -1 takes the rest of the axis.
   */
  public static SymbolicTensor slice(TensorLike x, long[] startIndices, long[] shape) {
    Shape in = x.shape();
    int r = in.numDimensions();
    if (startIndices.length != r || shape.length != r) {
      throw new IllegalArgumentException(Operation.where("slice") + ": start_indices and shape need " + r
          + " entries for " + Shapes.format(in));
    }
    return one("slice", attrs("start_indices", startIndices.clone(), "shape", shape.clone()), (s, d, a) -> {
      long[] out = new long[r];
      for (int i = 0; i < r; i++) {
        long v = s.get(0).get(i);
        if (startIndices[i] < 0 || (v != U && startIndices[i] + Math.max(shape[i], 0) > v)) {
          throw new IllegalArgumentException("slice [" + startIndices[i] + ", +" + shape[i] + ") of axis " + i
              + " is outside " + Shapes.format(s.get(0)));
        }
        out[i] = shape[i] >= 0 ? shape[i] : (v == U ? U : v - startIndices[i]);
      }
      return spec(Shape.of(out), d.get(0));
    }, x);
  }

  // ================================================================ reductions

  private static SymbolicTensor reduction(String op, TensorLike x, boolean keepdims, int[] axes, boolean floating) {
    int[] ax = axes(axes);
    boolean sumLike = op.equals("sum") || op.equals("prod");
    if (sumLike && (x.dtype() == DType.BOOL || x.dtype() == DType.INT8)) {
      // Keras (JAX's rule): sums and products of bool and int8 are int32
      return reduction(op, cast(x, DType.INT32), keepdims, axes, floating);
    }
    if (!sumLike && !floating && x.dtype() == DType.BOOL) {
      // max/min of bool are any/all (TF has no bool ReduceMax)
      return cast(reduction(op, cast(x, DType.INT32), keepdims, axes, false), DType.BOOL);
    }
    return one(op, attrs("axis", ax, "keepdims", keepdims), (s, d, a) -> {
      DType dt = floating ? OpShapes.floating(d.get(0)) : d.get(0);
      return spec(OpShapes.reduce(s.get(0), ax, keepdims), dt);
    }, x);
  }

  /** Sum over all axes. */
  public static SymbolicTensor sum(TensorLike x) {
    return reduction("sum", x, false, null, false);
  }

  /** Sum over {@code axes} ({@code keepdims} keeps them with size 1). */
  public static SymbolicTensor sum(TensorLike x, boolean keepdims, int... axes) {
    return reduction("sum", x, keepdims, axes, false);
  }

  /** Sum over one axis. */
  public static SymbolicTensor sum(TensorLike x, int axis) {
    return sum(x, false, axis);
  }

  /** Mean over all axes. */
  public static SymbolicTensor mean(TensorLike x) {
    return reduction("mean", x, false, null, true);
  }

  /** Mean over {@code axes}. */
  public static SymbolicTensor mean(TensorLike x, boolean keepdims, int... axes) {
    return reduction("mean", x, keepdims, axes, true);
  }

  /** Mean over one axis. */
  public static SymbolicTensor mean(TensorLike x, int axis) {
    return mean(x, false, axis);
  }

  /** Maximum over all axes. */
  public static SymbolicTensor max(TensorLike x) {
    return reduction("max", x, false, null, false);
  }

  /** Maximum over {@code axes}. */
  public static SymbolicTensor max(TensorLike x, boolean keepdims, int... axes) {
    return reduction("max", x, keepdims, axes, false);
  }

  /** Minimum over all axes. */
  public static SymbolicTensor min(TensorLike x) {
    return reduction("min", x, false, null, false);
  }

  /** Minimum over {@code axes}. */
  public static SymbolicTensor min(TensorLike x, boolean keepdims, int... axes) {
    return reduction("min", x, keepdims, axes, false);
  }

  /** Product over all axes. */
  public static SymbolicTensor prod(TensorLike x) {
    return reduction("prod", x, false, null, false);
  }

  /** Product over {@code axes}. */
  public static SymbolicTensor prod(TensorLike x, boolean keepdims, int... axes) {
    return reduction("prod", x, keepdims, axes, false);
  }

  private static SymbolicTensor argReduction(String op, TensorLike x, int axis, boolean keepdims) {
    int a = axis(op, axis, x.shape().numDimensions(), x.shape());
    return one(op, attrs("axis", a, "keepdims", keepdims),
        (s, d, at) -> spec(OpShapes.reduce(s.get(0), new int[] {a}, keepdims), DType.INT32), x);
  }

  /** Index of the largest value of the flattened {@code x} (int32), Keras' {@code argmax(x)}. */
  public static SymbolicTensor argmax(TensorLike x) {
    return argReduction("argmax", reshape(x, -1), 0, false);
  }

  /** Index of the largest value along {@code axis} (int32). */
  public static SymbolicTensor argmax(TensorLike x, int axis) {
    return argReduction("argmax", x, axis, false);
  }

  /** Index of the largest value along {@code axis}, keeping it with size 1 when {@code keepdims}. */
  public static SymbolicTensor argmax(TensorLike x, int axis, boolean keepdims) {
    return argReduction("argmax", x, axis, keepdims);
  }

  /** Index of the smallest value of the flattened {@code x} (int32). */
  public static SymbolicTensor argmin(TensorLike x) {
    return argReduction("argmin", reshape(x, -1), 0, false);
  }

  /** Index of the smallest value along {@code axis} (int32). */
  public static SymbolicTensor argmin(TensorLike x, int axis) {
    return argReduction("argmin", x, axis, false);
  }

  /** Index of the smallest value along {@code axis}, keeping it with size 1 when {@code keepdims}. */
  public static SymbolicTensor argmin(TensorLike x, int axis, boolean keepdims) {
    return argReduction("argmin", x, axis, keepdims);
  }

  /** Running sum of the flattened {@code x} (Keras' {@code cumsum(x)}, axis None). */
  public static SymbolicTensor cumsum(TensorLike x) {
    return cumsum(reshape(x, -1), 0);
  }

  /** Running sum along {@code axis}; bool becomes int32, as in Keras. */
  public static SymbolicTensor cumsum(TensorLike x, int axis) {
    int a = axis("cumsum", axis, x.shape().numDimensions(), x.shape());
    TensorLike v = x.dtype() == DType.BOOL ? cast(x, DType.INT32) : x;
    return one("cumsum", attrs("axis", a), SAME, v);
  }

  /**
   * Keras' {@code norm(x)}: the 2-norm of a vector, the Frobenius norm of a matrix. As in Keras, a tensor of
   * rank 3 or more needs its axes named.
   */
  public static SymbolicTensor norm(TensorLike x) {
    int r = x.shape().numDimensions();
    int[] all = new int[r];
    for (int i = 0; i < r; i++) {
      all[i] = i;
    }
    return norm(x, Double.NaN, false, all);
  }

  /** The 2-norm over one axis or the Frobenius norm over two (Keras' {@code ord=None}). */
  public static SymbolicTensor norm(TensorLike x, boolean keepdims, int... axes) {
    return norm(x, Double.NaN, keepdims, axes);
  }

  /** The vector norm of order {@code ord} over {@code axis}, as {@code norm(x, ord, keepdims, axis)}. */
  public static SymbolicTensor norm(TensorLike x, double ord, int axis, boolean keepdims) {
    return norm(x, ord, keepdims, axis);
  }

  /**
   * Keras' {@code norm(x, ord, axis, keepdims)}, computed in float ({@code ord = NaN} stands for Keras' {@code
   * None}). Over one axis, the vector norm: {@code ord} 2 (default), {@code ±inf} (largest/smallest
   * {@code |x|}), 0 (count of non-zeros) or any {@code p} ({@code (Σ|x|^p)^(1/p)}). Over two axes (rows, columns),
   * the matrix norm: default Frobenius, 1/-1 (largest/smallest column sum of {@code |x|}), {@code ±inf} (largest/
   * smallest row sum); 2, -2 and {@code "nuc"} need a singular value decomposition and are not supported.
   *
   * <pre>{@code
   * SymbolicTensor maxAbs = Ops.norm(x, Double.POSITIVE_INFINITY, false, -1);
   * }</pre>
   */
  public static SymbolicTensor norm(TensorLike x, double ord, boolean keepdims, int... axes) {
    int r = x.shape().numDimensions();
    if (axes == null || axes.length < 1 || axes.length > 2) {
      throw new IllegalArgumentException(Operation.where("norm") + ": needs one axis (vector norm) or two (matrix "
          + "norm), got axes " + Arrays.toString(axes) + " for " + Shapes.format(x.shape()));
    }
    int[] ax = new int[axes.length];
    for (int i = 0; i < ax.length; i++) {
      if (axes[i] < -r || axes[i] >= r) {
        throw new IllegalArgumentException(Operation.where("norm") + ": axis " + axes[i] + " is out of bounds for "
            + Shapes.format(x.shape()));
      }
      ax[i] = OpShapes.axis(axes[i], r);
    }
    // Keras: int64 becomes floatx, other types their float result type
    SymbolicTensor v = x.dtype().isFloating() ? x.symbolic() : cast(x, DType.FLOAT32);
    if (ax.length == 1) {
      int a = ax[0];
      if (Double.isNaN(ord) || ord == 2) {
        return sqrt(sum(square(v), keepdims, a));
      } else if (ord == Double.POSITIVE_INFINITY) {
        return max(abs(v), keepdims, a);
      } else if (ord == Double.NEGATIVE_INFINITY) {
        return min(abs(v), keepdims, a);
      } else if (ord == 0) {
        return sum(cast(notEqual(v, 0.0), v.dtype()), keepdims, a);
      } else if (ord == 1) {
        return sum(abs(v), keepdims, a);
      }
      return power(sum(power(abs(v), ord), keepdims, a), 1.0 / ord);
    }
    int row = ax[0];
    int col = ax[1];
    if (row == col) {
      throw new IllegalArgumentException(Operation.where("norm") + ": the two axes are the same, got "
          + Arrays.toString(axes));
    }
    if (Double.isNaN(ord)) {
      return sqrt(sum(square(v), keepdims, row, col));
    }
    if (Math.abs(ord) == 1) {
      // largest (smallest) column sum: sum over rows first
      int c = !keepdims && col > row ? col - 1 : col;
      SymbolicTensor sums = sum(abs(v), keepdims, row);
      return ord > 0 ? max(sums, keepdims, c) : min(sums, keepdims, c);
    }
    if (Double.isInfinite(ord)) {
      int rr = !keepdims && row > col ? row - 1 : row;
      SymbolicTensor sums = sum(abs(v), keepdims, col);
      return ord > 0 ? max(sums, keepdims, rr) : min(sums, keepdims, rr);
    }
    throw new IllegalArgumentException(Operation.where("norm") + ": matrix norm of order " + ord + " is not "
        + "supported (1, -1, inf, -inf or 'fro'; 2, -2 and 'nuc' need a singular value decomposition)");
  }

  /** Keras' {@code norm} with a named order: {@code "fro"} over two axes ({@code "nuc"} is not supported). */
  public static SymbolicTensor norm(TensorLike x, String ord, boolean keepdims, int... axes) {
    if (!"fro".equals(ord) || axes == null || axes.length != 2) {
      throw new IllegalArgumentException(Operation.where("norm") + ": ord '" + ord + "' over axes "
          + Arrays.toString(axes) + " is not supported ('fro' over two axes)");
    }
    return norm(x, Double.NaN, keepdims, axes);
  }

  // ================================================================ creation

  /** Ones of {@code x}'s shape and dtype. */
  public static SymbolicTensor onesLike(TensorLike x) {
    return fullLike(x, 1);
  }

  /** Zeros of {@code x}'s shape and dtype. */
  public static SymbolicTensor zerosLike(TensorLike x) {
    return fullLike(x, 0);
  }

  /** Ones of {@code x}'s shape in {@code dtype}. */
  public static SymbolicTensor onesLike(TensorLike x, DType dtype) {
    return fullLike(x, 1, dtype);
  }

  /** Zeros of {@code x}'s shape in {@code dtype}. */
  public static SymbolicTensor zerosLike(TensorLike x, DType dtype) {
    return fullLike(x, 0, dtype);
  }

  /** {@code value} in {@code x}'s shape and dtype (no gradient flows to {@code x}). */
  public static SymbolicTensor fullLike(TensorLike x, double value) {
    return fullLike(x, value, x.dtype());
  }

  /** {@code value} in {@code x}'s shape and {@code dtype} (Keras' {@code full_like(x, value, dtype)}). */
  public static SymbolicTensor fullLike(TensorLike x, double value, DType dtype) {
    return one("full_like", attrs("fill_value", value, "dtype", dtype), (s, d, a) -> spec(s.get(0), dtype), x);
  }

  /**
   * {@code start, start + step, ...} below {@code stop} in {@code dtype}; only inside a call (it has no tensor
   * argument). A step away from {@code stop} is an error, as in Keras on TensorFlow.
   */
  public static SymbolicTensor arange(double start, double stop, double step, DType dtype) {
    if (step == 0 || Double.isNaN(step) || !((stop - start) / step >= 0)
        || Double.isInfinite((stop - start) / step)) {
      throw new IllegalArgumentException(Operation.where("arange") + ": empty or endless range start=" + start
          + ", stop=" + stop + ", step=" + step);
    }
    long n = (long) Math.ceil((stop - start) / step);
    return one("arange", attrs("start", start, "stop", stop, "step", step, "dtype", dtype),
        (s, d, a) -> spec(Shape.of(n), dtype));
  }

  /** {@code start, start + step, ...} below {@code stop} as float32 (Keras' {@code arange} with a float). */
  public static SymbolicTensor arange(double start, double stop, double step) {
    return arange(start, stop, step, DType.FLOAT32);
  }

  /** {@code start, start + step, ...} below {@code stop} as int32 (Keras' {@code arange} with ints). */
  public static SymbolicTensor arange(long start, long stop, long step) {
    return arange(start, stop, step, DType.INT32);
  }

  /** {@code 0, 1, ..., stop - 1} as int32. */
  public static SymbolicTensor arange(int stop) {
    return arange(0, stop, 1, DType.INT32);
  }

  /** One-hot encoding of integer ids along a new last axis, float32 (ids outside [0, n) give zeros). */
  public static SymbolicTensor oneHot(TensorLike x, int numClasses) {
    return oneHot(x, numClasses, -1);
  }

  /**
   * One-hot encoding of integer ids along a new axis at {@code axis} (-1: last), float32; ids outside [0, n)
   * give zeros.
   */
  public static SymbolicTensor oneHot(TensorLike x, int numClasses, int axis) {
    return oneHot(x, numClasses, axis, DType.FLOAT32);
  }

  /** One-hot encoding in {@code dtype} (bool: true and false), Keras' {@code one_hot(x, n, axis, dtype)}. */
  public static SymbolicTensor oneHot(TensorLike x, int numClasses, int axis, DType dtype) {
    if (numClasses <= 0) {
      throw new IllegalArgumentException(Operation.where("one_hot") + ": num_classes must be positive, got "
          + numClasses);
    }
    int r = x.shape().numDimensions();
    int a = axis("one_hot", axis, r + 1, x.shape());
    return one("one_hot", attrs("num_classes", numClasses, "axis", a, "dtype", dtype), (s, d, at) -> {
      if (d.get(0).isFloating() || d.get(0) == DType.BOOL) {
        throw new IllegalArgumentException("ids must be integers, got " + d.get(0).kerasName());
      }
      List<Long> out = OpShapes.dims(s.get(0));
      out.add(a, (long) numClasses);
      return spec(OpShapes.of(out), dtype);
    }, x);
  }

  // ================================================================ comparisons and logic

  /** {@code x == y} (bool), broadcast; mixed dtypes are compared in their common dtype. */
  public static SymbolicTensor equal(TensorLike x, TensorLike y) {
    return compare("equal", x, y);
  }

  /** {@code x == c} (bool); an integer {@code x} is compared as float32 with a {@code double}, as in Keras. */
  public static SymbolicTensor equal(TensorLike x, double c) {
    return compare("equal", x, c);
  }

  /** {@code x == c} (bool), {@code c} a whole number. */
  public static SymbolicTensor equal(TensorLike x, long c) {
    return compare("equal", x, c);
  }

  /** {@code x != y} (bool), broadcast; mixed dtypes are compared in their common dtype. */
  public static SymbolicTensor notEqual(TensorLike x, TensorLike y) {
    return compare("not_equal", x, y);
  }

  /** {@code x != c} (bool); an integer {@code x} is compared as float32 with a {@code double}, as in Keras. */
  public static SymbolicTensor notEqual(TensorLike x, double c) {
    return compare("not_equal", x, c);
  }

  /** {@code x != c} (bool), {@code c} a whole number. */
  public static SymbolicTensor notEqual(TensorLike x, long c) {
    return compare("not_equal", x, c);
  }

  /** {@code x < y} (bool), broadcast; mixed dtypes are compared in their common dtype. */
  public static SymbolicTensor less(TensorLike x, TensorLike y) {
    return compare("less", x, y);
  }

  /** {@code x < c} (bool); an integer {@code x} is compared as float32 with a {@code double}, as in Keras. */
  public static SymbolicTensor less(TensorLike x, double c) {
    return compare("less", x, c);
  }

  /** {@code x < c} (bool), {@code c} a whole number. */
  public static SymbolicTensor less(TensorLike x, long c) {
    return compare("less", x, c);
  }

  /** {@code x > y} (bool), broadcast; mixed dtypes are compared in their common dtype. */
  public static SymbolicTensor greater(TensorLike x, TensorLike y) {
    return compare("greater", x, y);
  }

  /** {@code x > c} (bool); an integer {@code x} is compared as float32 with a {@code double}, as in Keras. */
  public static SymbolicTensor greater(TensorLike x, double c) {
    return compare("greater", x, c);
  }

  /** {@code x > c} (bool), {@code c} a whole number. */
  public static SymbolicTensor greater(TensorLike x, long c) {
    return compare("greater", x, c);
  }

  /** {@code x <= y} (bool), broadcast; mixed dtypes are compared in their common dtype. */
  public static SymbolicTensor lessEqual(TensorLike x, TensorLike y) {
    return compare("less_equal", x, y);
  }

  /** {@code x <= c} (bool); an integer {@code x} is compared as float32 with a {@code double}, as in Keras. */
  public static SymbolicTensor lessEqual(TensorLike x, double c) {
    return compare("less_equal", x, c);
  }

  /** {@code x <= c} (bool), {@code c} a whole number. */
  public static SymbolicTensor lessEqual(TensorLike x, long c) {
    return compare("less_equal", x, c);
  }

  /** {@code x >= y} (bool), broadcast; mixed dtypes are compared in their common dtype. */
  public static SymbolicTensor greaterEqual(TensorLike x, TensorLike y) {
    return compare("greater_equal", x, y);
  }

  /** {@code x >= c} (bool); an integer {@code x} is compared as float32 with a {@code double}, as in Keras. */
  public static SymbolicTensor greaterEqual(TensorLike x, double c) {
    return compare("greater_equal", x, c);
  }

  /** {@code x >= c} (bool), {@code c} a whole number. */
  public static SymbolicTensor greaterEqual(TensorLike x, long c) {
    return compare("greater_equal", x, c);
  }

  /** Element-wise AND of two tensors (non-zero is true). */
  public static SymbolicTensor logicalAnd(TensorLike x, TensorLike y) {
    return one("logical_and", Map.of(), BROADCAST_BOOL, x, y);
  }

  /** Element-wise OR. */
  public static SymbolicTensor logicalOr(TensorLike x, TensorLike y) {
    return one("logical_or", Map.of(), BROADCAST_BOOL, x, y);
  }

  /** Element-wise NOT. */
  public static SymbolicTensor logicalNot(TensorLike x) {
    return one("logical_not", Map.of(), (s, d, a) -> spec(s.get(0), DType.BOOL), x);
  }

  /** Blocks gradients: the value of {@code x}, treated as a constant by training (Keras' {@code stop_gradient}). */
  public static SymbolicTensor stopGradient(TensorLike x) {
    return unary("stop_gradient", x);
  }

  // ================================================================ activations (keras.ops.nn)

  /** {@code max(x, 0)}. */
  public static SymbolicTensor relu(TensorLike x) {
    return unary("relu", x);
  }

  /** {@code min(max(x, 0), 6)}. */
  public static SymbolicTensor relu6(TensorLike x) {
    return unary("relu6", x);
  }

  /** {@code 1 / (1 + exp(-x))}. */
  public static SymbolicTensor sigmoid(TensorLike x) {
    return unaryFloat("sigmoid", x);
  }

  /** Hyperbolic tangent. */
  public static SymbolicTensor tanh(TensorLike x) {
    return unaryFloat("tanh", x);
  }

  /** {@code log(1 + exp(x))}. */
  public static SymbolicTensor softplus(TensorLike x) {
    return unaryFloat("softplus", x);
  }

  /** {@code x * sigmoid(x)} (Keras' {@code silu}, also {@code swish}). */
  public static SymbolicTensor silu(TensorLike x) {
    return multiply(x, sigmoid(x));
  }

  /** GELU with Keras' default tanh approximation ({@code approximate=True}). */
  public static SymbolicTensor gelu(TensorLike x) {
    return gelu(x, true);
  }

  /** GELU: {@code 0.5 x (1 + erf(x / sqrt 2))}, or its tanh approximation. */
  public static SymbolicTensor gelu(TensorLike x, boolean approximate) {
    if (approximate) {
      SymbolicTensor inner = multiply(add(x, multiply(power(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
      return multiply(multiply(x, 0.5), add(tanh(inner), 1));
    }
    return multiply(multiply(x, 0.5), add(erf(divide(x, Math.sqrt(2))), 1));
  }

  /** ELU with {@code alpha = 1}. */
  public static SymbolicTensor elu(TensorLike x) {
    return elu(x, 1.0);
  }

  /** {@code x} for {@code x > 0}, else {@code alpha (exp(x) - 1)}. */
  public static SymbolicTensor elu(TensorLike x, double alpha) {
    return one("elu", attrs("alpha", alpha), FLOATING, x);
  }

  /** Leaky ReLU with Keras' default {@code negative_slope = 0.2}. */
  public static SymbolicTensor leakyRelu(TensorLike x) {
    return leakyRelu(x, 0.2);
  }

  /** {@code x} for {@code x >= 0}, else {@code negativeSlope * x}. */
  public static SymbolicTensor leakyRelu(TensorLike x, double negativeSlope) {
    return one("leaky_relu", attrs("negative_slope", negativeSlope), FLOATING, x);
  }

  /** Softmax over the last axis. */
  public static SymbolicTensor softmax(TensorLike x) {
    return softmax(x, -1);
  }

  /** Softmax over {@code axis}. */
  public static SymbolicTensor softmax(TensorLike x, int axis) {
    int a = axis("softmax", axis, x.shape().numDimensions(), x.shape());
    return one("softmax", attrs("axis", a), FLOATING, x);
  }

  /** Log-softmax over the last axis. */
  public static SymbolicTensor logSoftmax(TensorLike x) {
    return logSoftmax(x, -1);
  }

  /** {@code x - logsumexp(x)} over {@code axis}. */
  public static SymbolicTensor logSoftmax(TensorLike x, int axis) {
    int a = axis("log_softmax", axis, x.shape().numDimensions(), x.shape());
    return one("log_softmax", attrs("axis", a), FLOATING, x);
  }

  /** {@code log(sum(exp(x)))} over all axes, computed stably. */
  public static SymbolicTensor logsumexp(TensorLike x) {
    SymbolicTensor m = stopGradient(max(x));
    return add(log(sum(exp(subtract(x, m)))), m);
  }

  /** {@code log(sum(exp(x)))} over {@code axis}, computed stably. */
  public static SymbolicTensor logsumexp(TensorLike x, int axis, boolean keepdims) {
    SymbolicTensor m = stopGradient(max(x, true, axis));
    SymbolicTensor out = add(log(sum(exp(subtract(x, m)), true, axis)), m);
    return keepdims ? out : squeeze(out, axis);
  }

  // ================================================================ normalization

  /** Mean and variance over {@code axes}, without the reduced axes; two outputs. */
  public static List<SymbolicTensor> moments(TensorLike x, int... axes) {
    return moments(x, false, axes);
  }

  /** Mean and variance over {@code axes} (Keras' {@code moments}); two outputs. */
  public static List<SymbolicTensor> moments(TensorLike x, boolean keepdims, int... axes) {
    if (x.dtype() == DType.FLOAT16 || x.dtype() == DType.BFLOAT16) {
      // as Keras: statistics of half floats are computed in float32 (their range is too small), then cast back
      List<SymbolicTensor> m = moments(cast(x, DType.FLOAT32), keepdims, axes);
      return List.of(cast(m.get(0), x.dtype()), cast(m.get(1), x.dtype()));
    }
    SymbolicTensor mean = mean(x, true, axes);
    SymbolicTensor variance = mean(square(subtract(x, stopGradient(mean))), true, axes);
    // the variance's gradient through the mean is zero in exact maths; TF's moments stops it the same way
    if (!keepdims) {
      return List.of(squeeze(mean, axes), squeeze(variance, axes));
    }
    return List.of(mean, variance);
  }

  /** {@link #batchNormalization(TensorLike, TensorLike, TensorLike, int, TensorLike, TensorLike, double)} with
   * Keras' default {@code epsilon = 1e-3}. */
  public static SymbolicTensor batchNormalization(TensorLike x, TensorLike mean, TensorLike variance, int axis,
      TensorLike offset, TensorLike scale) {
    return batchNormalization(x, mean, variance, axis, offset, scale, 1e-3);
  }

  /**
   * {@code (x - mean) / sqrt(variance + epsilon) * scale + offset}, with {@code mean}, {@code variance},
   * {@code offset} and {@code scale} of shape {@code (x.shape[axis],)} ({@code offset}, {@code scale} may be
   * {@code null}); Keras' {@code batch_normalization}.
   */
  public static SymbolicTensor batchNormalization(TensorLike x, TensorLike mean, TensorLike variance, int axis,
      TensorLike offset, TensorLike scale, double epsilon) {
    int r = x.shape().numDimensions();
    int a = axis("batch_normalization", axis, r, x.shape());
    long[] bshape = new long[r];
    Arrays.fill(bshape, 1);
    bshape[a] = -1;
    java.util.function.Function<TensorLike, SymbolicTensor> b = t -> a == r - 1 ? t.symbolic() : reshape(t, bshape);
    SymbolicTensor inv = divide(1.0, sqrt(add(b.apply(variance), epsilon)));
    if (scale != null) {
      inv = multiply(inv, b.apply(scale));
    }
    SymbolicTensor y = multiply(subtract(x, b.apply(mean)), inv);
    return offset == null ? y : add(y, b.apply(offset));
  }

  // ================================================================ convolution and pooling

  /**
   * N-D convolution, channels last (Keras' {@code ops.conv}): {@code inputs (batch, *spatial, in)}, {@code
   * kernel (*window, in, out)}, padding {@code "valid"} or {@code "same"}.
   */
  public static SymbolicTensor conv(TensorLike inputs, TensorLike kernel, int[] strides, String padding,
      int[] dilationRate) {
    return convLike("conv", inputs, kernel, strides, padding, dilationRate, false);
  }

  /** {@link #conv} with strides 1, valid padding, no dilation. */
  public static SymbolicTensor conv(TensorLike inputs, TensorLike kernel) {
    return conv(inputs, kernel, null, "valid", null);
  }

  /**
   * Depthwise convolution, channels last: {@code kernel (*window, in, multiplier)}, {@code in * multiplier}
   * output channels.
   */
  public static SymbolicTensor depthwiseConv(TensorLike inputs, TensorLike kernel, int[] strides, String padding,
      int[] dilationRate) {
    return convLike("depthwise_conv", inputs, kernel, strides, padding, dilationRate, true);
  }

  private static SymbolicTensor convLike(String op, TensorLike inputs, TensorLike kernel, int[] strides,
      String padding, int[] dilationRate, boolean depthwise) {
    int r = inputs.shape().numDimensions();
    int n = r - 2;
    if (n < 1 || n > 3) {
      throw new IllegalArgumentException(Operation.where(op) + ": inputs need rank 3 to 5 (batch, *spatial, "
          + "channels), got " + Shapes.format(inputs.shape()));
    }
    int[] st = tuple(strides, n);
    int[] dil = tuple(dilationRate, n);
    io.jkeras.layers.Padding pad = padding(op, padding);
    return one(op, attrs("strides", st, "padding", pad.name().toLowerCase(java.util.Locale.ROOT),
        "dilation_rate", dil), (s, d, a) -> {
          Shape in = s.get(0);
          Shape k = s.get(1);
          if (k.numDimensions() != n + 2) {
            throw new IllegalArgumentException("kernel needs rank " + (n + 2) + " for " + n + "-D inputs, got "
                + Shapes.format(k));
          }
          if (!OpShapes.compatible(in.get(r - 1), k.get(n))) {
            throw new IllegalArgumentException("input channels " + in.get(r - 1) + " differ from the kernel's "
                + k.get(n));
          }
          long[] out = new long[r];
          out[0] = in.get(0);
          for (int i = 0; i < n; i++) {
            out[i + 1] = io.jkeras.layers.ConvShapes.outputLength(in.get(i + 1), (int) k.get(i), pad, st[i], dil[i]);
            if (out[i + 1] != U && out[i + 1] <= 0) {
              throw new IllegalArgumentException("the window " + Shapes.format(k) + " does not fit the input");
            }
          }
          out[r - 1] = depthwise ? k.get(n) * k.get(n + 1) : k.get(n + 1);
          return spec(Shape.of(out), OpShapes.promote(d));
        }, inputs, kernel);
  }

  /**
   * Transposed convolution, channels last (Keras' {@code conv_transpose}): {@code kernel (*window, out, in)};
   * the output length is Keras' for {@code output_padding = None}. 1-D and 2-D inputs.
   */
  public static SymbolicTensor convTranspose(TensorLike inputs, TensorLike kernel, int[] strides, String padding) {
    return convTranspose(inputs, kernel, strides, padding, null);
  }

  /**
   * Transposed convolution with Keras' {@code output_padding} (one value per spatial axis, or one for all;
   * {@code null}: Keras' {@code None}). 1-D and 2-D inputs, no dilation.
   */
  public static SymbolicTensor convTranspose(TensorLike inputs, TensorLike kernel, int[] strides, String padding,
      int[] outputPadding) {
    int r = inputs.shape().numDimensions();
    int n = r - 2;
    if (n < 1 || n > 2) {
      throw new IllegalArgumentException(Operation.where("conv_transpose") + ": only 1-D and 2-D inputs (batch, "
          + "*spatial, channels), got " + Shapes.format(inputs.shape()));
    }
    int[] st = tuple(strides, n);
    int[] op = outputPadding == null ? null : nonNegative(outputPadding, n);
    if (op != null) {
      for (int i = 0; i < n; i++) {
        if (op[i] >= st[i]) {
          throw new IllegalArgumentException(Operation.where("conv_transpose") + ": output_padding "
              + Arrays.toString(outputPadding) + " must be smaller than the strides " + Arrays.toString(st));
        }
      }
    }
    io.jkeras.layers.Padding pad = padding("conv_transpose", padding);
    return one("conv_transpose", attrs("strides", st, "padding", pad.name().toLowerCase(java.util.Locale.ROOT),
        "output_padding", op), (s, d, a) -> {
          Shape in = s.get(0);
          Shape k = s.get(1);
          if (k.numDimensions() != n + 2 || !OpShapes.compatible(in.get(r - 1), k.get(n + 1))) {
            throw new IllegalArgumentException("kernel (*window, out, in) " + Shapes.format(k) + " does not match "
                + "inputs " + Shapes.format(in));
          }
          long[] out = new long[r];
          out[0] = in.get(0);
          for (int i = 0; i < n; i++) {
            out[i + 1] = io.jkeras.layers.ConvShapes.transposeOutputLength(in.get(i + 1), (int) k.get(i), pad,
                st[i], 1, op == null ? -1 : op[i]);
          }
          out[r - 1] = k.get(n);
          return spec(Shape.of(out), OpShapes.promote(d));
        }, inputs, kernel);
  }

  private static int[] nonNegative(int[] v, int n) {
    int[] out = v.length == 1 && n > 1 ? new int[] {v[0], v[0]} : v.clone();
    if (out.length != n || Arrays.stream(out).anyMatch(x -> x < 0)) {
      throw new IllegalArgumentException("expected " + n + " non-negative values, got " + Arrays.toString(v));
    }
    return out;
  }

  /** Max pooling, channels last; {@code strides} default to the pool size. */
  public static SymbolicTensor maxPool(TensorLike inputs, int[] poolSize, int[] strides, String padding) {
    return pool("max_pool", inputs, poolSize, strides, padding);
  }

  /** Average pooling, channels last (padding excluded from the average, as Keras on TF). */
  public static SymbolicTensor averagePool(TensorLike inputs, int[] poolSize, int[] strides, String padding) {
    return pool("average_pool", inputs, poolSize, strides, padding);
  }

  private static SymbolicTensor pool(String op, TensorLike inputs, int[] poolSize, int[] strides, String padding) {
    int r = inputs.shape().numDimensions();
    int n = r - 2;
    if (n < 1 || n > 3) {
      throw new IllegalArgumentException(Operation.where(op) + ": inputs need rank 3 to 5, got "
          + Shapes.format(inputs.shape()));
    }
    int[] ps = tuple(poolSize, n);
    int[] st = strides == null ? ps : tuple(strides, n);
    io.jkeras.layers.Padding pad = padding(op, padding);
    return one(op, attrs("pool_size", ps, "strides", st, "padding", pad.name().toLowerCase(java.util.Locale.ROOT)),
        (s, d, a) -> {
          Shape in = s.get(0);
          long[] out = new long[r];
          out[0] = in.get(0);
          out[r - 1] = in.get(r - 1);
          for (int i = 0; i < n; i++) {
            out[i + 1] = io.jkeras.layers.ConvShapes.outputLength(in.get(i + 1), ps[i], pad, st[i], 1);
            if (out[i + 1] != U && out[i + 1] <= 0) {
              throw new IllegalArgumentException("the pool window " + Arrays.toString(ps) + " does not fit");
            }
          }
          return spec(Shape.of(out), d.get(0));
        }, inputs);
  }

  private static int[] tuple(int[] v, int n) {
    if (v == null || v.length == 0) {
      int[] ones = new int[n];
      Arrays.fill(ones, 1);
      return ones;
    }
    if (v.length == 1 && n > 1) {
      int[] out = new int[n];
      Arrays.fill(out, v[0]);
      return out;
    }
    if (v.length != n) {
      throw new IllegalArgumentException("expected " + n + " values, got " + Arrays.toString(v));
    }
    for (int x : v) {
      if (x <= 0) {
        throw new IllegalArgumentException("expected positive values, got " + Arrays.toString(v));
      }
    }
    return v.clone();
  }

  private static io.jkeras.layers.Padding padding(String op, String padding) {
    String p = padding == null ? "valid" : padding.toLowerCase(java.util.Locale.ROOT);
    return switch (p) {
      case "valid" -> io.jkeras.layers.Padding.VALID;
      case "same" -> io.jkeras.layers.Padding.SAME;
      default -> throw new IllegalArgumentException(Operation.where(op) + ": padding must be 'valid' or 'same', got '"
          + padding + "'");
    };
  }

  // ================================================================ used by the preprocessing layers (issue 16)

  /** Sine, element-wise; float32 for integer inputs. */
  public static SymbolicTensor sin(TensorLike x) {
    return unaryFloat("sin", x);
  }

  /** Cosine, element-wise; float32 for integer inputs. */
  public static SymbolicTensor cos(TensorLike x) {
    return unaryFloat("cos", x);
  }

  /** Largest integer not above {@code x}, element-wise (Keras' {@code ops.floor}). */
  public static SymbolicTensor floor(TensorLike x) {
    return unaryFloat("floor", x);
  }

  /** Reverses the order of the entries along {@code axis} (Keras' {@code ops.flip(x, axis)}). */
  public static SymbolicTensor flip(TensorLike x, int axis) {
    int a = OpShapes.axis(axis, x.shape().numDimensions());
    return one("flip", attrs("axis", a), SAME, x);
  }

  /**
   * The index of the bin each value falls in (Keras' {@code ops.digitize(x, bins)}, NumPy's {@code digitize}
   * with increasing bins): {@code i} such that {@code bins[i-1] <= x < bins[i]}, as int32.
   *
   * <pre>{@code
   * var bucket = Ops.digitize(age, new double[] {18, 35, 65});   // 0, 1, 2 or 3
   * }</pre>
   */
  public static SymbolicTensor digitize(TensorLike x, double[] bins) {
    for (int i = 1; i < bins.length; i++) {
      if (!(bins[i] >= bins[i - 1])) {
        throw new IllegalArgumentException(Operation.where("digitize") + ": bins must increase, got "
            + Arrays.toString(bins));
      }
    }
    return one("digitize", attrs("bins", bins.clone()), (s, d, a) -> spec(s.get(0), DType.INT32), x);
  }
}
