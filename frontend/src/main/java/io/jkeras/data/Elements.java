package io.jkeras.data;

import io.jkeras.training.Batches;
import io.jkeras.util.Shapes;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.BooleanNdArray;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.ShortNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Slicing data into elements and stacking elements into batches: ndarrays (a new first axis), numbers and
 * strings (a vector), and lists and maps of them, entry by entry. Copies are bulk ndarray copies.
 */
public final class Elements {
  private Elements() {}

  /** Stacks the elements' {@code x}, {@code y} and sample weights; {@code what} names the batch in errors. */
  public static Batches.Item stack(List<Batches.Item> items, String what) {
    List<Object> xs = new ArrayList<>();
    List<Object> ys = new ArrayList<>();
    List<Object> ws = new ArrayList<>();
    for (Batches.Item e : items) {
      xs.add(e.x());
      ys.add(e.y());
      ws.add(e.sampleWeight());
    }
    return new Batches.Item(stackValues(xs, what + ", x"), stackValues(ys, what + ", y"),
        stackValues(ws, what + ", sample weights"));
  }

  /** Values of one structure stacked along a new first axis. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Object stackValues(List<Object> values, String what) {
    Object first = values.get(0);
    if (first == null) {
      for (Object v : values) {
        if (v != null) {
          throw new IllegalArgumentException(what + ": some elements have a value and others none");
        }
      }
      return null;
    }
    int n = values.size();
    if (first instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Object key : m.keySet()) {
        List<Object> parts = new ArrayList<>(n);
        for (Object v : values) {
          if (!(v instanceof Map<?, ?> vm) || !vm.containsKey(key) || vm.size() != m.size()) {
            throw new IllegalArgumentException(what + ": elements have different keys: " + m.keySet() + " and "
                + (v instanceof Map<?, ?> vm2 ? vm2.keySet() : String.valueOf(v)));
          }
          parts.add(vm.get(key));
        }
        out.put(key, stackValues(parts, what + "['" + key + "']"));
      }
      return out;
    }
    if (first instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int k = 0; k < l.size(); k++) {
        List<Object> parts = new ArrayList<>(n);
        for (Object v : values) {
          if (!(v instanceof List<?> vl) || vl.size() != l.size()) {
            throw new IllegalArgumentException(what + ": elements are lists of different lengths");
          }
          parts.add(vl.get(k));
        }
        out.add(stackValues(parts, what + "[" + k + "]"));
      }
      return out;
    }
    if (first instanceof NdArray<?> a) {
      Shape s = a.shape();
      long[] dims = new long[s.numDimensions() + 1];
      dims[0] = n;
      System.arraycopy(s.asArray(), 0, dims, 1, s.numDimensions());
      NdArray out = allocate(a, Shape.of(dims));
      for (int i = 0; i < n; i++) {
        Object v = values.get(i);
        if (!(v instanceof NdArray<?> e) || e.getClass() != a.getClass() && !sameKind(e, a)) {
          throw new IllegalArgumentException(what + ": element " + i + " is " + describe(v) + " where element 0 is "
              + describe(a));
        }
        if (!java.util.Arrays.equals(e.shape().asArray(), s.asArray())) {
          throw new IllegalArgumentException(what + ": cannot batch elements of different shapes: element 0 has shape "
              + Shapes.format(s) + ", element " + i + " has shape " + Shapes.format(e.shape())
              + "; resize them to one size first (e.g. imageSize, or a map that resizes)");
        }
        ((NdArray) e).copyTo(out.get(i));
      }
      return out;
    }
    if (first instanceof Float) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = ((Number) values.get(i)).floatValue();
      }
      return NdArrays.wrap(Shape.of(n), DataBuffers.of(v, false, false));
    }
    if (first instanceof Double) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = ((Number) values.get(i)).doubleValue();
      }
      return NdArrays.wrap(Shape.of(n), DataBuffers.of(v, false, false));
    }
    if (first instanceof Integer || first instanceof Short || first instanceof Byte) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = ((Number) values.get(i)).intValue();
      }
      return NdArrays.wrap(Shape.of(n), DataBuffers.of(v, false, false));
    }
    if (first instanceof Long) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = ((Number) values.get(i)).longValue();
      }
      return NdArrays.wrap(Shape.of(n), DataBuffers.of(v, false, false));
    }
    if (first instanceof Boolean) {
      boolean[] v = new boolean[n];
      for (int i = 0; i < n; i++) {
        v[i] = (Boolean) values.get(i);
      }
      return NdArrays.wrap(Shape.of(n), DataBuffers.of(v, false, false));
    }
    if (first instanceof String || first instanceof byte[]) {
      NdArray<Object> out = NdArrays.ofObjects((Class<Object>) first.getClass(), Shape.of(n));
      for (int i = 0; i < n; i++) {
        out.setObject(values.get(i), i);
      }
      return out;
    }
    throw new IllegalArgumentException(what + ": cannot batch values of type " + first.getClass().getName());
  }

  private static boolean sameKind(NdArray<?> a, NdArray<?> b) {
    return kind(a) == kind(b);
  }

  private static Class<?> kind(NdArray<?> a) {
    return a instanceof FloatNdArray ? FloatNdArray.class : a instanceof DoubleNdArray ? DoubleNdArray.class
        : a instanceof IntNdArray ? IntNdArray.class : a instanceof LongNdArray ? LongNdArray.class
        : a instanceof ByteNdArray ? ByteNdArray.class : a instanceof ShortNdArray ? ShortNdArray.class
        : a instanceof BooleanNdArray ? BooleanNdArray.class : NdArray.class;
  }

  private static String describe(Object v) {
    if (v instanceof NdArray<?> a) {
      return kind(a).getSimpleName() + " of shape " + Shapes.format(a.shape());
    }
    return v == null ? "null" : v.getClass().getSimpleName();
  }

  @SuppressWarnings("unchecked")
  private static NdArray<?> allocate(NdArray<?> like, Shape shape) {
    if (like instanceof FloatNdArray) {
      return NdArrays.ofFloats(shape);
    }
    if (like instanceof DoubleNdArray) {
      return NdArrays.ofDoubles(shape);
    }
    if (like instanceof IntNdArray) {
      return NdArrays.ofInts(shape);
    }
    if (like instanceof LongNdArray) {
      return NdArrays.ofLongs(shape);
    }
    if (like instanceof ByteNdArray) {
      return NdArrays.ofBytes(shape);
    }
    if (like instanceof ShortNdArray) {
      return NdArrays.ofShorts(shape);
    }
    if (like instanceof BooleanNdArray) {
      return NdArrays.ofBooleans(shape);
    }
    Object first = like.size() == 0 ? null : like.scalars().iterator().next().getObject();
    Class<Object> c = (Class<Object>) (first instanceof byte[] ? byte[].class : first instanceof String ? String.class
        : Object.class);
    return NdArrays.ofObjects(c, shape);
  }

  // ---------------------------------------------------------------- slicing

  /** An ndarray as is, or a Java array of any rank (primitives or strings) copied into one. */
  public static NdArray<?> toNdArray(Object v, String what) {
    if (v instanceof NdArray<?> a) {
      return a;
    }
    if (v != null && v.getClass().isArray()) {
      return javaArray(v, what);
    }
    throw new IllegalArgumentException(what + ": expected an ndarray or a Java array, got "
        + (v == null ? "null" : v.getClass().getName()));
  }

