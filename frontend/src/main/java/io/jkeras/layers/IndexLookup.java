package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link StringLookup} and {@link IntegerLookup} share (Keras' {@code IndexLookup}): a vocabulary given or
 * learned by {@link #adapt} (most frequent first, ties in reverse token order, as Keras sorts), the mask and OOV
 * indices in front, and the output modes {@code "int"} (int64 indices), {@code "one_hot"}, {@code "multi_hot"},
 * {@code "count"} (int64) and {@code "tf_idf"} (float32). The vocabulary lives in the layer's config (Keras
 * keeps an adapted one in the archive's assets instead); Keras loads either.
 *
 * @param <L> the concrete layer
 */
public abstract class IndexLookup<L extends IndexLookup<L>> extends BaseLayer<L> {
  private static final Set<String> MODES = Set.of("int", "one_hot", "multi_hot", "count", "tf_idf");
  private Integer maxTokens;
  private int numOovIndices = 1;
  private Object maskToken;
  private Object oovToken;
  private String outputMode = "int";
  private boolean padToMaxTokens;
  /** The vocabulary as given to the constructor or {@link #setVocabulary} (Keras' {@code input_vocabulary}). */
  private List<Object> inputVocabulary;
  /** The tokens, without mask and OOV entries. */
  private List<Object> tokens;
  /** Full-length idf weights (special entries included), for {@code tf_idf}. */
  private float[] idfWeights;
  private float[] inputIdfWeights;

  protected IndexLookup(Object oovToken) {
    this.oovToken = oovToken;
  }

  /** The token type's name for messages, and how a token is read from a config or from data. */
  protected abstract Object token(Object value);

  /** Tokens of one batch of {@code adapt} data. */
  protected abstract List<Object> adaptTokens(Object batch);

  /** The input dtypes the layer takes (int or string). */
  protected abstract boolean takes(DType dtype);

  /** Extra lookup arguments: the salt for OOV hashing. */
  protected long[] salt() {
    return null;
  }

  // ---------------------------------------------------------------- arguments

  /** The largest vocabulary, special entries included (Keras' {@code max_tokens}); none by default. */
  public L maxTokens(Integer maxTokens) {
    checkConfigurable("max_tokens");
    if (maxTokens != null && maxTokens <= 1) {
      throw new IllegalArgumentException(className() + ": If set, `max_tokens` must be greater than 1. Received: "
          + "max_tokens=" + maxTokens);
    }
    this.maxTokens = maxTokens;
    return self();
  }

  /** How many indices out-of-vocabulary inputs share (hashed among them); 1 by default, 0 to fail on them. */
  public L numOovIndices(int n) {
    checkConfigurable("num_oov_indices");
    if (n < 0) {
      throw new IllegalArgumentException(className() + ": `num_oov_indices` must be greater than or equal to 0. "
          + "Received: num_oov_indices=" + n);
    }
    this.numOovIndices = n;
    return self();
  }

  /** The token that means padding, mapped to index 0 ({@code null}: none, the default). */
  public L maskToken(Object token) {
    checkConfigurable("mask_token");
    this.maskToken = token == null ? null : token(token);
    return self();
  }

  /** The token {@link #getVocabulary} shows for the OOV indices. */
  public L oovToken(Object token) {
    checkConfigurable("oov_token");
    this.oovToken = token == null ? null : token(token);
    return self();
  }

  /** {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"} ({@code "binary"}), {@code "count"}, {@code "tf_idf"}. */
  public L outputMode(String mode) {
    checkConfigurable("output_mode");
    String m = "binary".equals(mode) ? "multi_hot" : "tf-idf".equals(mode) ? "tf_idf" : mode;
    if (!MODES.contains(m)) {
      throw new IllegalArgumentException(className() + ": Unknown value for `output_mode`: '" + mode
          + "'. Expected one of [int, one_hot, multi_hot, count, tf_idf]");
    }
    this.outputMode = m;
    return self();
  }

  /** Encodes to {@code max_tokens} columns whatever the vocabulary's size. */
  public L padToMaxTokens(boolean pad) {
    checkConfigurable("pad_to_max_tokens");
    this.padToMaxTokens = pad;
    return self();
  }

  /** A fixed vocabulary (Keras' {@code vocabulary=}); special tokens may lead it, in Keras' order. */
  public L vocabulary(List<?> vocabulary) {
    return setVocabulary(vocabulary, null);
  }

  /**
   * Sets the vocabulary, and for {@code tf_idf} its idf weights (Keras' {@code set_vocabulary}); the layer then
   * cannot adapt.
   */
  public L setVocabulary(List<?> vocabulary, float[] idfWeights) {
    checkConfigurable("vocabulary");
    List<Object> vocab = new ArrayList<>();
    for (Object v : vocabulary) {
      vocab.add(token(v));
    }
    install(vocab, idfWeights, true);
    return self();
  }

  private void install(List<Object> vocab, float[] idf, boolean asInput) {
    if (outputMode.equals("tf_idf") && idf == null) {
      throw new IllegalArgumentException(className() + ": `idf_weights` must be set if output_mode is 'tf_idf'.");
    }
    if (!outputMode.equals("tf_idf") && idf != null) {
      throw new IllegalArgumentException(className() + ": `idf_weights` should only be set if output_mode is "
          + "`'tf_idf'`. Received: output_mode=" + outputMode);
    }
    if (vocab.isEmpty()) {
      throw new IllegalArgumentException(className() + ": Cannot set an empty vocabulary.");
    }
    List<Object> special = specialTokens();
    boolean found = vocab.size() >= special.size() && vocab.subList(0, special.size()).equals(special);
    List<Object> toks = new ArrayList<>(found ? vocab.subList(special.size(), vocab.size()) : vocab);
    Set<Object> seen = new HashSet<>();
    List<Object> repeated = new ArrayList<>();
    for (Object t : toks) {
      if (!seen.add(t) && !repeated.contains(t)) {
        repeated.add(t);
      }
    }
    if (!repeated.isEmpty()) {
      throw new IllegalArgumentException(className() + ": The passed vocabulary has at least one repeated term. "
          + "Please uniquify your dataset. The repeated terms are: " + repeated);
    }
    if (maskToken != null && toks.contains(maskToken)) {
      throw new IllegalArgumentException(className() + ": Found reserved mask token at unexpected location in "
          + "`vocabulary`. Either remove all mask and OOV tokens, or include them only at the start of the "
          + "vocabulary in precisely this order: " + special + ". Received: mask_token=" + maskToken);
    }
    int size = tokenStart() + toks.size();
    if (maxTokens != null && size > maxTokens) {
      throw new IllegalArgumentException(className() + ": Attempted to set a vocabulary larger than the maximum "
          + "vocab size. Received vocabulary size is " + size + "; `max_tokens` is " + maxTokens + ".");
    }
    if (idf != null) {
      if (idf.length != vocab.size()) {
        throw new IllegalArgumentException(className() + ": `idf_weights` must be the same length as vocabulary. "
            + "len(idf_weights) is " + idf.length + "; len(vocabulary) is " + vocab.size());
      }
      int front = found ? 0 : tokenStart();
      float frontValue = found ? 0 : mean(idf);
      int back = padToMaxTokens && maxTokens != null ? maxTokens - front - idf.length : 0;
      float[] w = new float[front + idf.length + back];
      java.util.Arrays.fill(w, 0, front, frontValue);
      System.arraycopy(idf, 0, w, front, idf.length);
      this.idfWeights = w;
    }
    this.tokens = toks;
    if (asInput) {
      this.inputVocabulary = vocab;
      this.inputIdfWeights = idf == null ? null : idf.clone();
    }
  }

  private static float mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return (float) (s / v.length);
  }

  private List<Object> specialTokens() {
    List<Object> s = new ArrayList<>();
    for (int i = 0; i < oovStart(); i++) {
      s.add(maskToken);
    }
    for (int i = 0; i < numOovIndices; i++) {
      s.add(oovToken);
    }
    return s;
  }

  /**
   * Learns the vocabulary from {@code data} (an array, or an iterable of batches): tokens by descending count,
   * ties by descending token, the mask and OOV tokens left out, cut to {@code max_tokens}; and the idf weights
   * for {@code tf_idf}, {@code log(1 + documents / (1 + documents with the token))}, a document being a row.
   */
  public L adapt(Object data) {
    if (inputVocabulary != null) {
      throw error("Cannot adapt layer '" + name() + "' after setting a static vocabulary via `vocabulary` argument "
          + "or `set_vocabulary()` method.");
    }
    checkConfigurable("vocabulary (adapt)");
    Map<Object, Long> counts = new HashMap<>();
    Map<Object, Long> docCounts = new HashMap<>();
    long[] docs = {0};
    for (Object batch : AdaptData.batches(data)) {
      for (List<Object> row : adaptRows(batch)) {
        docs[0]++;
        for (Object t : row) {
          counts.merge(t, 1L, Long::sum);
        }
        for (Object t : new HashSet<>(row)) {
          docCounts.merge(t, 1L, Long::sum);
        }
      }
    }
    adaptFrom(counts, docCounts, docs[0]);
    return self();
  }

  /** The rows (documents) of one adapt batch: a rank-2 array gives its rows, anything else one row per value. */
  protected List<List<Object>> adaptRows(Object batch) {
    List<Object> all = adaptTokens(batch);
    int rowLength = rowLength(batch);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < all.size(); i += rowLength) {
      rows.add(all.subList(i, Math.min(all.size(), i + rowLength)));
    }
    return rows;
  }

  private static int rowLength(Object batch) {
    long[] dims;
    if (batch instanceof org.tensorflow.ndarray.NdArray<?> a) {
      dims = a.shape().asArray();
    } else if (batch != null && batch.getClass().isArray() && java.lang.reflect.Array.getLength(batch) > 0
        && java.lang.reflect.Array.get(batch, 0) != null && java.lang.reflect.Array.get(batch, 0).getClass().isArray()) {
      return Math.max(1, java.lang.reflect.Array.getLength(java.lang.reflect.Array.get(batch, 0)));
    } else {
      return 1;
    }
    if (dims.length < 2) {
      return 1;
    }
    long n = 1;
    for (int i = 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return (int) Math.max(1, n);
  }

  /** Keras' {@code finalize_state}, from token counts, document counts and the number of documents. */
  final void adaptFrom(Map<Object, Long> counts, Map<Object, Long> docCounts, long documents) {
    counts.remove(maskToken);
    counts.remove(oovToken);
    List<Object> order = new ArrayList<>(counts.keySet());
    Comparator<Object> byToken = this::compareTokens;
    order.sort(Comparator.<Object>comparingLong(counts::get).thenComparing(byToken).reversed());
    int start = tokenStart();
    if (maxTokens != null) {
      order = new ArrayList<>(order.subList(0, Math.min(order.size(), Math.max(0, maxTokens - start))));
    }
    if (order.isEmpty()) {
      throw error("adapt() found no tokens in the data");
    }
    this.tokens = order;
    if (outputMode.equals("tf_idf")) {
      float[] idf = new float[order.size()];
      for (int i = 0; i < idf.length; i++) {
        long dc = docCounts.getOrDefault(order.get(i), 0L);
        idf[i] = (float) Math.log(1 + (double) documents / (1 + dc));
      }
      float m = mean(idf);
      int back = padToMaxTokens && maxTokens != null ? maxTokens - start - idf.length : 0;
      float[] w = new float[start + idf.length + back];
      java.util.Arrays.fill(w, 0, start, m);
      System.arraycopy(idf, 0, w, start, idf.length);
      this.idfWeights = w;
    }
  }

  /** Keras sorts tokens as NumPy does: strings by their UTF-8 bytes, integers by value. */
  protected abstract int compareTokens(Object a, Object b);

  // ---------------------------------------------------------------- vocabulary

  /** The vocabulary, special entries first (Keras' {@code get_vocabulary()}). */
  public List<Object> getVocabulary() {
    return getVocabulary(true);
  }

  /** The vocabulary, with or without the mask and OOV entries. */
  public List<Object> getVocabulary(boolean includeSpecialTokens) {
    List<Object> v = new ArrayList<>();
    if (includeSpecialTokens) {
      v.addAll(specialTokens());
      if (maskToken != null && outputMode.equals("int")) {
        v.set(0, maskToken);
      }
    }
    if (tokens != null) {
      v.addAll(tokens);
    }
    return v;
  }

  /** Tokens plus special entries (Keras' {@code vocabulary_size()}). */
  public int vocabularySize() {
    return tokenStart() + (tokens == null ? 0 : tokens.size());
  }

  /** Whether a vocabulary was given or adapted. */
  final boolean hasVocabulary() {
    return tokens != null;
  }

  /** The idf weights of {@code tf_idf}, special entries included; null otherwise. */
  public float[] idfWeights() {
    return idfWeights == null ? null : idfWeights.clone();
  }

  public String outputMode() {
    return outputMode;
  }

  final int oovStart() {
    return maskToken != null && outputMode.equals("int") ? 1 : 0;
  }

  final int tokenStart() {
    return oovStart() + numOovIndices;
  }

  final int depth() {
    return padToMaxTokens ? maxTokens : vocabularySize();
  }

  // ---------------------------------------------------------------- call

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (!takes(x.dtype())) {
      throw error("cannot look up inputs of dtype " + x.dtype().kerasName() + " (shape " + Shapes.format(x.shape())
          + ")");
    }
    if (tokens == null) {
      throw error("the vocabulary is not set: pass a `vocabulary` or call `adapt` with some sample data before "
          + "the layer is used");
    }
    SymbolicTensor ids = lookupIds(x);
    return encodeIds(ids);
  }

  /** The int64 indices of {@code x} (Keras' {@code _lookup_dense}). */
  final SymbolicTensor lookupIds(SymbolicTensor x) {
    long maskValue = outputMode.equals("int") ? 0 : Long.MAX_VALUE;
    return PreprocessingOps.lookup(x, vocabularyArray(tokens), tokenStart(), numOovIndices, oovStart(), maskToken,
        maskValue, salt(), "Layer '" + name() + "' (" + className() + ")");
  }

  /** The indices encoded as {@code output_mode} says. */
  final SymbolicTensor encodeIds(SymbolicTensor ids) {
    if (padToMaxTokens && maxTokens == null) {
      throw error("If pad_to_max_tokens is True, must set `max_tokens`.");
    }
    DType out = outputMode.equals("tf_idf") ? DType.FLOAT32 : DType.INT64;
    return PreprocessingOps.encode(this, ids, outputMode, depth(), idfWeights, out);
  }

  /** The tokens as the lookup op's constant: {@code long[]} or {@code String[]}. */
  protected abstract Object vocabularyArray(List<Object> tokens);

  // ---------------------------------------------------------------- config

  /** Reads Keras' IndexLookup config keys into this layer. */
  protected final void applyLookupConfig(Map<String, ?> config) {
    if (Boolean.TRUE.equals(config.get("invert"))) {
      throw new IllegalArgumentException(className() + ": invert=True (indices back to tokens) is not supported by "
          + "jkeras");
    }
    if (Boolean.TRUE.equals(config.get("sparse"))) {
      throw new IllegalArgumentException(className() + ": sparse=True is not supported by jkeras");
    }
    LayerConfigs.ifPresent(config, "max_tokens", v -> maxTokens(((Number) v).intValue()));
    LayerConfigs.ifPresent(config, "num_oov_indices", v -> numOovIndices(((Number) v).intValue()));
    if (config.containsKey("oov_token")) {
      oovToken(config.get("oov_token"));
    }
    LayerConfigs.ifPresent(config, "mask_token", this::maskToken);
    LayerConfigs.ifPresent(config, "output_mode", v -> outputMode((String) v));
    LayerConfigs.ifPresent(config, "pad_to_max_tokens", v -> padToMaxTokens((Boolean) v));
    Object vocab = config.get("vocabulary");
    if (vocab instanceof String path) {
      throw new IllegalArgumentException(className() + ": a vocabulary file (" + path + ") is not supported; give "
          + "the vocabulary as a list");
    }
    if (vocab instanceof List<?> l) {
      float[] idf = null;
      if (config.get("idf_weights") instanceof List<?> w) {
        idf = new float[w.size()];
        for (int i = 0; i < idf.length; i++) {
          idf[i] = ((Number) w.get(i)).floatValue();
        }
      }
      setVocabulary(l, idf);
    }
    applyBaseConfig(config);
  }

  /**
   * Keras' IndexLookup keys. An adapted vocabulary is written as {@code vocabulary} (special entries first) with
   * its idf weights, where Keras writes {@code None} and keeps the vocabulary in the archive's assets.
   */
  protected final Map<String, Object> lookupConfig(boolean withVocabularyDtype) {
    Map<String, Object> c = super.getConfig();
    c.put("invert", false);
    c.put("max_tokens", maxTokens);
    c.put("num_oov_indices", numOovIndices);
    c.put("oov_token", oovToken);
    c.put("mask_token", maskToken);
    c.put("output_mode", outputMode);
    c.put("sparse", false);
    c.put("pad_to_max_tokens", padToMaxTokens);
    if (withVocabularyDtype) {
      c.put("vocabulary_dtype", "int64");
    }
    boolean adapted = inputVocabulary == null && tokens != null;
    float[] idf = adapted ? (idfWeights == null ? null : java.util.Arrays.copyOf(idfWeights, vocabularySize()))
        : inputIdfWeights;
    c.put("idf_weights", idf == null ? null : floatList(idf));
    c.put("vocabulary", adapted ? getVocabulary(true) : inputVocabulary == null ? null : new ArrayList<>(inputVocabulary));
    c.put("vocabulary_size", tokens == null ? null : vocabularySize());
    return c;
  }

  private static List<Double> floatList(float[] v) {
    List<Double> out = new ArrayList<>();
    for (float f : v) {
      out.add((double) f);
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    return new LinkedHashMap<>(lookupConfig(false));
  }
}
