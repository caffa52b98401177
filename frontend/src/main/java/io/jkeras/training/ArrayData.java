package io.jkeras.training;

import io.jkeras.backend.Batch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * Data held in memory, in the model's input and output order, all arrays with the same number of examples.
 * Slices are views (no copy); gathers copy example by example in bulk.
 */
final class ArrayData {
  final List<NdArray<?>> inputs;
  final List<NdArray<?>> targets; // empty for prediction; null entries for outputs without targets
  final List<FloatNdArray> weights; // empty or one entry per output, null entries for uniform weights
  final long size;

  ArrayData(List<NdArray<?>> inputs, List<NdArray<?>> targets, List<FloatNdArray> weights, long size) {
    this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
    this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
    this.weights = Collections.unmodifiableList(new ArrayList<>(weights));
    this.size = size;
  }

  /** Examples {@code [from, to)}, as views. */
  ArrayData slice(long from, long to) {
    return new ArrayData(sliceAll(inputs, from, to), sliceAll(targets, from, to), sliceAll(weights, from, to),
        to - from);
  }

  /** All of it as one batch. */
  Batch toBatch() {
    return new Batch(inputs, targets, weights);
  }

  /** The examples {@code order[from..to)}, copied (one bulk copy per example and array). */
  Batch gather(int[] order, int from, int to) {
    return new Batch(gatherAll(inputs, order, from, to), gatherAll(targets, order, from, to),
        gatherAll(weights, order, from, to));
  }

  @SuppressWarnings("unchecked")
  private static <A extends NdArray<?>> List<A> sliceAll(List<A> arrays, long from, long to) {
    List<A> out = new ArrayList<>();
    for (A a : arrays) {
      out.add(a == null ? null : (A) a.slice(Indices.slice(from, to)));
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <A extends NdArray<?>> List<A> gatherAll(List<A> arrays, int[] order, int from, int to) {
    List<A> out = new ArrayList<>();
    for (A a : arrays) {
      if (a == null) {
        out.add(null);
        continue;
      }
      NdArray dst = ArrayConversion.allocateLike((NdArray) a, to - from);
      for (int i = from; i < to; i++) {
        ((NdArray) a.get(order[i])).copyTo(dst.get(i - from));
      }
      out.add((A) dst);
    }
    return out;
  }
}
