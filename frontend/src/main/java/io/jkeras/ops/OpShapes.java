package io.jkeras.ops;

import io.jkeras.DType;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/** Shape and dtype rules shared by the ops (Keras' {@code compute_output_spec} helpers). */
final class OpShapes {
  static final long U = Shape.UNKNOWN_SIZE;

  private OpShapes() {}

  /** NumPy broadcasting; unknown dimensions stay unknown unless the other side fixes them. */
  static Shape broadcast(Shape a, Shape b) {
    int ra = a.numDimensions();
    int rb = b.numDimensions();
    int r = Math.max(ra, rb);
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      long da = i < r - ra ? 1 : a.get(i - (r - ra));
      long db = i < r - rb ? 1 : b.get(i - (r - rb));
      if (da == 1) {
        out[i] = db;
      } else if (db == 1) {
        out[i] = da;
      } else if (da == U) {
        out[i] = db;
      } else if (db == U || da == db) {
        out[i] = da;
      } else {
        throw new IllegalArgumentException("cannot broadcast shapes " + Shapes.format(a) + " and "
            + Shapes.format(b));
      }
    }
    return Shape.of(out);
  }

  /** Keras' {@code result_type} for the common cases: floats win, then the widest; a Java number is weak. */
  static DType promote(List<DType> dtypes) {
    DType best = null;
    boolean half = false;
    boolean bhalf = false;
    for (DType d : dtypes) {
      if (d == null) {
        continue;
      }
      half |= d == DType.FLOAT16;
      bhalf |= d == DType.BFLOAT16;
      if (best == null || rank(d) > rank(best)) {
        best = d;
      }
    }
    if (best == null) {
      return DType.FLOAT32;   // only Java numbers: Keras' floatx
    }
    if (half && bhalf && best == DType.FLOAT16) {
      return DType.FLOAT32;   // Keras: float16 and bfloat16 meet in float32
    }
    return best;
  }

  private static int rank(DType d) {
    return switch (d) {
      case BOOL -> 0;
      case UINT8 -> 1;
      case INT8 -> 2;
      case INT32 -> 3;
      case INT64 -> 4;
      case BFLOAT16 -> 5;
      case FLOAT16 -> 6;
      case FLOAT32 -> 7;
      case FLOAT64 -> 8;
      default -> 3;
    };
  }

  /** The dtype of a result that is always floating (sqrt, exp, divide): float32 for integer inputs. */
  static DType floating(DType d) {
    return d != null && d.isFloating() ? d : DType.FLOAT32;
  }

  /** An axis in [0, rank), from a possibly negative one; an error names it. */
  static int axis(int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException("axis " + axis + " is out of bounds for a tensor of rank " + rank);
    }
    return a;
  }

  /** The shape after reducing {@code axes} ({@code null}: all). */
  static Shape reduce(Shape s, int[] axes, boolean keepdims) {
    int r = s.numDimensions();
    boolean[] reduced = new boolean[r];
    if (axes == null) {
      java.util.Arrays.fill(reduced, true);
    } else {
      for (int a : axes) {
        reduced[axis(a, r)] = true;
      }
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      if (!reduced[i]) {
        out.add(s.get(i));
      } else if (keepdims) {
        out.add(1L);
      }
    }
    return of(out);
  }

  static Shape of(List<Long> dims) {
    long[] a = new long[dims.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = dims.get(i);
    }
    return Shape.of(a);
  }

  static List<Long> dims(Shape s) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < s.numDimensions(); i++) {
      out.add(s.get(i));
    }
    return out;
  }

  /** The shape of {@code reshape(x, newShape)}: one {@code -1} is inferred when every other size is known. */
  static Shape reshape(Shape in, long[] newShape) {
    int minus = -1;
    long known = 1;
    for (int i = 0; i < newShape.length; i++) {
      if (newShape[i] == -1) {
        if (minus >= 0) {
          throw new IllegalArgumentException("new shape " + java.util.Arrays.toString(newShape)
              + " has more than one -1");
        }
        minus = i;
      } else if (newShape[i] < 0) {
        throw new IllegalArgumentException("new shape " + java.util.Arrays.toString(newShape)
            + " has a negative size");
      } else {
        known *= newShape[i];
      }
    }
    long[] out = newShape.clone();
    boolean inKnown = !in.hasUnknownDimension();
    if (minus >= 0) {
      if (inKnown) {
        if (known == 0 || in.size() % known != 0) {
          throw new IllegalArgumentException("cannot reshape " + Shapes.format(in) + " into "
              + java.util.Arrays.toString(newShape));
        }
        out[minus] = in.size() / known;
      } else {
        out[minus] = U;
      }
    } else if (inKnown && in.size() != known) {
      throw new IllegalArgumentException("cannot reshape " + Shapes.format(in) + " (" + in.size()
          + " elements) into " + java.util.Arrays.toString(newShape) + " (" + known + " elements)");
    }
    return Shape.of(out);
  }

  static void requireRank(String arg, Shape s, int min) {
    if (s.numDimensions() < min) {
      throw new IllegalArgumentException(arg + " must have rank >= " + min + ", got " + Shapes.format(s));
    }
  }

  static boolean compatible(long a, long b) {
    return a == U || b == U || a == b;
  }
}