  /** Data as ndarrays (Java arrays converted), maps and lists kept. */
  static Object asArrays(Object v, String what) {
    if (v instanceof NdArray<?>) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, e) -> out.put(k, asArrays(e, what + "['" + k + "']")));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        out.add(asArrays(l.get(i), what + "[" + i + "]"));
      }
      return out;
    }
    if (v != null && v.getClass().isArray()) {
      return javaArray(v, what);
    }
    throw new IllegalArgumentException(what + ": expected an ndarray, a Java array, or a list or map of them, got "
        + (v == null ? "null" : v.getClass().getName()));
  }

  /** The number of rows (first dimension), the same for every part. */
  static long rows(Object v, String what) {
    if (v instanceof NdArray<?> a) {
      if (a.rank() == 0) {
        throw new IllegalArgumentException(what + " is a scalar; slicing needs a first dimension");
      }
      return a.shape().get(0);
    }
    long n = -1;
    Iterable<?> parts = v instanceof Map<?, ?> m ? m.values() : (List<?>) v;
    for (Object p : parts) {
      long r = rows(p, what);
      if (n >= 0 && r != n) {
        throw new IllegalArgumentException(what + ": parts have different numbers of rows: " + n + " and " + r);
      }
      n = r;
    }
    return n;
  }

  /** Row {@code i}: a view of each ndarray. */
  static Object row(Object v, long i) {
    if (v instanceof NdArray<?> a) {
      return a.get(i);
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, e) -> out.put(k, row(e, i)));
      return out;
    }
    List<Object> out = new ArrayList<>();
    for (Object e : (List<?>) v) {
      out.add(row(e, i));
    }
    return out;
  }

  /** A Java array of any rank (primitives or strings) copied into an ndarray. */
  static NdArray<?> javaArray(Object value, String what) {
    List<Long> dims = new ArrayList<>();
    Object cur = value;
    Class<?> leaf = value.getClass();
    while (leaf.isArray()) {
      dims.add((long) (cur == null ? 0 : Array.getLength(cur)));
      cur = cur != null && Array.getLength(cur) > 0 ? Array.get(cur, 0) : null;
      leaf = leaf.getComponentType();
    }
    Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
    NdArray<?> out;
    if (leaf == float.class) {
      out = NdArrays.ofFloats(shape);
    } else if (leaf == double.class) {
      out = NdArrays.ofDoubles(shape);
    } else if (leaf == int.class) {
      out = NdArrays.ofInts(shape);
    } else if (leaf == long.class) {
      out = NdArrays.ofLongs(shape);
    } else if (leaf == byte.class) {
      out = NdArrays.ofBytes(shape);
    } else if (leaf == boolean.class) {
      out = NdArrays.ofBooleans(shape);
    } else if (leaf == String.class) {
      out = NdArrays.ofObjects(String.class, shape);
    } else {
      throw new IllegalArgumentException(what + ": arrays of " + leaf.getSimpleName() + " are not supported");
    }
    java.util.Iterator<? extends NdArray<?>> it = out.scalars().iterator();
    fill(value, dims, 0, it, what);
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void fill(Object arr, List<Long> dims, int depth, java.util.Iterator<? extends NdArray<?>> it,
      String what) {
    int len = Array.getLength(arr);
    if (len != dims.get(depth)) {
      throw new IllegalArgumentException(what + ": ragged Java array: dimension " + depth + " has length " + len
          + " where the first row has " + dims.get(depth));
    }
    for (int i = 0; i < len; i++) {
      Object e = Array.get(arr, i);
      if (depth == dims.size() - 1) {
        ((NdArray) it.next()).setObject(e);
      } else {
        if (e == null) {
          throw new IllegalArgumentException(what + ": null row at dimension " + depth);
        }
        fill(e, dims, depth + 1, it, what);
      }
    }
  }
}
