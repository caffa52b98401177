package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Operation;
import io.jkeras.ops.Ops;
import io.jkeras.util.Shapes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * The ops the categorical and text preprocessing layers are written in, beyond {@link Ops}: a constant, a
 * vocabulary lookup, string hashing, and the text pipeline of {@link TextVectorization}. Keras' own layers run
 * TensorFlow ops here ({@code tf.lookup}, {@code tf.strings}), so these ops are the runtime's business: the TF
 * runtime lowers them in {@code StringOpLowerings}. Internal to the layers; not part of {@code keras.ops}.
 */
final class PreprocessingOps {
  private PreprocessingOps() {}

  private static List<Operation.Spec> spec(Shape s, DType d) {
    return List.of(new Operation.Spec(s, d));
  }

  /** A constant vector inside a layer's call ({@code float[]}, {@code long[]} or {@code String[]}). */
  static SymbolicTensor constant(Object values) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("value", values);
    long n;
    DType d;
    if (values instanceof float[] f) {
      n = f.length;
      d = DType.FLOAT32;
    } else if (values instanceof long[] l) {
      n = l.length;
      d = DType.INT64;
    } else if (values instanceof String[] s) {
      n = s.length;
      d = DType.STRING;
    } else {
      throw new IllegalArgumentException("constant: float[], long[] or String[] expected");
    }
    return Operation.apply("preprocessing_constant", attrs, (s, t, a) -> spec(Shape.of(n), d)).get(0);
  }

  /**
   * Keras' {@code IndexLookup._lookup_dense}: the int64 index of each input in {@code vocabulary} (tokens, no
   * special tokens) starting at {@code tokenStart}; the mask token maps to {@code maskValue}; an
   * out-of-vocabulary input maps to one of {@code numOov} indices from {@code oovStart} (by {@code floormod}
   * for integers, a FarmHash bucket for strings), or fails when {@code numOov} is 0.
   */
  static SymbolicTensor lookup(SymbolicTensor x, Object vocabulary, long tokenStart, int numOov, long oovStart,
      Object maskKey, long maskValue, long[] salt, String where) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("vocabulary", vocabulary);
    attrs.put("token_start", tokenStart);
    attrs.put("num_oov_indices", numOov);
    attrs.put("oov_start", oovStart);
    if (maskKey != null) {
      attrs.put("mask_key", maskKey);
      attrs.put("mask_value", maskValue);
    }
    if (salt != null) {
      attrs.put("salt", salt.clone());
    }
    attrs.put("where", where);
    return Operation.apply("index_lookup", attrs, (s, t, a) -> spec(s.get(0), DType.INT64), x).get(0);
  }

  /** Keras' {@code Hashing._hash_values_to_bins}: FarmHash (or SipHash with a salt) of the values as strings. */
  static SymbolicTensor hash(SymbolicTensor x, int numBins, Object maskValue, long[] salt) {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("num_bins", numBins);
    if (maskValue != null) {
      attrs.put("mask_value", maskValue);
    }
    if (salt != null) {
      attrs.put("salt", salt.clone());
    }
    return Operation.apply("hash_bins", attrs, (s, t, a) -> spec(s.get(0), DType.INT64), x).get(0);
  }

  /**
   * {@link TextVectorization}'s pipeline on strings of shape {@code (batch)} or {@code (batch, 1)}: standardize,
   * split, n-grams, look up (attrs as {@link #lookup}), then either ids padded or cut to {@code sequenceLength}
   * ({@code "int"}, shape {@code (batch, sequenceLength)}) or per-row counts of shape {@code (batch, depth)}
   * ({@code "multi_hot"}, {@code "count"}, {@code "tf_idf"} with {@code idf}).
   */
  static SymbolicTensor textVectorize(SymbolicTensor x, Map<String, Object> attrs, Shape outShape, DType outType) {
    return Operation.apply("text_vectorize", attrs, (s, t, a) -> spec(outShape, outType), x).get(0);
  }

  /**
   * Keras' {@code encode_categorical_inputs} for ids that are already integers: {@code one_hot}, {@code
   * multi_hot}, {@code count} (and {@code tf_idf}, a count times {@code idf}) of width {@code depth}, in
   * {@code dtype}. Ids outside {@code [0, depth)} count nowhere, as TensorFlow's bincount with a maximum length.
   */
  static SymbolicTensor encode(Layer layer, SymbolicTensor ids, String mode, int depth, float[] idf, DType dtype) {
    if (mode.equals("int")) {
      return ids.dtype() == dtype ? ids : Ops.cast(ids, dtype);
    }
    int r = ids.rank();
    SymbolicTensor in = ids;
    SymbolicTensor out;
    switch (mode) {
      case "one_hot" -> {
        if (r > 1 && in.shape().get(r - 1) == 1) {
          in = Ops.squeeze(in, r - 1);
        }
        out = Ops.oneHot(in, depth);
      }
      case "multi_hot", "count", "tf_idf" -> {
        if (r < 2) {
          throw new IllegalArgumentException("Layer '" + layer.name() + "' (" + layer.className() + "): output_mode '"
              + mode + "' needs inputs of shape (batch, k), got " + Shapes.format(ids.shape())
              + "; give the input a last axis, e.g. Input shape (1)");
        }
        SymbolicTensor hot = Ops.oneHot(in, depth);
        int axis = r == 2 || !mode.equals("multi_hot") ? 1 : r - 1;
        out = mode.equals("multi_hot") ? Ops.max(hot, false, axis) : Ops.sum(hot, false, axis);
        if (mode.equals("tf_idf")) {
          out = Ops.multiply(out, constant(idf));
        }
      }
      default -> throw new IllegalArgumentException("Layer '" + layer.name() + "': unknown output_mode '" + mode + "'");
    }
    return out.dtype() == dtype ? out : Ops.cast(out, dtype);
  }
}
