package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.Shape;

/**
 * Turns raw strings into token ids or token counts inside the model (Keras' {@code
 * TextVectorization(max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace",
 * ngrams=None, output_mode="int", output_sequence_length=None, pad_to_max_tokens=False)}): lower-cases and
 * strips ASCII punctuation, splits on whitespace (or into characters), forms n-grams, and looks the tokens up
 * in a vocabulary learned by {@link #adapt} (0 is padding, 1 the OOV token {@code [UNK]}). {@code "int"} gives
 * int64 ids of shape {@code (batch, output_sequence_length)}, padded with 0 or cut; {@code "multi_hot"}, {@code
 * "count"} and {@code "tf_idf"} give one row of width {@code vocabulary_size} per string. The same TensorFlow
 * string ops as Keras run in the graph, so a saved or exported model takes raw text; {@code adapt} runs the same
 * steps in Java.
 *
 * <pre>{@code
 * var vectorize = new TextVectorization().maxTokens(20000).outputSequenceLength(200).adapt(trainTexts);
 * var text = Input.of("text", DType.STRING, 1);
 * var ids = vectorize.apply(text);                       // (None, 200) int64
 * }</pre>
 *
 * <p>Callables for {@code standardize} and {@code split}, {@code ragged} and {@code sparse} outputs are not
 * supported.
 */
public final class TextVectorization extends BaseLayer<TextVectorization> {
  /** Keras' punctuation class ({@code string.punctuation}), stripped by {@code strip_punctuation}. */
  static final String PUNCTUATION_REGEX = "[!\"#$%&()\\*\\+,-\\./:;<=>?@\\[\\\\\\]^_`{|}~\\']";
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final Set<String> STANDARDIZE = Set.of("lower_and_strip_punctuation", "lower", "strip_punctuation");
  private static final Set<String> SPLIT = Set.of("whitespace", "character");

  private final StringLookup lookup = new StringLookup().maskToken("");
  private Integer maxTokens;
  private String standardize = "lower_and_strip_punctuation";
  private String split = "whitespace";
  private Object ngramsArg;
  private long[] ngrams;
  private String outputMode = "int";
  private Integer outputSequenceLength;
  private boolean padToMaxTokens;

  /** A layer with Keras' defaults; adapt it or give it a vocabulary before use. */
  public TextVectorization() {}

  /** Rebuilds the layer from Keras' config. */
  public static TextVectorization fromConfig(Map<String, ?> config) {
    TextVectorization t = new TextVectorization();
    for (String k : List.of("sparse", "ragged")) {
      if (Boolean.TRUE.equals(config.get(k))) {
        throw new IllegalArgumentException("TextVectorization: " + k + "=True is not supported by jkeras");
      }
    }
    LayerConfigs.ifPresent(config, "max_tokens", v -> t.maxTokens(((Number) v).intValue()));
    if (config.containsKey("standardize")) {
      t.standardize(text(config.get("standardize"), "standardize"));
    }
    if (config.containsKey("split")) {
      t.split(text(config.get("split"), "split"));
    }
    Object ng = config.get("ngrams");
    if (ng instanceof Number n) {
      t.ngrams(n.intValue());
    } else if (ng instanceof List<?> l) {
      int[] w = new int[l.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = ((Number) l.get(i)).intValue();
      }
      t.ngramWidths(w);
    }
    LayerConfigs.ifPresent(config, "output_mode", v -> t.outputMode((String) v));
    LayerConfigs.ifPresent(config, "output_sequence_length", v -> t.outputSequenceLength(((Number) v).intValue()));
    LayerConfigs.ifPresent(config, "pad_to_max_tokens", v -> t.padToMaxTokens((Boolean) v));
    LayerConfigs.ifPresent(config, "encoding", v -> {
      if (!"utf-8".equalsIgnoreCase((String) v)) {
        throw new IllegalArgumentException("TextVectorization: only encoding='utf-8' is supported, got " + v);
      }
    });
    if (config.get("vocabulary") instanceof List<?> vocab) {
      float[] idf = null;
      if (config.get("idf_weights") instanceof List<?> w) {
        idf = new float[w.size()];
        for (int i = 0; i < idf.length; i++) {
          idf[i] = ((Number) w.get(i)).floatValue();
        }
      }
      t.setVocabulary(vocab, idf);
    }
    t.applyBaseConfig(config);
    return t;
  }

  private static String text(Object v, String key) {
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new IllegalArgumentException("TextVectorization: a callable `" + key + "` is not supported by jkeras, "
        + "got " + v);
  }

  /** The largest vocabulary, padding and OOV tokens included. */
  public TextVectorization maxTokens(Integer maxTokens) {
    checkConfigurable("max_tokens");
    lookup.maxTokens(maxTokens);
    this.maxTokens = maxTokens;
    return this;
  }

