package io.jkeras.layers;

import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Permutes the non-batch dimensions of the input (Keras' {@code Permute(dims)}); no weights. {@code dims} is a
 * permutation of {@code 1..rank-1} (indices start at 1: the batch dimension stays first).
 *
 * <pre>{@code
 * var x = Input.of(10, 64);
 * var y = new Permute(2, 1).apply(x);       // (None, 64, 10)
 * }</pre>
 */
public final class Permute extends BaseLayer<Permute> {
  private final int[] dims;

  /** @param dims a permutation of 1..n, the new order of the non-batch dimensions */
  public Permute(int... dims) {
    if (dims == null || dims.length == 0) {
      throw new IllegalArgumentException("Permute: argument 'dims' must be a non-empty permutation of 1..n, got "
          + (dims == null ? "null" : "()"));
    }
    int[] sorted = dims.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      if (sorted[i] != i + 1) {
        throw new IllegalArgumentException("Permute: invalid permutation argument 'dims'. The set of indices in"
            + " 'dims' must be consecutive and start from 1, got dims=" + Arrays.toString(dims));
      }
    }
    this.dims = dims.clone();
  }

  /** Rebuilds the layer from Keras' config. */
  public static Permute fromConfig(Map<String, ?> config) {
    Object d = config.get("dims");
    if (!(d instanceof List<?> l)) {
      throw new IllegalArgumentException("Permute config needs a list 'dims', got " + d);
    }
    int[] dims = new int[l.size()];
    for (int i = 0; i < dims.length; i++) {
      if (!(l.get(i) instanceof Number n)) {
        throw new IllegalArgumentException("Permute config: 'dims' must hold integers, got " + d);
      }
      dims[i] = n.intValue();
    }
    Permute p = new Permute(dims);
    p.applyBaseConfig(config);
    return p;
  }

  /** The permutation as given (1-based). */
  public int[] dims() {
    return dims.clone();
  }

  /** The full permutation, batch axis included, 0-based: {@code [0, dims...]}. */
  public int[] perm() {
    int[] p = new int[dims.length + 1];
    System.arraycopy(dims, 0, p, 1, dims.length);
    return p;
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if (in.numDimensions() != dims.length + 1) {
      throw error("expected an input of rank " + (dims.length + 1) + " for dims " + Arrays.toString(dims)
          + ", got shape " + Shapes.format(in));
    }
    long[] out = new long[in.numDimensions()];
    out[0] = in.get(0);
    for (int i = 0; i < dims.length; i++) {
      out[i + 1] = in.get(dims[i]);
    }
    return Shape.of(out);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    List<Integer> d = new ArrayList<>();
    Arrays.stream(dims).forEach(d::add);
    c.put("dims", d);
    return c;
  }
}
