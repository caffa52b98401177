package io.jkeras.util;

import com.google.common.base.Joiner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * Helpers for {@link Shape}, the ndarray library's shape type that jkeras uses everywhere; an unknown
 * dimension (the batch dimension, usually) is {@link Shape#UNKNOWN_SIZE} and prints as {@code None}.
 */
public final class Shapes {
  private Shapes() {}

  /** Formats a shape the way Keras prints it: {@code (None, 26, 26, 32)}; rank 1 as {@code (None,)}. */
  public static String format(Shape shape) {
    if (shape == null || shape.isUnknown()) {
      return "?";
    }
    List<String> dims = new ArrayList<>();
    for (int i = 0; i < shape.numDimensions(); i++) {
      dims.add(dimToString(shape.get(i)));
    }
    if (dims.size() == 1) {
      return "(" + dims.get(0) + ",)";
    }
    return "(" + Joiner.on(", ").join(dims) + ")";
  }

  /** {@code None} for an unknown dimension, the number otherwise. */
  public static String dimToString(long dim) {
    return dim == Shape.UNKNOWN_SIZE ? "None" : Long.toString(dim);
  }

  /** A shape with an unknown batch dimension in front of {@code dims}. */
  public static Shape withBatch(long... dims) {
    long[] all = new long[dims.length + 1];
    all[0] = Shape.UNKNOWN_SIZE;
    System.arraycopy(dims, 0, all, 1, dims.length);
    return Shape.of(all);
  }

  /** A shape with an unknown batch dimension in front of {@code dims}. */
  public static Shape withBatch(int... dims) {
    return withBatch(Arrays.stream(dims).asLongStream().toArray());
  }

  /** The shape without its first (batch) dimension. */
  public static Shape dropBatch(Shape shape) {
    return shape.tail();
  }

  /** The dimensions as a list with {@code null} for unknown ones, as Keras' JSON config writes them. */
  public static List<Long> toNullableList(Shape shape) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < shape.numDimensions(); i++) {
      long d = shape.get(i);
      out.add(d == Shape.UNKNOWN_SIZE ? null : d);
    }
    return out;
  }

  /** The inverse of {@link #toNullableList}. */
  public static Shape fromNullableList(List<?> dims) {
    long[] out = new long[dims.size()];
    for (int i = 0; i < out.length; i++) {
      Object d = dims.get(i);
      out[i] = d == null ? Shape.UNKNOWN_SIZE : ((Number) d).longValue();
    }
    return Shape.of(out);
  }

  /** Product of the known dimensions from {@code from} on; -1 if any of them is unknown. */
  public static long sizeFrom(Shape shape, int from) {
    long n = 1;
    for (int i = from; i < shape.numDimensions(); i++) {
      long d = shape.get(i);
      if (d == Shape.UNKNOWN_SIZE) {
        return Shape.UNKNOWN_SIZE;
      }
      n *= d;
    }
    return n;
  }

  /** Replaces dimension {@code axis} with {@code size}. */
  public static Shape withDim(Shape shape, int axis, long size) {
    long[] dims = shape.asArray();
    dims[axis] = size;
    return Shape.of(dims);
  }
}
