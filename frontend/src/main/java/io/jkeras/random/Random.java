package io.jkeras.random;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Operation;
import io.jkeras.ops.TensorLike;
import io.jkeras.util.Shapes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Keras' {@code keras.random}: random tensors inside a layer's {@code call} or a training step. The seed is a
 * {@link SeedGenerator} (fresh numbers at every training step, the same from run to run), a fixed {@code Long}
 * (the same numbers at every step, as a Keras integer seed in a traced function), or {@code null} (a stream
 * derived from the runtime's seed). Random values carry no gradient.
 *
 * <pre>{@code
 * var eps = Random.normal(zMean, 0.0, 1.0, seedGenerator);   // zMean's shape, batch included
 * var kept = Random.dropout(x, 0.2, seedGenerator);
 * }</pre>
 */
public final class Random {
  private Random() {}

  private static Map<String, Object> attrs(Object seed, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    if (seed instanceof SeedGenerator g) {
      m.put("seed_generator", g);
    } else if (seed instanceof Number n) {
      m.put("seed", n.longValue());
    } else if (seed != null) {
      throw new IllegalArgumentException("seed must be a SeedGenerator, a number or null, got "
          + seed.getClass().getSimpleName());
    }
    return m;
  }

  private static Operation.Rule fixed(Shape shape, DType dtype) {
    return (s, d, a) -> List.of(new Operation.Spec(shape, dtype));
  }

  private static Operation.Rule like() {
    return (s, d, a) -> List.of(new Operation.Spec(s.get(0), d.get(0).isFloating() ? d.get(0) : DType.FLOAT32));
  }

  private static void checkShape(String op, long[] shape) {
    for (long v : shape) {
      if (v < 0) {
        throw new IllegalArgumentException("random." + op + ": the shape must be fully known, got "
            + java.util.Arrays.toString(shape) + "; use the overload that takes a tensor to copy a shape with an "
            + "unknown batch size");
      }
    }
  }

  /** Normal values of a fixed {@code shape} (float32); only inside a call or step. */
  public static SymbolicTensor normal(long[] shape, double mean, double stddev, Object seed) {
    checkShape("normal", shape);
    return Operation.apply("random_normal", attrs(seed, "mean", mean, "stddev", stddev),
        fixed(Shape.of(shape), DType.FLOAT32)).get(0);
  }

  /** Normal values of {@code like}'s shape (its batch size included) and float dtype. */
  public static SymbolicTensor normal(TensorLike like, double mean, double stddev, Object seed) {
    return Operation.apply("random_normal", attrs(seed, "mean", mean, "stddev", stddev), like(), like).get(0);
  }

  /** Uniform values in {@code [minval, maxval)} of a fixed {@code shape} (float32). */
  public static SymbolicTensor uniform(long[] shape, double minval, double maxval, Object seed) {
    checkShape("uniform", shape);
    if (!(minval < maxval)) {
      throw new IllegalArgumentException("random.uniform: minval " + minval + " must be below maxval " + maxval);
    }
    return Operation.apply("random_uniform", attrs(seed, "minval", minval, "maxval", maxval),
        fixed(Shape.of(shape), DType.FLOAT32)).get(0);
  }

  /** Uniform values in {@code [minval, maxval)} of {@code like}'s shape. */
  public static SymbolicTensor uniform(TensorLike like, double minval, double maxval, Object seed) {
    if (!(minval < maxval)) {
      throw new IllegalArgumentException("random.uniform: minval " + minval + " must be below maxval " + maxval);
    }
    return Operation.apply("random_uniform", attrs(seed, "minval", minval, "maxval", maxval), like(), like).get(0);
  }

  /**
   * Keras' {@code keras.random.dropout}: each entry of {@code x} zeroed with probability {@code rate}, the
   * others scaled by {@code 1 / (1 - rate)}.
   */
  public static SymbolicTensor dropout(TensorLike x, double rate, Object seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("random.dropout: rate must be in [0, 1), got " + rate);
    }
    return Operation.apply("dropout", attrs(seed, "rate", rate),
        (s, d, a) -> List.of(new Operation.Spec(s.get(0), d.get(0))), x).get(0);
  }

  static String format(Shape s) {
    return Shapes.format(s);
  }
}
