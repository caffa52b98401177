package io.jkeras.tf.lowering;

import io.jkeras.DType;
import io.jkeras.layers.Padding;
import io.jkeras.ops.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.ReduceMin;
import org.tensorflow.op.core.ReduceProd;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The one table that lowers every {@link Operation} of {@code io.jkeras.ops} to TensorFlow ops: op name → a
 * small function of the op's TF inputs and attributes. Composite ops (gelu, tensordot, moments, ...) are written
 * in ops in the frontend and never reach this table. Every entry's gradient is TF's C++ one (checked against
 * finite differences for every op by {@code OpsGradientTest}), with these choices:
 *
 * <ul>
 *   <li>log_softmax folds leading axes first: TF's C++ LogSoftmax gradient is right for rank 2 only;
 *   <li>clip is maximum/minimum in the frontend (ClipByValue has no C++ gradient);
 *   <li>conv with dilation goes through space-to-batch (Conv2D's C++ gradient ignores dilations); Conv3D's
 *       gradient is registered by {@link BaseConvLowering};
 *   <li>slice takes int32 begin/size (the C++ Slice gradient fails on int64 ones);
 *   <li>take_along_axis is one GatherV2 without batch dims over the flattened tensor;
 *   <li>einsum gets one or two operands (TF's Einsum op takes no more; the frontend contracts pairwise).
 * </ul>
 */
@SuppressWarnings({"unchecked", "rawtypes"})
public final class OpLowerings {

  /** One op's lowering: its TF inputs (constants made in the right dtype) to its outputs. */
  @FunctionalInterface
  public interface OpLowering {
    List<Operand<?>> lower(Call c);
  }

  /** What an op lowering gets: the scoped ops, the operation, its inputs and the pass's context. */
  public record Call(Ops tf, Operation op, List<Operand<?>> in, LoweringContext ctx) {
    Operand in(int i) {
      return in.get(i);
    }

    /** Input {@code i} cast to the dtype of output 0 (arithmetic ops compute in their result type). */
    Operand inOut(int i) {
      return cast(tf, in.get(i), outType(0));
    }

    Class<? extends TType> outType(int i) {
      return typeOf(op.specs().get(i).dtype());
    }

    <T> T attr(String key) {
      return (T) op.attributes().get(key);
    }

    int intAttr(String key) {
      return ((Number) op.attributes().get(key)).intValue();
    }

    double doubleAttr(String key) {
      return ((Number) op.attributes().get(key)).doubleValue();
    }
  }

  private static final Map<String, OpLowering> TABLE = new HashMap<>();

  private OpLowerings() {}

  static {
    BaseConvLowering.registerGradients(); // Conv3D's gradient, which TF's C++ registry lacks
    // arithmetic: computed in the result dtype
    reg("add", c -> c.tf.math.add(c.inOut(0), c.inOut(1)));
    reg("subtract", c -> c.tf.math.sub(c.inOut(0), c.inOut(1)));
    reg("multiply", c -> c.tf.math.mul(c.inOut(0), c.inOut(1)));
    reg("divide", c -> c.tf.math.div(c.inOut(0), c.inOut(1)));
    reg("true_divide", c -> c.tf.math.div(c.inOut(0), c.inOut(1)));
    reg("power", c -> c.tf.math.pow(c.inOut(0), c.inOut(1)));
    reg("maximum", c -> c.tf.math.maximum(c.inOut(0), c.inOut(1)));
    reg("minimum", c -> c.tf.math.minimum(c.inOut(0), c.inOut(1)));
    reg("negative", c -> c.tf.math.neg(c.in(0)));
    reg("absolute", c -> c.tf.math.abs(c.in(0)));
    reg("square", c -> c.tf.math.square(c.in(0)));
    reg("sign", c -> c.tf.math.sign(c.in(0)));
    reg("sqrt", c -> c.tf.math.sqrt(c.inOut(0)));
    reg("exp", c -> c.tf.math.exp(c.inOut(0)));
    reg("log", c -> c.tf.math.log(c.inOut(0)));
    reg("log1p", c -> c.tf.math.log1p(c.inOut(0)));
    reg("erf", c -> c.tf.math.erf(c.inOut(0)));
    reg("stop_gradient", c -> c.tf.stopGradient(c.in(0)));
    // comparisons and logic
    reg("equal", c -> compare(c, (a, b) -> c.tf.math.equal(a, b)));
    reg("not_equal", c -> compare(c, (a, b) -> c.tf.math.notEqual(a, b)));
    reg("less", c -> compare(c, (a, b) -> c.tf.math.less(a, b)));
    reg("greater", c -> compare(c, (a, b) -> c.tf.math.greater(a, b)));
    reg("less_equal", c -> compare(c, (a, b) -> c.tf.math.lessEqual(a, b)));
    reg("greater_equal", c -> compare(c, (a, b) -> c.tf.math.greaterEqual(a, b)));
    reg("logical_and", c -> c.tf.math.logicalAnd(bool(c, 0), bool(c, 1)));
    reg("logical_or", c -> c.tf.math.logicalOr(bool(c, 0), bool(c, 1)));
    reg("logical_not", c -> c.tf.math.logicalNot(bool(c, 0)));
    // linear algebra
    reg("matmul", OpLowerings::matmul);
    reg("einsum", c -> {
      List<Operand> ins = new ArrayList<>();
      for (int i = 0; i < c.in.size(); i++) {
        ins.add(c.inOut(i));
      }
      return c.tf.linalg.einsum((List) ins, (String) c.attr("equation"));
    });
    // shapes
    reg("reshape", c -> c.tf.reshape(c.in(0), c.tf.constant((long[]) c.attr("newshape"))));
    reg("transpose", c -> c.tf.linalg.transpose(c.in(0), c.tf.constant((int[]) c.attr("axes"))));
    reg("expand_dims", c -> c.tf.expandDims(c.in(0), c.tf.constant(c.intAttr("axis"))));
    reg("squeeze", c -> {
      int[] axes = c.attr("axis");
      List<Long> list = new ArrayList<>();
      for (int a : axes) {
        list.add((long) a);
      }
      return c.tf.squeeze(c.in(0), Squeeze.axis(list));
    });
    reg("concatenate", c -> {
      List<Operand> ins = new ArrayList<>();
      for (int i = 0; i < c.in.size(); i++) {
        ins.add(c.inOut(i));
      }
      return c.tf.concat((List) ins, c.tf.constant(c.intAttr("axis")));
    });
    reg("stack", c -> {
      List<Operand> ins = new ArrayList<>();
      for (int i = 0; i < c.in.size(); i++) {
        ins.add(c.inOut(i));
      }
      return c.tf.stack((List) ins, org.tensorflow.op.core.Stack.axis((long) c.intAttr("axis")));
    });
    TABLE.put("split", c -> {
      Object sections = c.attr("indices_or_sections");
      List<?> parts;
      if (sections instanceof int[] indices) {
        // NumPy's split points as sizes; the last part takes the rest of the axis (-1)
        long[] sizes = new long[indices.length + 1];
        long prev = 0;
        for (int i = 0; i < indices.length; i++) {
          sizes[i] = indices[i] - prev;
          prev = indices[i];
        }
        sizes[indices.length] = -1;
        parts = c.tf.splitV(c.in(0), c.tf.constant(sizes), c.tf.constant(c.intAttr("axis")), (long) sizes.length)
            .output();
      } else {
        parts = c.tf.split(c.tf.constant(c.intAttr("axis")), c.in(0), (long) (Integer) sections).output();
      }
      List<Operand<?>> out = new ArrayList<>();
      for (Object o : parts) {
        out.add((Operand<?>) o);
      }
      return out;
    });
    reg("take", c -> {
      int axis = c.intAttr("axis");
      return c.tf.gather(c.in(0), fromEnd(c.tf, c.in(1), axisSize(c.tf, c.in(0), axis)), c.tf.constant(axis));
    });
    reg("take_along_axis", OpLowerings::takeAlongAxis);
    reg("where", c -> c.tf.select(bool(c, 0), c.inOut(1), c.inOut(2)));
    reg("cast", c -> cast(c.tf, c.in(0), c.outType(0)));
    reg("tile", c -> c.tf.tile(c.in(0), c.tf.constant((int[]) c.attr("repeats"))));
    reg("repeat", c -> {
      // NumPy's repeat as TF's Python tf.repeat writes it for one count: a new axis tiled, then folded back
      int axis = c.intAttr("axis");
      int n = c.intAttr("repeats");
      Operand x = c.in(0);
      int r = x.shape().numDimensions();
      int[] tiles = new int[r + 1];
      int[] scale = new int[r];
      java.util.Arrays.fill(tiles, 1);
      java.util.Arrays.fill(scale, 1);
      tiles[axis + 1] = n;
      scale[axis] = n;
      Operand t = c.tf.tile(c.tf.expandDims(x, c.tf.constant(axis + 1)), c.tf.constant(tiles));
      // sizes the frontend knows go in as constants, so that TF's shape inference keeps them for later layers
      // (a Dense after it reads its input's last size); only unknown ones come from the runtime shape
      long[] known = c.op().specs().get(0).shape().asArray();
      List<Operand<TInt32>> target = new ArrayList<>();
      Operand<TInt32> runtime = c.tf.math.mul(c.tf.shape(x), c.tf.constant(scale));
      for (int i = 0; i < r; i++) {
        target.add(known[i] != Shape.UNKNOWN_SIZE ? c.tf.constant(new int[] {(int) known[i]})
            : c.tf.slice(runtime, c.tf.constant(new int[] {i}), c.tf.constant(new int[] {1})));
      }
      return c.tf.reshape(t, target.size() == 1 ? target.get(0) : c.tf.concat(target, c.tf.constant(0)));
    });
    reg("pad", c -> {
      long[] flat = c.attr("pad_width");
      int[][] p = new int[flat.length / 2][2];
      for (int i = 0; i < p.length; i++) {
        p[i][0] = (int) flat[2 * i];
        p[i][1] = (int) flat[2 * i + 1];
      }
      String mode = c.attr("mode");
      if (!"constant".equals(mode)) {
        return c.tf.mirrorPad(c.in(0), c.tf.constant(p), mode.toUpperCase(java.util.Locale.ROOT));
      }
      return c.tf.pad(c.in(0), c.tf.constant(p), scalar(c.tf, c.doubleAttr("constant_values"), c.outType(0)));
    });
    // int32 begin/size: TF's C++ Slice gradient subtracts them from an int32 shape
    reg("slice", c -> c.tf.slice(c.in(0), c.tf.constant(ints(c.attr("start_indices"))),
        c.tf.constant(ints(c.attr("shape")))));
    // reductions
    reg("sum", c -> c.tf.reduceSum(c.in(0), axes(c), ReduceSum.keepDims(c.attr("keepdims"))));
    // as Keras: a mean is computed in float32 at least (half floats and ints), then given the result dtype
    reg("mean", c -> cast(c.tf, c.tf.math.mean(computeFloat(c, 0), axes(c), Mean.keepDims(c.attr("keepdims"))),
        c.outType(0)));
    reg("max", c -> c.tf.reduceMax(c.in(0), axes(c), ReduceMax.keepDims(c.attr("keepdims"))));
    reg("min", c -> c.tf.reduceMin(c.in(0), axes(c), ReduceMin.keepDims(c.attr("keepdims"))));
    reg("prod", c -> c.tf.reduceProd(c.in(0), axes(c), ReduceProd.keepDims(c.attr("keepdims"))));
    reg("argmax", c -> argReduce(c, c.tf.math.argMax(c.in(0), c.tf.constant(c.intAttr("axis")), TInt32.class)));
    reg("argmin", c -> argReduce(c, c.tf.math.argMin(c.in(0), c.tf.constant(c.intAttr("axis")), TInt32.class)));
    reg("cumsum", c -> c.tf.math.cumsum(c.in(0), c.tf.constant(c.intAttr("axis"))));
    // creation
    reg("full_like", c -> c.tf.fill(c.tf.shape(c.in(0)), scalar(c.tf, c.doubleAttr("fill_value"), c.outType(0))));
    reg("arange", c -> {
      Class<? extends TType> t = c.outType(0);
      Class<? extends TType> compute = t == TInt32.class || t == TInt64.class || t == TFloat64.class ? t
          : TFloat32.class;
      Operand r = c.tf.range(scalar(c.tf, c.doubleAttr("start"), compute), scalar(c.tf, c.doubleAttr("stop"), compute),
          scalar(c.tf, c.doubleAttr("step"), compute));
      return cast(c.tf, r, t);
    });
    reg("one_hot", c -> cast(c.tf, c.tf.oneHot(cast(c.tf, c.in(0), TInt64.class),
        c.tf.constant(c.intAttr("num_classes")), c.tf.constant(1f), c.tf.constant(0f),
        org.tensorflow.op.core.OneHot.axis((long) c.intAttr("axis"))), c.outType(0)));
    // activations
    reg("relu", c -> c.tf.nn.relu(c.in(0)));
    reg("relu6", c -> c.tf.nn.relu6(c.in(0)));
    reg("sigmoid", c -> c.tf.math.sigmoid(c.inOut(0)));
    reg("tanh", c -> c.tf.math.tanh(c.inOut(0)));
    reg("softplus", c -> c.tf.math.softplus(c.inOut(0)));
    reg("elu", c -> {
      double alpha = c.doubleAttr("alpha");
      Operand x = c.inOut(0);
      Operand e = c.tf.nn.elu(x);
      // TF's Elu has alpha 1; Keras' alpha scales the negative part
      return alpha == 1.0 ? e : c.tf.select(c.tf.math.greater(x, scalar(c.tf, 0, c.outType(0))), e,
          c.tf.math.mul(e, scalar(c.tf, alpha, c.outType(0))));
    });
    reg("leaky_relu", c -> c.tf.nn.leakyRelu(c.inOut(0),
        org.tensorflow.op.nn.LeakyRelu.alpha((float) c.doubleAttr("negative_slope"))));
    reg("softmax", c -> lastAxis(c, x -> c.tf.nn.softmax(x)));
    reg("log_softmax", c -> lastAxis(c, x -> {
      // TF's C++ LogSoftmax gradient is right for rank 2 only (ARCHITECTURE.md): fold leading axes first
      int last = x.shape().numDimensions() - 1;
      Operand<TInt32> classes = x.shape().get(last) != Shape.UNKNOWN_SIZE
          ? c.tf.constant(new int[] {(int) x.shape().get(last)})
          : c.tf.slice(c.tf.shape(x), c.tf.constant(new int[] {last}), c.tf.constant(new int[] {1}));
      Operand flat = c.tf.reshape(x, c.tf.concat(List.of(c.tf.constant(new int[] {-1}), classes), c.tf.constant(0)));
      return c.tf.reshape(c.tf.nn.logSoftmax(flat), c.tf.shape(x));
    }));
    // convolution and pooling
    reg("conv", c -> conv(c, false));
    reg("depthwise_conv", c -> conv(c, true));
    reg("conv_transpose", OpLowerings::convTranspose);
    reg("max_pool", c -> pool(c, true));
    reg("average_pool", c -> pool(c, false));
    registerRandom();
  }

  /** keras.random: stateless TF random ops keyed by (seed, step), cut from the gradient as NoiseOps' are. */
  private static void registerRandom() {
    reg("random_normal", c -> {
      Operand<TFloat32> n = c.tf.random.statelessRandomNormal(randomShape(c), randomKey(c), TFloat32.class);
      Operand<TFloat32> v = c.tf.math.add(c.tf.math.mul(n, c.tf.constant((float) c.doubleAttr("stddev"))),
          c.tf.constant((float) c.doubleAttr("mean")));
      return cast(c.tf, c.tf.stopGradient(v), c.outType(0));
    });
    reg("random_uniform", c -> {
      Operand<TFloat32> u = c.tf.random.statelessRandomUniform(randomShape(c), randomKey(c), TFloat32.class);
      double lo = c.doubleAttr("minval");
      double hi = c.doubleAttr("maxval");
      Operand<TFloat32> v = c.tf.math.add(c.tf.math.mul(u, c.tf.constant((float) (hi - lo))),
          c.tf.constant((float) lo));
      return cast(c.tf, c.tf.stopGradient(v), c.outType(0));
    });
    reg("dropout", c -> {
      double rate = c.doubleAttr("rate");
      Operand x = c.in(0);
      if (rate == 0) {
        return x;
      }
      Operand<TFloat32> u = c.tf.random.statelessRandomUniform(c.tf.shape(x), randomKey(c), TFloat32.class);
      Operand keep = cast(c.tf, c.tf.math.greaterEqual(u, c.tf.constant((float) rate)), x.type());
      return c.tf.math.mul(x, c.tf.math.mul(keep, scalar(c.tf, 1.0 / (1.0 - rate), x.type())));
    });
  }

  private static Operand<TInt32> randomShape(Call c) {
    if (!c.in.isEmpty()) {
      return c.tf.shape(c.in(0));
    }
    long[] dims = c.op().specs().get(0).shape().asArray();
    int[] ints = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      ints[i] = (int) dims[i];
    }
    return c.tf.constant(ints);
  }

  /** (seed, step): a SeedGenerator draws afresh each step; a fixed seed repeats; none follows the runtime's seed. */
  private static Operand<TInt64> randomKey(Call c) {
    Object g = c.op().attributes().get("seed_generator");
    Object fixed = c.op().attributes().get("seed");
    if (fixed instanceof Long s) {
      return c.tf.constant(new long[] {s, 0L});
    }
    long base = g instanceof io.jkeras.random.SeedGenerator sg ? sg.seed() : c.ctx.graphSeed();
    long opSeed = base * 1_000_003L + c.ctx.nextSeed();
    return c.tf.stack(List.of(c.tf.constant(opSeed), c.ctx.step()));
  }

  private static int[] ints(long[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.toIntExact(v[i]);
    }
    return out;
  }

  private static void reg(String name, java.util.function.Function<Call, Operand<?>> f) {
    TABLE.put(name, c -> List.of(f.apply(c)));
  }

  /** Registers (or replaces) the lowering of an op, for op libraries outside jkeras. */
  public static void register(String opName, OpLowering lowering) {
    TABLE.put(opName, lowering);
  }

  /** Whether the table lowers {@code opName}. */
  public static boolean has(String opName) {
    return TABLE.containsKey(opName);
  }

  /** The TF outputs of one operation. */
  public static List<Operand<?>> lower(Call call) {
    OpLowering f = TABLE.get(call.op().opName());
    if (f == null) {
      throw new UnsupportedOperationException("ops." + call.op().opName() + " has no TensorFlow lowering; "
          + "register one with OpLowerings.register");
    }
    return f.lower(call);
  }

  // ---------------------------------------------------------------- dtypes

  /** The TF type of a Keras dtype. */
  public static Class<? extends TType> typeOf(DType d) {
    return switch (d) {
      case FLOAT16 -> TFloat16.class;
      case BFLOAT16 -> TBfloat16.class;
      case FLOAT32 -> TFloat32.class;
      case FLOAT64 -> TFloat64.class;
      case INT8 -> throw new UnsupportedOperationException("int8 tensors are not supported by TensorFlow Java");
      case UINT8 -> TUint8.class;
      case INT32 -> TInt32.class;
      case INT64 -> TInt64.class;
      case BOOL -> TBool.class;
      case STRING -> TString.class;
    };
  }

  /** {@code x} as float32 (a loss term added in ops may have another float type). */
  public static Operand<TFloat32> asFloat(Ops tf, Operand<?> x) {
    return cast(tf, x, TFloat32.class);
  }

  static Operand cast(Ops tf, Operand x, Class<? extends TType> type) {
    return x.type() == type ? x : tf.dtypes.cast(x, (Class) type);
  }

  /** A scalar constant of {@code type}. */
  public static Operand scalar(Ops tf, double v, Class<? extends TType> type) {
    if (type == TFloat32.class) {
      return tf.constant((float) v);
    }
    if (type == TFloat64.class) {
      return tf.constant(v);
    }
    if (type == TInt32.class) {
      return tf.constant((int) v);
    }
    if (type == TInt64.class) {
      return tf.constant((long) v);
    }
    if (type == TBool.class) {
      return tf.constant(v != 0);
    }
    return tf.dtypes.cast(tf.constant(v), (Class) type);
  }

  private static Operand bool(Call c, int i) {
    Operand x = c.in(i);
    return x.type() == TBool.class ? x : c.tf.math.notEqual(x, scalar(c.tf, 0, x.type()));
  }

  private static Operand compare(Call c, java.util.function.BinaryOperator<Operand> f) {
    List<DType> ds = new ArrayList<>();
    for (Operand<?> o : c.in) {
      ds.add(dtypeOf(o.type()));
    }
    Class<? extends TType> t = typeOf(promote(ds));
    return f.apply(cast(c.tf, c.in(0), t), cast(c.tf, c.in(1), t));
  }

  private static DType promote(List<DType> ds) {
    DType best = ds.get(0);
    for (DType d : ds) {
      if (d.isFloating() && !best.isFloating() || d.isFloating() == best.isFloating() && d.byteSize() > best.byteSize()) {
        best = d;
      }
    }
    return best;
  }

  /** The Keras dtype of a TF type. */
  public static DType dtypeOf(Class<?> t) {
    for (DType d : DType.values()) {
      if (d != DType.INT8 && typeOf(d) == t) {   // typeOf(INT8) throws: TF Java has no int8 type
        return d;
      }
    }
    throw new IllegalArgumentException("no Keras dtype for " + t.getSimpleName());
  }

  // ---------------------------------------------------------------- helpers of entries

  private static Operand<TInt32> axes(Call c) {
    int[] axes = c.attr("axis");
    if (axes == null) {
      int r = c.in(0).shape().numDimensions();
      axes = new int[r];
      for (int i = 0; i < r; i++) {
        axes[i] = i;
      }
    }
    return c.tf.constant(axes);
  }

  private static Operand argReduce(Call c, Operand idx) {
    boolean keep = c.attr("keepdims");
    return keep ? c.tf.expandDims(idx, c.tf.constant(c.intAttr("axis"))) : idx;
  }

  private static Operand matmul(Call c) {
    Operand x = c.inOut(0);
    Operand y = c.inOut(1);
    int rx = x.shape().numDimensions();
    int ry = y.shape().numDimensions();
    Operand xm = rx == 1 ? c.tf.expandDims(x, c.tf.constant(0)) : x;
    Operand ym = ry == 1 ? c.tf.expandDims(y, c.tf.constant(-1)) : y;
    Operand p = rx <= 2 && ry <= 2 ? c.tf.linalg.matMul(xm, ym)
        : c.tf.train.batchMatMul(xm, ym, (Class) c.outType(0));
    if (rx == 1) {
      p = c.tf.squeeze(p, Squeeze.axis(List.of(-2L)));
    }
    if (ry == 1) {
      p = c.tf.squeeze(p, Squeeze.axis(List.of(-1L)));
    }
    return p;
  }

  /** The size of {@code axis} of {@code x} as an int32 scalar: a constant when known. */
  private static Operand<TInt32> axisSize(Ops tf, Operand<?> x, int axis) {
    long n = x.shape().get(axis);
    if (n != Shape.UNKNOWN_SIZE) {
      return tf.constant((int) n);
    }
    return tf.reshape(tf.slice(tf.shape(x), tf.constant(new int[] {axis}), tf.constant(new int[] {1})),
        tf.constant(new int[0]));
  }

  /** Indices with negative entries counted from the end of an axis of {@code size} (Keras' "fill" mode). */
  private static Operand fromEnd(Ops tf, Operand idx, Operand<TInt32> size) {
    Operand n = cast(tf, size, idx.type());
    return tf.select(tf.math.less(idx, scalar(tf, 0, idx.type())), tf.math.add(idx, n), idx);
  }

  /**
   * NumPy's take_along_axis as Keras writes it on TF: the other axes broadcast, negative indices count from the
   * end, the axis moved last; then one gather over the flattened tensor at {@code row * n + index} (GatherV2
   * without batch dims, whose C++ gradient exists).
   */
  private static Operand takeAlongAxis(Call c) {
    Ops tf = c.tf;
    Operand x = c.in(0);
    Operand<TInt32> idx = cast(tf, c.in(1), TInt32.class);
    int a = c.intAttr("axis");
    int r = x.shape().numDimensions();
    boolean bx = false;
    boolean bi = false;
    for (int i = 0; i < r; i++) {
      long p = x.shape().get(i);
      long q = idx.shape().get(i);
      if (i != a) {
        bx |= p == 1 && q != 1;
        bi |= q == 1 && p != 1;
      }
    }
    if (bx || bi) {
      Operand<TInt32> sx = tf.shape(x);
      Operand<TInt32> si = tf.shape(idx);
      Operand<TInt32> m = tf.math.maximum(sx, si);
      if (bx) {
        x = tf.broadcastTo(x, withDim(tf, m, a, sx, r));
      }
      if (bi) {
        idx = tf.broadcastTo(idx, withDim(tf, m, a, si, r));
      }
    }
    Operand<TInt32> n = axisSize(tf, x, a);
    idx = fromEnd(tf, idx, n);
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = i;
    }
    perm[a] = r - 1;
    perm[r - 1] = a;
    Operand xt = tf.linalg.transpose(x, tf.constant(perm));
    Operand<TInt32> it = tf.linalg.transpose(idx, tf.constant(perm));
    Operand<TInt32> itShape = tf.shape(it);
    Operand<TInt32> k = tf.slice(itShape, tf.constant(new int[] {r - 1}), tf.constant(new int[] {1}));
    Operand<TInt32> rows = tf.reshape(it, tf.concat(List.of(tf.constant(new int[] {-1}), k), tf.constant(0)));
    Operand<TInt32> count = tf.reshape(tf.slice(tf.shape(rows), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
        tf.constant(new int[0]));
    Operand<TInt32> offsets = tf.expandDims(tf.math.mul(tf.range(tf.constant(0), count, tf.constant(1)), n),
        tf.constant(-1));
    Operand flatX = tf.reshape(xt, tf.constant(new int[] {-1}));
    Operand g = tf.gather(flatX, tf.math.add(rows, offsets), tf.constant(0));
    return tf.linalg.transpose(tf.reshape(g, itShape), tf.constant(perm));
  }

  /** {@code m} with entry {@code axis} taken from {@code own} (shapes as int32 vectors of length {@code r}). */
  private static Operand<TInt32> withDim(Ops tf, Operand<TInt32> m, int axis, Operand<TInt32> own, int r) {
    List<Operand<TInt32>> parts = new ArrayList<>();
    if (axis > 0) {
      parts.add(tf.slice(m, tf.constant(new int[] {0}), tf.constant(new int[] {axis})));
    }
    parts.add(tf.slice(own, tf.constant(new int[] {axis}), tf.constant(new int[] {1})));
    if (axis < r - 1) {
      parts.add(tf.slice(m, tf.constant(new int[] {axis + 1}), tf.constant(new int[] {r - axis - 1})));
    }
    return tf.concat(parts, tf.constant(0));
  }

  private static Operand lastAxis(Call c, java.util.function.UnaryOperator<Operand> f) {
    Operand x = c.inOut(0);
    int r = x.shape().numDimensions();
    int axis = c.intAttr("axis");
    if (axis == r - 1) {
      return f.apply(x);
    }
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) {
      perm[i] = i;
    }
    perm[axis] = r - 1;
    perm[r - 1] = axis;
    Operand t = c.tf.linalg.transpose(x, c.tf.constant(perm));
    return c.tf.linalg.transpose(f.apply(t), c.tf.constant(perm));
  }

  private static String pad(Call c) {
    return "same".equals(c.attr("padding")) ? "SAME" : "VALID";
  }

  /**
   * Input {@code i} in the type convolutions, poolings and means compute in: float64 stays float64 (the gradient
   * tests run in it), anything else (ints, half floats) is computed in float32, as the layers and Keras do.
   */
  private static Operand computeFloat(Call c, int i) {
    Operand x = c.in(i);
    return x.type() == TFloat64.class ? x : cast(c.tf, x, TFloat32.class);
  }

  private static Operand conv(Call c, boolean depthwise) {
    Ops tf = c.tf;
    Operand x = computeFloat(c, 0);
    Operand k = cast(tf, c.in(1), x.type());
    int[] st = c.attr("strides");
    int[] dil = c.attr("dilation_rate");
    int n = st.length;
    Padding padding = "same".equals(c.attr("padding")) ? Padding.SAME : Padding.VALID;
    boolean oneD = n == 1;
    if (oneD) {
      // Keras' conv1d on TF: a 2-D convolution over (1, length)
      x = tf.expandDims(x, tf.constant(1));
      k = tf.expandDims(k, tf.constant(0));
      st = new int[] {1, st[0]};
      dil = new int[] {1, dil[0]};
      n = 2;
    }
    int[] kernel = new int[n];
    for (int i = 0; i < n; i++) {
      kernel[i] = (int) k.shape().get(i);
    }
    final int[] s = st;
    final Operand kk = k;
    for (int d : dil) {
      if (d > 1 && java.util.Arrays.stream(s).anyMatch(v -> v > 1)) {
        throw new UnsupportedOperationException("ops." + c.op().opName()
            + ": strides > 1 with dilation_rate > 1 are not supported (as in Keras)");
      }
    }
    Operand y;
    if (n == 2) {
      y = ConvLowerings.dilated(tf, x, kernel, dil, padding, "ops." + c.op().opName(), (xs, p) -> depthwise
          ? tf.nn.depthwiseConv2dNative(xs, kk, ConvLowerings.strides(s[0], s[1]), p)
          : tf.nn.conv2d(xs, kk, ConvLowerings.strides(s[0], s[1]), p));
    } else {
      if (depthwise) {
        throw new UnsupportedOperationException("ops.depthwise_conv supports 1-D and 2-D inputs");
      }
      y = ConvLowerings.dilated(tf, x, kernel, dil, padding, "ops.conv",
          (xs, p) -> tf.nn.conv3d(xs, kk, ConvLowerings.strides(s[0], s[1], s[2]), p));
    }
    if (oneD) {
      y = tf.squeeze(y, Squeeze.axis(List.of(1L)));
    }
    return cast(tf, y, c.outType(0));
  }

  /**
   * Keras' conv_transpose on TF: {@code Conv2DBackpropInput} with Keras' output size (a 1-D input as a 2-D one of
   * height 1); unknown spatial sizes give the size as {@code in * stride + c}, {@code c} from Keras' formula.
   */
  private static Operand convTranspose(Call c) {
    Ops tf = c.tf;
    Operand x = computeFloat(c, 0);
    Operand k = cast(tf, c.in(1), x.type());
    int[] st = c.attr("strides");
    int[] op = c.attr("output_padding");
    Padding padding = "same".equals(c.attr("padding")) ? Padding.SAME : Padding.VALID;
    int n = st.length;
    long[] known = c.op().specs().get(0).shape().asArray();
    int[] add = new int[n];
    for (int i = 0; i < n; i++) {
      add[i] = (int) io.jkeras.layers.ConvShapes.transposeOutputLength(0, (int) k.shape().get(i), padding, st[i], 1,
          op == null ? -1 : op[i]);
    }
    Operand<TInt32> shape = tf.shape(x);
    List<Operand<TInt32>> size = new ArrayList<>();
    size.add(tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1})));
    if (n == 1) {
      x = tf.expandDims(x, tf.constant(1));
      k = tf.expandDims(k, tf.constant(0));
      size.add(tf.constant(new int[] {1}));
    }
    for (int i = 0; i < n; i++) {
      size.add(known[i + 1] != Shape.UNKNOWN_SIZE ? tf.constant(new int[] {(int) known[i + 1]})
          : tf.math.add(tf.math.mul(tf.slice(shape, tf.constant(new int[] {i + 1}), tf.constant(new int[] {1})),
              tf.constant(new int[] {st[i]})), tf.constant(new int[] {add[i]})));
    }
    size.add(tf.constant(new int[] {(int) known[n + 1]}));
    List<Long> strides = n == 1 ? ConvLowerings.strides(1, st[0]) : ConvLowerings.strides(st[0], st[1]);
    Operand y = tf.nn.conv2dBackpropInput(tf.concat(size, tf.constant(0)), k, x, strides, pad(c));
    if (n == 1) {
      y = tf.squeeze(y, Squeeze.axis(List.of(1L)));
    }
    return cast(tf, y, c.outType(0));
  }

  private static Operand pool(Call c, boolean max) {
    Ops tf = c.tf;
    Operand x = computeFloat(c, 0);
    int[] ps = c.attr("pool_size");
    int[] st = c.attr("strides");
    int n = ps.length;
    boolean oneD = n == 1;
    if (oneD) {
      x = tf.expandDims(x, tf.constant(1));
      ps = new int[] {1, ps[0]};
      st = new int[] {1, st[0]};
      n = 2;
    }
    List<Long> window = new ArrayList<>();
    List<Long> strides = new ArrayList<>();
    window.add(1L);
    strides.add(1L);
    for (int i = 0; i < n; i++) {
      window.add((long) ps[i]);
      strides.add((long) st[i]);
    }
    window.add(1L);
    strides.add(1L);
    Operand y;
    if (n == 2) {
      // TF's MaxPool with attributes (MaxPoolOp: oneDNN runs it and its gradient) for float32
      y = !max ? tf.nn.avgPool(x, window, strides, pad(c))
          : x.type() == TFloat32.class ? MaxPoolOp.maxPool(tf, true, x, window, strides, pad(c))
          : tf.nn.maxPool(x, tf.constant(window.stream().mapToInt(Long::intValue).toArray()),
              tf.constant(strides.stream().mapToInt(Long::intValue).toArray()), pad(c));
    } else {
      // TF's CPU kernels of MaxPool3D and AvgPool3D take float32 (not float64)
      Operand x32 = cast(tf, x, TFloat32.class);
      y = max ? tf.nn.maxPool3d(x32, window, strides, pad(c)) : tf.nn.avgPool3d(x32, window, strides, pad(c));
    }
    if (oneD) {
      y = tf.squeeze(y, Squeeze.axis(List.of(1L)));
    }
    return cast(tf, y, c.outType(0));
  }
}
