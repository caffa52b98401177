package io.jkeras.layers;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.NdArray;

/**
 * What the preprocessing layers' {@code adapt} takes, as Keras' {@code adapt(data)}: one array (an ndarray or a
 * Java array of any rank) or an iterable of such batches (a {@code Dataset}, a list); an element that is a
 * {@code Batches.Item} gives its {@code x}, so a labelled dataset adapts on its inputs.
 */
final class AdaptData {
  private AdaptData() {}

  static Iterable<?> batches(Object data) {
    if (data == null) {
      throw new IllegalArgumentException("adapt: data is null");
    }
    if (data instanceof Iterable<?> it && !(data instanceof NdArray<?>)) {
      return () -> new java.util.Iterator<Object>() {
        private final java.util.Iterator<?> inner = it.iterator();

        @Override
        public boolean hasNext() {
          return inner.hasNext();
        }

        @Override
        public Object next() {
          Object e = inner.next();
          return e instanceof io.jkeras.training.Batches.Item item ? item.x() : e;
        }
      };
    }
    return List.of(data);
  }

  /** Every value of a numeric batch, in order. */
  static float[] floats(Object batch, String what) {
    List<Object> flat = flatten(batch, what);
    float[] out = new float[flat.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = flat.get(i);
      if (!(v instanceof Number n)) {
        throw new IllegalArgumentException(what + ": expected numbers, got " + v.getClass().getSimpleName());
      }
      out[i] = n.floatValue();
    }
    return out;
  }

  /** Every value of an integer batch, in order. */
  static long[] longs(Object batch, String what) {
    List<Object> flat = flatten(batch, what);
    long[] out = new long[flat.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = flat.get(i);
      if (!(v instanceof Number n)) {
        throw new IllegalArgumentException(what + ": expected integers, got " + v.getClass().getSimpleName());
      }
      out[i] = n.longValue();
    }
    return out;
  }

  /** Every string of a batch (strings or UTF-8 byte strings), in order. */
  static List<String> strings(Object batch, String what) {
    List<Object> flat = flatten(batch, what);
    List<String> out = new ArrayList<>(flat.size());
    for (Object v : flat) {
      if (v instanceof String s) {
        out.add(s);
      } else if (v instanceof byte[] b) {
        out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
      } else {
        throw new IllegalArgumentException(what + ": expected strings, got " + v.getClass().getSimpleName());
      }
    }
    return out;
  }

  private static List<Object> flatten(Object batch, String what) {
    List<Object> out = new ArrayList<>();
    if (batch instanceof NdArray<?> a) {
      a.scalars().forEach(s -> out.add(s.getObject()));
    } else if (batch instanceof String || batch instanceof Number) {
      out.add(batch);
    } else if (batch != null && batch.getClass().isArray()) {
      addArray(batch, out);
    } else if (batch instanceof Iterable<?> it) {
      it.forEach(e -> out.addAll(flatten(e, what)));
    } else {
      throw new IllegalArgumentException(what + ": expected an array or an ndarray, got "
          + (batch == null ? "null" : batch.getClass().getName()));
    }
    return out;
  }

  private static void addArray(Object arr, List<Object> out) {
    int n = Array.getLength(arr);
    for (int i = 0; i < n; i++) {
      Object e = Array.get(arr, i);
      if (e != null && e.getClass().isArray()) {
        addArray(e, out);
      } else {
        out.add(e);
      }
    }
  }
}