  /** {@code "lower_and_strip_punctuation"} (default), {@code "lower"}, {@code "strip_punctuation"} or null. */
  public TextVectorization standardize(String standardize) {
    checkConfigurable("standardize");
    if (standardize != null && !STANDARDIZE.contains(standardize)) {
      throw new IllegalArgumentException("TextVectorization: Unknown value for `standardize`: '" + standardize
          + "'. Expected one of " + STANDARDIZE + " or None");
    }
    this.standardize = standardize;
    return this;
  }

  /** {@code "whitespace"} (default), {@code "character"} or null (each string is one token). */
  public TextVectorization split(String split) {
    checkConfigurable("split");
    if (split != null && !SPLIT.contains(split)) {
      throw new IllegalArgumentException("TextVectorization: Unknown value for `split`: '" + split
          + "'. Expected one of " + SPLIT + " or None");
    }
    this.split = split;
    return this;
  }

  /** N-grams of widths 1 to {@code n} (Keras' {@code ngrams=n}). */
  public TextVectorization ngrams(int n) {
    checkConfigurable("ngrams");
    if (n < 1) {
      throw new IllegalArgumentException("TextVectorization: ngrams must be positive, got " + n);
    }
    this.ngramsArg = n;
    this.ngrams = new long[n];
    for (int i = 0; i < n; i++) {
      ngrams[i] = i + 1;
    }
    return this;
  }

  /** N-grams of the given widths (Keras' {@code ngrams=(w1, w2, ...)}). */
  public TextVectorization ngramWidths(int... widths) {
    checkConfigurable("ngrams");
    this.ngramsArg = Arrays.stream(widths).boxed().toList();
    this.ngrams = Arrays.stream(widths).asLongStream().toArray();
    return this;
  }

  /** {@code "int"} (default), {@code "multi_hot"}, {@code "count"} or {@code "tf_idf"}. */
  public TextVectorization outputMode(String mode) {
    checkConfigurable("output_mode");
    String m = "binary".equals(mode) ? "multi_hot" : "tf-idf".equals(mode) ? "tf_idf" : mode;
    if (m.equals("one_hot")) {
      throw new IllegalArgumentException("TextVectorization: output_mode='one_hot' is not supported by jkeras; use "
          + "'multi_hot' or 'int' followed by an Embedding or CategoryEncoding");
    }
    lookup.outputMode(m);
    this.outputMode = m;
    return this;
  }

  /** Pads or cuts {@code "int"} outputs to this many ids (Keras' {@code output_sequence_length}). */
  public TextVectorization outputSequenceLength(Integer length) {
    checkConfigurable("output_sequence_length");
    if (length != null && length < 1) {
      throw new IllegalArgumentException("TextVectorization: output_sequence_length must be positive, got " + length);
    }
    this.outputSequenceLength = length;
    return this;
  }

  /** Encodes to {@code max_tokens} columns whatever the vocabulary's size. */
  public TextVectorization padToMaxTokens(boolean pad) {
    checkConfigurable("pad_to_max_tokens");
    lookup.padToMaxTokens(pad);
    this.padToMaxTokens = pad;
    return this;
  }

  /** A fixed vocabulary (special tokens may lead it: {@code "", "[UNK]"}). */
  public TextVectorization vocabulary(List<?> vocabulary) {
    return setVocabulary(vocabulary, null);
  }

  /** A fixed vocabulary and, for {@code tf_idf}, its idf weights. */
  public TextVectorization setVocabulary(List<?> vocabulary, float[] idfWeights) {
    checkConfigurable("vocabulary");
    checkOutputArguments();
    lookup.setVocabulary(vocabulary, idfWeights);
    return this;
  }

  private void checkOutputArguments() {
    if (!outputMode.equals("int") && outputSequenceLength != null) {
      throw new IllegalArgumentException("TextVectorization: `output_sequence_length` must not be set if "
          + "`output_mode` is not 'int'. Received output_sequence_length=" + outputSequenceLength + ".");
    }
  }

  /**
   * Learns the vocabulary (and idf weights) from strings: an array of any rank ({@code String[]}, {@code
   * NdArray<String>}) or an iterable of batches (a text dataset: its {@code x}). Each string is one document.
   */
  public TextVectorization adapt(Object data) {
    checkConfigurable("vocabulary (adapt)");
    checkOutputArguments();
    Map<Object, Long> counts = new HashMap<>();
    Map<Object, Long> docCounts = new HashMap<>();
    long docs = 0;
    for (Object batch : AdaptData.batches(data)) {
      for (String doc : AdaptData.strings(batch, "TextVectorization.adapt")) {
        docs++;
        List<String> tokens = tokens(doc);
        for (String t : tokens) {
          counts.merge(t, 1L, Long::sum);
        }
        for (String t : new HashSet<>(tokens)) {
          docCounts.merge(t, 1L, Long::sum);
        }
      }
    }
    lookup.adaptFrom(counts, docCounts, docs);
    return this;
  }

