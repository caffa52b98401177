package io.jkeras.tf.lowering;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceAll;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The lowerings of the categorical and text preprocessing ops (issue 16; frontend {@code PreprocessingOps}):
 * constants, vocabulary lookups, string hashing and {@code TextVectorization}'s pipeline, with the TF ops Keras
 * uses ({@code StringLower}, {@code StaticRegexReplace}, {@code StringSplitV2}, {@code StringNGrams}, {@code
 * StringToHashBucketFast/Strong}, {@code AsString}, {@code RaggedTensorToTensor}).
 *
 * <p>A lookup is a search in a sorted constant instead of Keras' {@code StaticHashTable}: tables are resources
 * that need an initializer run at load time, which a graph without any (the SavedModel export, a fresh session)
 * would miss. Integer vocabularies are sorted and searched with {@code LowerBound}; strings are searched by
 * their FarmHash fingerprint ({@code StringToHashBucketFast} with 2^63 - 1 buckets, the same fingerprint Guava
 * computes in Java), and the string found is compared with the input, so the lookup is exact.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class StringOpLowerings {
  private StringOpLowerings() {}

  static void registerAll() {
    one("preprocessing_constant", c -> {
      Object v = c.attr("value");
      if (v instanceof float[] f) {
        return c.tf().constant(f);
      }
      if (v instanceof long[] l) {
        return c.tf().constant(l);
      }
      return stringConstant(c.tf(), (String[]) v);
    });
    one("index_lookup", c -> lookup(c.tf(), c.in(0), c.op().attributes()));
    one("hash_bins", StringOpLowerings::hashBins);
    one("text_vectorize", StringOpLowerings::textVectorize);
  }

  private static void one(String name, java.util.function.Function<OpLowerings.Call, Operand<?>> f) {
    OpLowerings.register(name, c -> List.of(f.apply(c)));
  }

  private static Operand<TString> stringConstant(Ops tf, String[] values) {
    return tf.constant(NdArrays.vectorOfObjects(values));
  }

  /** TF's {@code StringToHashBucketFast(s, 2^63 - 1)}: FarmHash's Fingerprint64, unsigned, modulo 2^63 - 1. */
  static long fingerprint(String s) {
    long fp = Hashing.farmHashFingerprint64().hashBytes(s.getBytes(StandardCharsets.UTF_8)).asLong();
    return Long.remainderUnsigned(fp, Long.MAX_VALUE);
  }

  // ---------------------------------------------------------------- lookup

  /** Keras' {@code IndexLookup._lookup_dense} on {@code x}; attributes as frontend PreprocessingOps.lookup. */
  static Operand<TInt64> lookup(Ops tf, Operand<?> x, Map<String, Object> a) {
    Object vocab = a.get("vocabulary");
    long tokenStart = ((Number) a.get("token_start")).longValue();
    int numOov = ((Number) a.get("num_oov_indices")).intValue();
    long oovStart = ((Number) a.get("oov_start")).longValue();
    boolean strings = vocab instanceof String[];
    Operand key = strings ? x : OpLowerings.cast(tf, x, TInt64.class);
    long missing = numOov == 1 ? oovStart : -1;
    Operand<TInt32> shape = tf.shape(key);
    Operand flat = tf.reshape(key, tf.constant(new long[] {1, -1}));
    int n = strings ? ((String[]) vocab).length : ((long[]) vocab).length;
    Operand<TInt64> ids;
    if (n == 0) {
      ids = tf.fill(shape, tf.constant(missing));
    } else {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      long[] sortKeys = new long[n];
      for (int i = 0; i < n; i++) {
        sortKeys[i] = strings ? fingerprint(((String[]) vocab)[i]) : ((long[]) vocab)[i];
      }
      Arrays.sort(order, (p, q) -> Long.compare(sortKeys[p], sortKeys[q]));
      long[] sorted = new long[n];
      long[] index = new long[n];
      String[] sortedTokens = strings ? new String[n] : null;
      for (int i = 0; i < n; i++) {
        sorted[i] = sortKeys[order[i]];
        index[i] = tokenStart + order[i];
        if (strings) {
          sortedTokens[i] = ((String[]) vocab)[order[i]];
        }
        if (i > 0 && sorted[i] == sorted[i - 1]) {
          // two vocabulary strings with one fingerprint: about 1 chance in 2^63 per pair; distinct integers never
          throw new IllegalStateException(a.get("where") + ": vocabulary entries '" + sortedTokens[i - 1] + "' and '"
              + sortedTokens[i] + "' have the same FarmHash fingerprint; remove one of them");
        }
      }
      Operand<TInt64> probe = strings ? tf.strings.toHashBucketFast((Operand<TString>) flat, Long.MAX_VALUE) : flat;
      Operand<TInt64> table = tf.constant(new long[][] {sorted});
      Operand<TInt64> pos = tf.lowerBound(table, probe, TInt64.class);
      pos = tf.math.minimum(tf.reshape(pos, tf.constant(new long[] {-1})), tf.constant((long) n - 1));
      Operand candidates = strings ? stringConstant(tf, sortedTokens) : tf.constant(sorted);
      Operand found = tf.gather(candidates, pos, tf.constant(0));
      Operand<TBool> hit = tf.math.equal(found, tf.reshape(flat, tf.constant(new long[] {-1})));
      Operand<TInt64> value = tf.gather(tf.constant(index), pos, tf.constant(0));
      ids = tf.reshape(tf.select(hit, value, tf.fill(tf.shape(value), tf.constant(missing))), shape);
    }
    if (a.containsKey("mask_key")) {
      Object m = a.get("mask_key");
      Operand maskKey = strings ? tf.constant((String) m) : tf.constant(((Number) m).longValue());
      Operand<TBool> masked = tf.math.equal(key, maskKey);
      ids = tf.select(masked, tf.fill(shape, tf.constant(((Number) a.get("mask_value")).longValue())), ids);
    }
    Operand<TBool> oov = tf.math.equal(ids, tf.constant(-1L));
    if (numOov == 0) {
      // Keras' assertion: every input must be in the vocabulary
      Operand<TInt64> where = tf.where(oov);
      Operand bad = tf.gatherNd(key, where);
      var check = tf.assertThat(tf.reduceAll(tf.math.logicalNot(oov), allAxes(tf, oov)), List.of(
          tf.constant("When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values"), bad,
          tf.constant(", consider setting `num_oov_indices=1`.")));
      return tf.withControlDependencies(List.of(check)).identity(ids);
    }
    if (numOov > 1) {
      Operand<TInt64> bucket;
      long[] salt = (long[]) a.get("salt");
      if (strings) {
        bucket = salt != null ? tf.strings.toHashBucketStrong(key, (long) numOov, List.of(salt[0], salt[1]))
            : tf.strings.toHashBucketFast(key, (long) numOov);
      } else {
        bucket = tf.math.floorMod(key, tf.constant((long) numOov));
      }
      ids = tf.select(oov, tf.math.add(bucket, tf.constant(oovStart)), ids);
    }
    return ids;
  }

  private static Operand<TInt32> allAxes(Ops tf, Operand<?> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }

  // ---------------------------------------------------------------- hashing

  /** Keras' {@code Hashing._hash_values_to_bins}. */
  private static Operand<?> hashBins(OpLowerings.Call c) {
    Ops tf = c.tf();
    Operand x = c.in(0);
    long bins = ((Number) c.attr("num_bins")).longValue();
    Object maskValue = c.attr("mask_value");
    Operand<TBool> mask = null;
    if (maskValue != null && bins > 1) {
      bins -= 1;
      Operand m = x.type() == TString.class ? tf.constant(String.valueOf(maskValue))
          : OpLowerings.scalar(tf, ((Number) maskValue).doubleValue(), x.type());
      mask = tf.math.equal(x, m);
    }
    Class<? extends TType> t = x.type();
    if (t == TFloat32.class || t == org.tensorflow.types.TFloat64.class) {
      x = tf.dtypes.cast(x, TInt64.class);
    }
    if (x.type() != TString.class) {
      x = tf.dtypes.asString(x);
    }
    long[] salt = c.attr("salt");
    Operand<TInt64> v = salt != null ? tf.strings.toHashBucketStrong(x, bins, List.of(salt[0], salt[1]))
        : tf.strings.toHashBucketFast(x, bins);
    if (mask != null) {
      v = tf.select(mask, tf.zerosLike(v), tf.math.add(v, tf.constant(1L)));
    }
    return v;
  }

  // ---------------------------------------------------------------- TextVectorization

  private static Operand<?> textVectorize(OpLowerings.Call c) {
    Ops tf = c.tf();
    Map<String, Object> a = c.op().attributes();
    Operand<TString> x = c.in(0);
    String standardize = (String) a.get("standardize");
    String split = (String) a.get("split");
    long[] ngrams = (long[]) a.get("ngrams");
    String mode = (String) a.get("output_mode");
    long length = ((Number) a.get("output_sequence_length")).longValue();
    long depth = ((Number) a.get("depth")).longValue();
    if ("lower".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) {
      x = tf.strings.lower(x);
    }
    if ("strip_punctuation".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) {
      x = tf.strings.staticRegexReplace(x, (String) a.get("regex"), "");
    }
    if (split == null && ngrams == null) {
      // no tokenization: one token per string, as a dense lookup
      Operand<TInt64> ids = lookup(tf, x, a);
      if (mode.equals("int")) {
        return length < 0 ? ids : fitLastAxis(tf, ids, length);
      }
      int r = x.shape().numDimensions();
      Operand<TInt64> flat = tf.reshape(ids, tf.constant(new long[] {-1}));
      Operand<TInt64> perRow = r < 2 ? tf.constant(1L) : tf.dtypes.cast(
          tf.squeeze(tf.stridedSlice(tf.shape(ids), Indices.slice(1, 2))), TInt64.class);
      Operand<TInt64> rows = tf.dtypes.cast(tf.squeeze(tf.stridedSlice(tf.shape(ids), Indices.slice(0, 1))),
          TInt64.class);
      Operand<TInt64> splits = tf.math.mul(tf.range(tf.constant(0L), tf.math.add(rows, tf.constant(1L)),
          tf.constant(1L)), perRow);
      return countRows(tf, flat, splits, rows, depth, mode, (float[]) a.get("idf"));
    }
    // (batch, 1) -> (batch)
    if (x.shape().numDimensions() == 2) {
      x = tf.reshape(x, tf.constant(new long[] {-1}));
    }
    Operand<TInt64> rows = tf.dtypes.cast(tf.shape(x), TInt64.class);
    Operand<TString> values;
    Operand<TInt64> splits;
    if ("character".equals(split)) {
      var decoded = tf.strings.unicodeDecode(x, "UTF-8", TInt64.class);
      splits = decoded.rowSplits();
      Operand<TInt32> chars = decoded.charValues();
      Operand<TInt64> each = tf.range(tf.constant(0L), tf.math.add(tf.dtypes.cast(tf.size(chars), TInt64.class),
          tf.constant(1L)), tf.constant(1L));
      values = tf.strings.unicodeEncode(chars, each, "UTF-8");
    } else if ("whitespace".equals(split)) {
      OperationBuilder b = tf.scope().opBuilder("StringSplitV2", "StringSplitV2");
      b.addInput(x.asOutput());
      b.addInput(tf.constant("").asOutput());
      b.setAttr("maxsplit", -1L);
      GraphOperation op = (GraphOperation) b.build();
      Output<TInt64> indices = (Output<TInt64>) (Output<?>) op.output(0);
      values = (Output<TString>) (Output<?>) op.output(1);
      Operand<TInt64> rowOf = tf.reshape(tf.stridedSlice(indices, Indices.all(), Indices.slice(0, 1)),
          tf.constant(new long[] {-1}));
      Operand<TInt64> counts = tf.math.unsortedSegmentSum(tf.onesLike(rowOf), rowOf, tf.reshape(rows,
          tf.constant(new long[0])));
      splits = tf.concat(List.of(tf.constant(new long[] {0}), tf.math.cumsum(counts, tf.constant(0))), tf.constant(0));
    } else {
      values = x;
      splits = tf.range(tf.constant(0L), tf.math.add(tf.reshape(rows, tf.constant(new long[0])), tf.constant(1L)),
          tf.constant(1L));
    }
    if (ngrams != null) {
      List<Long> widths = new ArrayList<>();
      for (long w : ngrams) {
        widths.add(w);
      }
      var grams = tf.strings.stringNGrams(values, splits, " ", widths, "", "", 0L, false);
      values = grams.ngrams();
      splits = (Operand<TInt64>) grams.ngramsSplits();
    }
    Operand<TInt64> ids = lookup(tf, values, a);
    if (mode.equals("int")) {
      Operand<TInt64> shape = tf.constant(new long[] {-1, length});
      return tf.ragged.raggedTensorToTensor(shape, ids, tf.constant(0L), List.of(splits), List.of("ROW_SPLITS"));
    }
    return countRows(tf, ids, splits, tf.reshape(rows, tf.constant(new long[0])), depth, mode,
        (float[]) a.get("idf"));
  }

  /** Ids padded with 0 or cut to {@code length} along the last axis (Keras' slice, then required padding). */
  private static Operand<TInt64> fitLastAxis(Ops tf, Operand<TInt64> ids, long length) {
    int r = ids.shape().numDimensions();
    Operand<TInt32> shape = tf.shape(ids);
    Operand<TInt32> last = tf.squeeze(tf.stridedSlice(shape, Indices.slice(r - 1, r)));
    Operand<TInt32> keep = tf.math.minimum(last, tf.constant((int) length));
    int[] begin = new int[r];
    Operand<TInt32> size = tf.concat(List.of(tf.stridedSlice(shape, Indices.slice(0, r - 1)),
        tf.reshape(keep, tf.constant(new int[] {1}))), tf.constant(0));
    Operand<TInt64> cut = tf.slice(ids, tf.constant(begin), size);
    Operand<TInt32> lastRow = tf.reshape(tf.stack(List.of(tf.constant(0), tf.math.sub(tf.constant((int) length), keep))),
        tf.constant(new int[] {1, 2}));
    Operand<TInt32> padding = tf.concat(List.of(tf.zeros(tf.constant(new int[] {r - 1, 2}), TInt32.class), lastRow),
        tf.constant(0));
    return tf.pad(cut, padding, tf.constant(0L));
  }

  /**
   * Per-row encodings of ragged ids ({@code values}, {@code splits}): counts of each id in {@code [0, depth)}
   * (others ignored, as TF's bincount with a maximum length), 0/1 for {@code multi_hot}, times the idf weights
   * for {@code tf_idf}.
   */
  private static Operand<?> countRows(Ops tf, Operand<TInt64> ids, Operand<TInt64> splits, Operand<TInt64> rows,
      long depth, String mode, float[] idf) {
    Operand<TInt64> n = tf.dtypes.cast(tf.size(ids), TInt64.class);
    Operand<TInt64> positions = tf.range(tf.constant(0L), n, tf.constant(1L));
    Operand<TInt64> ends = tf.reshape(tf.stridedSlice(splits, Indices.sliceFrom(1)), tf.constant(new long[] {1, -1}));
    Operand<TInt64> rowOf = tf.reshape(tf.upperBound(ends, tf.reshape(positions, tf.constant(new long[] {1, -1})),
        TInt64.class), tf.constant(new long[] {-1}));
    Operand<TBool> valid = tf.math.logicalAnd(tf.math.greaterEqual(ids, tf.constant(0L)),
        tf.math.less(ids, tf.constant(depth)));
    Operand<TInt64> safe = tf.select(valid, ids, tf.zerosLike(ids));
    Operand<TFloat32> weight = tf.dtypes.cast(valid, TFloat32.class);
    Operand<TInt64> flatIndex = tf.math.add(tf.math.mul(rowOf, tf.constant(depth)), safe);
    Operand<TFloat32> counts = tf.math.unsortedSegmentSum(weight, flatIndex, tf.math.mul(rows, tf.constant(depth)));
    Operand<TFloat32> table = tf.reshape(counts, tf.constant(new long[] {-1, depth}));
    if (mode.equals("multi_hot")) {
      table = tf.math.minimum(table, tf.constant(1f));
    }
    if (mode.equals("tf_idf")) {
      return tf.math.mul(table, tf.constant(idf));
    }
    return tf.dtypes.cast(table, TInt64.class);
  }
}
