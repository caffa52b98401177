package io.jkeras.training;

import io.jkeras.DType;
import java.lang.reflect.Array;
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
 * Turns what users pass as data (ndarrays, plain Java arrays of any rank) into ndarrays of the types the
 * runtime takes: {@link FloatNdArray} for float inputs and targets, {@link IntNdArray} / {@link LongNdArray}
 * for integer inputs and labels. Conversions copy once, in bulk through primitive arrays.
 */
final class ArrayConversion {
  private ArrayConversion() {}

  /** An ndarray as is; a Java array ({@code float[][]}, {@code int[]}, ...) copied into one. */
  static NdArray<?> toNdArray(String what, Object value) {
    if (value instanceof NdArray<?> a) {
      return a;
    }
    if (value == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    Class<?> c = value.getClass();
    if (!c.isArray()) {
      throw new IllegalArgumentException(what + ": expected an ndarray (FloatNdArray, IntNdArray, ...) or a"
          + " Java array (float[][], int[], ...), got " + c.getName());
    }
    int rank = 0;
    Class<?> leaf = c;
    while (leaf.isArray()) {
      rank++;
      leaf = leaf.getComponentType();
    }
    if (leaf == String.class) {
      return strings(what, value, rank);
    }
    if (!leaf.isPrimitive()) {
      throw new IllegalArgumentException(what + ": arrays of " + leaf.getSimpleName()
          + " are not supported; use arrays of float, double, int, long, short, byte, boolean or String");
    }
    long[] dims = new long[rank];
    Object cur = value;
    for (int d = 0; d < rank; d++) {
      int len = cur == null ? 0 : Array.getLength(cur);
      dims[d] = len;
      cur = (len > 0 && d < rank - 1) ? Array.get(cur, 0) : null;
    }
    long total = 1;
    for (long d : dims) {
      total *= d;
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + ": Java array of " + total
          + " elements is too large; give an ndarray instead");
    }
    Object flat = Array.newInstance(leaf, (int) total);
    copyFlat(what, value, dims, 0, flat, new int[] {0});
    Shape shape = Shape.of(dims);
    if (leaf == float.class) {
      return NdArrays.wrap(shape, DataBuffers.of((float[]) flat, false, false));
    } else if (leaf == double.class) {
      return NdArrays.wrap(shape, DataBuffers.of((double[]) flat, false, false));
    } else if (leaf == int.class) {
      return NdArrays.wrap(shape, DataBuffers.of((int[]) flat, false, false));
    } else if (leaf == long.class) {
      return NdArrays.wrap(shape, DataBuffers.of((long[]) flat, false, false));
    } else if (leaf == short.class) {
      return NdArrays.wrap(shape, DataBuffers.of((short[]) flat, false, false));
    } else if (leaf == byte.class) {
      return NdArrays.wrap(shape, DataBuffers.of((byte[]) flat, false, false));
    } else if (leaf == boolean.class) {
      return NdArrays.wrap(shape, DataBuffers.of((boolean[]) flat, false, false));
    }
    throw new IllegalArgumentException(what + ": arrays of " + leaf + " are not supported");
  }

  /** {@code String[]}, {@code String[][]}, ... as an {@code NdArray<String>} (string inputs). */
  private static NdArray<String> strings(String what, Object value, int rank) {
    long[] dims = new long[rank];
    Object cur = value;
    for (int d = 0; d < rank; d++) {
      int len = cur == null ? 0 : Array.getLength(cur);
      dims[d] = len;
      cur = (len > 0 && d < rank - 1) ? Array.get(cur, 0) : null;
    }
    NdArray<String> out = NdArrays.ofObjects(String.class, Shape.of(dims));
    java.util.Iterator<? extends NdArray<String>> it = out.scalars().iterator();
    fillStrings(what, value, dims, 0, it);
    return out;
  }

