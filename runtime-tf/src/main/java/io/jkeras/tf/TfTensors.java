package io.jkeras.tf;

import io.jkeras.util.Shapes;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Batch arrays to TF tensors and back, by bulk copies (ndarray's {@code copyTo}), never element by element in
 * our code; and the checks that name the input and both shapes before any native call.
 */
final class TfTensors {
  private TfTensors() {}

  /** The TF type of an ndarray's elements, or {@code null} when the runtime cannot feed it. */
  static Class<? extends TType> typeOf(NdArray<?> array) {
    if (array instanceof FloatNdArray) {
      return TFloat32.class;
    }
    if (array instanceof DoubleNdArray) {
      return TFloat64.class;
    }
    if (array instanceof ByteNdArray) {
      return TUint8.class; // raw image bytes: read as unsigned, as numpy's uint8
    }
    if (array instanceof IntNdArray) {
      return TInt32.class;
    }
    if (array instanceof LongNdArray) {
      return TInt64.class;
    }
    if (isText(array)) {
      return TString.class;
    }
    return null;
  }

  /**
   * Whether {@code array} holds strings ({@code NdArray<String>}, fed as UTF-8) or byte strings ({@code
   * NdArray<byte[]>}, such as encoded images): TF's string tensors. An empty object array counts as strings.
   */
  static boolean isText(NdArray<?> array) {
    if (array instanceof FloatNdArray || array instanceof DoubleNdArray || array instanceof ByteNdArray
        || array instanceof IntNdArray || array instanceof LongNdArray
        || array instanceof org.tensorflow.ndarray.BooleanNdArray || array instanceof org.tensorflow.ndarray.ShortNdArray) {
      return false;
    }
    if (array.size() == 0) {
      return true;
    }
    Object first = array.scalars().iterator().next().getObject();
    return first instanceof String || first instanceof byte[];
  }

  static String typeName(Class<? extends TType> type) {
    if (type == TFloat32.class) {
      return "float32";
    }
    if (type == TInt32.class) {
      return "int32";
    }
    if (type == TInt64.class) {
      return "int64";
    }
    if (type == TFloat64.class) {
      return "float64";
    }
    if (type == TUint8.class) {
      return "uint8";
    }
    if (type == TString.class) {
      return "string";
    }
    return type.getSimpleName();
  }

  /**
   * Whether {@code actual} fits {@code expected}: same rank, and equal sizes wherever {@code expected} knows
   * one. An unknown {@code expected} shape accepts anything.
   */
  static boolean fits(Shape expected, Shape actual) {
    if (expected.isUnknown()) {
      return true;
    }
    if (expected.numDimensions() != actual.numDimensions()) {
      return false;
    }
    for (int i = 0; i < expected.numDimensions(); i++) {
      if (expected.get(i) != Shape.UNKNOWN_SIZE && expected.get(i) != actual.get(i)) {
        return false;
      }
    }
    return true;
  }

  static IllegalArgumentException shapeError(String what, Shape expected, Shape actual) {
    return new IllegalArgumentException(what + ": expected shape " + Shapes.format(expected)
        + ", got an array of shape " + Shapes.format(actual));
  }

  /** A tensor holding a copy of {@code array}, of the array's own type and shape. */
  static Tensor toTensor(NdArray<?> array) {
    return toTensor(array, array.shape());
  }

  /**
   * A tensor of {@code shape} holding a copy of {@code array}; {@code shape} may add or drop a trailing
   * dimension of size 1 (labels of shape (batch) fed where (batch, 1) is expected, or the reverse).
   */
  static Tensor toTensor(NdArray<?> array, Shape shape) {
    int diff = shape.numDimensions() - array.shape().numDimensions();
    if (array instanceof FloatNdArray f) {
      FloatNdArray src = diff < 0 ? f.slice(Indices.ellipsis(), Indices.at(0)) : f;
      return TFloat32.tensorOf(shape, t -> src.copyTo(diff > 0 ? t.slice(Indices.ellipsis(), Indices.at(0)) : t));
    }
    if (array instanceof IntNdArray a) {
      IntNdArray src = diff < 0 ? a.slice(Indices.ellipsis(), Indices.at(0)) : a;
      return TInt32.tensorOf(shape, t -> src.copyTo(diff > 0 ? t.slice(Indices.ellipsis(), Indices.at(0)) : t));
    }
    if (array instanceof LongNdArray a) {
      LongNdArray src = diff < 0 ? a.slice(Indices.ellipsis(), Indices.at(0)) : a;
      return TInt64.tensorOf(shape, t -> src.copyTo(diff > 0 ? t.slice(Indices.ellipsis(), Indices.at(0)) : t));
    }
    if (array instanceof DoubleNdArray a) {
      DoubleNdArray src = diff < 0 ? a.slice(Indices.ellipsis(), Indices.at(0)) : a;
      return TFloat64.tensorOf(shape, t -> src.copyTo(diff > 0 ? t.slice(Indices.ellipsis(), Indices.at(0)) : t));
    }
    if (array instanceof ByteNdArray a) {
      ByteNdArray src = diff < 0 ? a.slice(Indices.ellipsis(), Indices.at(0)) : a;
      return TUint8.tensorOf(shape, t -> src.copyTo(diff > 0 ? t.slice(Indices.ellipsis(), Indices.at(0)) : t));
    }
    if (isText(array)) {
      return textTensor(array, shape);
    }
    throw new IllegalArgumentException("cannot feed an array of " + array.getClass().getSimpleName()
        + "; use float32, float64, int32, int64 or uint8 (byte) arrays");
  }

  /** Strings (UTF-8) or byte strings as a TF string tensor of {@code shape} (same size). */
  @SuppressWarnings("unchecked")
  private static Tensor textTensor(NdArray<?> array, Shape shape) {
    boolean bytes = array.size() > 0 && array.scalars().iterator().next().getObject() instanceof byte[];
    NdArray<?> src = array.shape().equals(shape) ? array : reshaped(array, shape);
    for (NdArray<?> s : src.scalars()) {
      Object v = s.getObject();
      if (v == null || (bytes ? !(v instanceof byte[]) : !(v instanceof String))) {
        throw new IllegalArgumentException("cannot feed a string array holding " + (v == null ? "null"
            : v.getClass().getSimpleName()) + " next to " + (bytes ? "byte[]" : "String") + " entries");
      }
    }
    return bytes ? TString.tensorOfBytes((NdArray<byte[]>) src) : TString.tensorOf((NdArray<String>) src);
  }

  private static NdArray<?> reshaped(NdArray<?> array, Shape shape) {
    NdArray<Object> out = NdArrays.ofObjects(Object.class, shape);
    java.util.Iterator<? extends NdArray<?>> it = array.scalars().iterator();
    for (NdArray<Object> s : out.scalars()) {
      s.setObject(it.next().getObject());
    }
    return out;
  }

  /** A float copy of a fetched float32 tensor, detached from native memory. */
  static FloatNdArray copyOf(TFloat32 t) {
    FloatNdArray out = NdArrays.ofFloats(t.shape());
    t.copyTo(out);
    return out;
  }

  /** The values of a fetched float32 tensor (a scalar gives one value). */
  static float[] values(TFloat32 t) {
    float[] out = new float[Math.toIntExact(t.size())];
    t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    return out;
  }
}