  /**
   * The tokens of one string, as the graph computes them: TF's {@code StringLower} (ASCII), the punctuation
   * class removed, {@code StringSplitV2}'s whitespace ({@code ' ', \t, \n, \v, \f, \r}), {@code StringNGrams}
   * joined by a space.
   */
  List<String> tokens(String doc) {
    String s = doc;
    if ("lower".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
      s = b.toString();
    }
    if ("strip_punctuation".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) {
      StringBuilder b = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        if (PUNCTUATION.indexOf(s.charAt(i)) < 0) {
          b.append(s.charAt(i));
        }
      }
      s = b.toString();
    }
    List<String> tokens = new ArrayList<>();
    if ("whitespace".equals(split)) {
      int start = -1;
      for (int i = 0; i <= s.length(); i++) {
        boolean space = i == s.length() || " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0;
        if (space && start >= 0) {
          tokens.add(s.substring(start, i));
          start = -1;
        } else if (!space && start < 0) {
          start = i;
        }
      }
    } else if ("character".equals(split)) {
      s.codePoints().forEach(cp -> tokens.add(new String(Character.toChars(cp))));
    } else {
      tokens.add(s);
    }
    if (ngrams == null) {
      return tokens;
    }
    List<String> grams = new ArrayList<>();
    for (long w : ngrams) {
      for (int i = 0; i + w <= tokens.size(); i++) {
        grams.add(String.join(" ", tokens.subList(i, (int) (i + w))));
      }
    }
    return grams;
  }

  /** The vocabulary, padding and OOV tokens first (Keras' {@code get_vocabulary()}). */
  public List<Object> getVocabulary() {
    return lookup.getVocabulary(true);
  }

  /** The vocabulary with or without the special tokens. */
  public List<Object> getVocabulary(boolean includeSpecialTokens) {
    return lookup.getVocabulary(includeSpecialTokens);
  }

  /** The vocabulary's size, special tokens included. */
  public int vocabularySize() {
    return lookup.vocabularySize();
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (x.dtype() != DType.STRING) {
      throw error("takes strings (an Input of dtype string), got " + x.dtype().kerasName());
    }
    if (split != null && x.rank() > 1 && !(x.rank() == 2 && x.shape().get(1) == 1)) {
      throw error("When using `TextVectorization` to tokenize strings, the input rank must be 1 or the last shape "
          + "dimension must be 1. Received: inputs.shape=" + Shapes.format(x.shape()));
    }
    List<Object> vocab = lookup.getVocabulary(false);
    if (!lookup.hasVocabulary()) {
      throw error("the vocabulary is not set: call adapt(...) with some text, or give a vocabulary, before the "
          + "layer is used");
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("standardize", standardize);
    a.put("split", split);
    a.put("ngrams", ngrams);
    a.put("regex", PUNCTUATION_REGEX);
    a.put("vocabulary", vocab.toArray(new String[0]));
    a.put("token_start", (long) lookup.tokenStart());
    a.put("num_oov_indices", 1);
    a.put("oov_start", (long) lookup.oovStart());
    a.put("mask_key", "");
    a.put("mask_value", outputMode.equals("int") ? 0L : Long.MAX_VALUE);
    a.put("output_mode", outputMode);
    a.put("output_sequence_length", outputSequenceLength == null ? -1L : (long) outputSequenceLength);
    int depth = lookup.depth();
    a.put("depth", (long) depth);
    if (outputMode.equals("tf_idf")) {
      a.put("idf", lookup.idfWeights());
    }
    Shape out;
    DType type;
    if (outputMode.equals("int")) {
      out = Shape.of(x.shape().get(0), outputSequenceLength == null ? Shape.UNKNOWN_SIZE : outputSequenceLength);
      type = DType.INT64;
    } else {
      out = Shape.of(x.shape().get(0), depth);
      type = outputMode.equals("tf_idf") ? DType.FLOAT32 : DType.INT64;
    }
    return PreprocessingOps.textVectorize(x, a, out, type);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    Map<String, Object> l = lookup.getConfig();
    c.put("max_tokens", maxTokens);
    c.put("standardize", standardize);
    c.put("split", split);
    c.put("ngrams", ngramsArg);
    c.put("output_mode", outputMode);
    c.put("output_sequence_length", outputSequenceLength);
    c.put("pad_to_max_tokens", padToMaxTokens);
    c.put("sparse", false);
    c.put("ragged", false);
    c.put("vocabulary", l.get("vocabulary"));
    c.put("idf_weights", l.get("idf_weights"));
    c.put("encoding", "utf-8");
    c.put("vocabulary_size", l.get("vocabulary_size") == null ? lookup.vocabularySize() : l.get("vocabulary_size"));
    return c;
  }
}