  private static void fillStrings(String what, Object arr, long[] dims, int depth,
      java.util.Iterator<? extends NdArray<String>> it) {
    int len = Array.getLength(arr);
    if (len != dims[depth]) {
      throw new IllegalArgumentException(what + ": ragged Java array: dimension " + depth + " has length "
          + len + " where the first row has " + dims[depth]);
    }
    for (int i = 0; i < len; i++) {
      Object e = Array.get(arr, i);
      if (e == null) {
        throw new IllegalArgumentException(what + ": String array has a null " + (depth == dims.length - 1
            ? "String" : "row") + " at dimension " + depth + ", index " + i);
      }
      if (depth == dims.length - 1) {
        it.next().setObject((String) e);
      } else {
        fillStrings(what, e, dims, depth + 1, it);
      }
    }
  }

  // Copies the innermost rows with System.arraycopy (no per-element work); ragged arrays are rejected.
  private static void copyFlat(String what, Object arr, long[] dims, int depth, Object flat, int[] pos) {
    int len = Array.getLength(arr);
    if (len != dims[depth]) {
      throw new IllegalArgumentException(what + ": ragged Java array: dimension " + depth + " has length "
          + len + " where the first row has " + dims[depth]);
    }
    if (depth == dims.length - 1) {
      System.arraycopy(arr, 0, flat, pos[0], len);
      pos[0] += len;
      return;
    }
    if (depth == dims.length - 2 && flat instanceof float[] f) {
      // Fast path for float rows (images often end in a channel dimension of 1).
      int n = (int) dims[depth + 1];
      for (Object r : (Object[]) arr) {
        float[] row = (float[]) r;
        if (row == null || row.length != n) {
          throw new IllegalArgumentException(what + ": ragged Java array: dimension " + (depth + 1)
              + " has length " + (row == null ? "null" : row.length) + " where the first row has " + n);
        }
        if (n == 1) {
          f[pos[0]++] = row[0];
        } else {
          System.arraycopy(row, 0, f, pos[0], n);
          pos[0] += n;
        }
      }
      return;
    }
    Object[] rows = (Object[]) arr; // every non-innermost level is an array of arrays
    for (int i = 0; i < len; i++) {
      Object sub = rows[i];
      if (sub == null) {
        throw new IllegalArgumentException(what + ": Java array has a null row at dimension " + depth);
      }
      copyFlat(what, sub, dims, depth + 1, flat, pos);
    }
  }

  /** Converts model inputs to the input's dtype: float inputs get a FloatNdArray, int32 an IntNdArray, ... */
  static NdArray<?> coerceInput(String what, NdArray<?> a, DType dtype) {
    if (dtype != DType.STRING && isText(a) && a.size() > 0) {
      throw new IllegalArgumentException(what + ": the input is " + dtype.kerasName() + " but the data holds"
          + " strings (String); feed numbers, or give the Input dtype string");
    }
    return switch (dtype) {
      case INT32 -> a instanceof IntNdArray ? a : toInts(what, a);
      case INT64 -> a instanceof LongNdArray ? a : toLongs(what, a);
      case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> a instanceof FloatNdArray ? a : toFloats(what, a);
      case STRING -> {
        if (!isText(a)) {
          throw new IllegalArgumentException(what + ": a string input takes strings (String[] or NdArray<String>,"
              + " or byte[] entries), got " + a.getClass().getSimpleName());
        }
        yield a;
      }
      default -> a;
    };
  }

  /** Whether {@code a} holds strings or byte strings (an object array whose first entry is one). */
  static boolean isText(NdArray<?> a) {
    if (a instanceof FloatNdArray || a instanceof IntNdArray || a instanceof LongNdArray || a instanceof DoubleNdArray
        || a instanceof ByteNdArray || a instanceof ShortNdArray || a instanceof BooleanNdArray) {
      return false;
    }
    if (a.size() == 0) {
      return true;
    }
    Object first = a.scalars().iterator().next().getObject();
    return first instanceof String || first instanceof byte[];
  }

  /** Targets: float, int and long arrays as they are (labels stay integers); other types become float. */
  static NdArray<?> coerceTarget(String what, NdArray<?> a) {
    if (a instanceof FloatNdArray || a instanceof IntNdArray || a instanceof LongNdArray) {
      return a;
    }
    return toFloats(what, a);
  }

  /** A float copy of any numeric ndarray; bytes are read as unsigned (uint8 images), booleans as 0/1. */
  static FloatNdArray toFloats(String what, NdArray<?> a) {
    if (a instanceof FloatNdArray f) {
      return f;
    }
    int n = checkedSize(what, a);
    float[] out = new float[n];
    if (a instanceof DoubleNdArray d) {
      double[] buf = new double[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = (float) buf[i];
      }
    } else if (a instanceof IntNdArray d) {
      int[] buf = new int[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i];
      }
    } else if (a instanceof LongNdArray d) {
      long[] buf = new long[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i];
      }
    } else if (a instanceof ShortNdArray d) {
      short[] buf = new short[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i];
      }
    } else if (a instanceof ByteNdArray d) {
      byte[] buf = new byte[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i] & 0xFF;
      }
    } else if (a instanceof BooleanNdArray d) {
      boolean[] buf = new boolean[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i] ? 1f : 0f;
      }
    } else if (isText(a)) {
      throw new IllegalArgumentException(what + ": got String values for a numeric input; an input that takes "
          + "text is declared with dtype string (Input.builder(...).dtype(DType.STRING))");
    } else {
      throw new IllegalArgumentException(what + ": cannot use an array of type "
          + a.getClass().getSimpleName() + " as numbers");
    }
    return NdArrays.wrap(a.shape(), DataBuffers.of(out, false, false));
  }

  private static IntNdArray toInts(String what, NdArray<?> a) {
    int n = checkedSize(what, a);
    int[] out = new int[n];
    if (a instanceof LongNdArray d) {
      long[] buf = new long[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = Math.toIntExact(buf[i]);
      }
    } else if (a instanceof ShortNdArray d) {
      short[] buf = new short[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i];
      }
    } else if (a instanceof ByteNdArray d) {
      byte[] buf = new byte[n];
      d.copyTo(DataBuffers.of(buf, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = buf[i] & 0xFF;
      }
    } else {
      throw new IllegalArgumentException(what + ": an int32 input needs integer data, got "
          + a.getClass().getSimpleName());
    }
    return NdArrays.wrap(a.shape(), DataBuffers.of(out, false, false));
  }

  private static LongNdArray toLongs(String what, NdArray<?> a) {
    if (!(a instanceof IntNdArray)) {
      IntNdArray ints = toInts(what, a);
      return toLongs(what, ints);
    }
    int n = checkedSize(what, a);
    int[] buf = new int[n];
    ((IntNdArray) a).copyTo(DataBuffers.of(buf, false, false));
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = buf[i];
    }
    return NdArrays.wrap(a.shape(), DataBuffers.of(out, false, false));
  }

  private static int checkedSize(String what, NdArray<?> a) {
    long n = a.size();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + ": converting " + n + " elements at once is not supported;"
          + " give the data in the model's dtype (e.g. FloatNdArray)");
    }
    return (int) n;
  }

  /** An empty array of the same type as {@code like}, with {@code n} examples. */
  @SuppressWarnings("unchecked")
  static <T> NdArray<T> allocateLike(NdArray<T> like, long n) {
    long[] dims = like.shape().asArray().clone();
    dims[0] = n;
    Shape s = Shape.of(dims);
    NdArray<?> out;
    if (like instanceof FloatNdArray) {
      out = NdArrays.ofFloats(s);
    } else if (like instanceof IntNdArray) {
      out = NdArrays.ofInts(s);
    } else if (like instanceof LongNdArray) {
      out = NdArrays.ofLongs(s);
    } else if (like instanceof DoubleNdArray) {
      out = NdArrays.ofDoubles(s);
    } else if (like instanceof ByteNdArray) {
      out = NdArrays.ofBytes(s);
    } else if (like instanceof ShortNdArray) {
      out = NdArrays.ofShorts(s);
    } else if (like instanceof BooleanNdArray) {
      out = NdArrays.ofBooleans(s);
    } else {
      out = NdArrays.ofObjects((Class<T>) Object.class, s);
    }
    return (NdArray<T>) out;
  }
}
