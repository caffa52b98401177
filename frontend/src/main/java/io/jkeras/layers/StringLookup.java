package io.jkeras.layers;

import io.jkeras.DType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps strings to integer indices through a vocabulary (Keras' {@code StringLookup(max_tokens=None,
 * num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None, output_mode="int")}): index 0 is
 * the OOV index by default, vocabulary entries follow. The vocabulary is given or learned with {@link
 * #adapt}. The lookup runs inside the model, so a saved or exported model takes raw strings.
 *
 * <pre>{@code
 * var color = Input.of("color", DType.STRING, 1);
 * var ids = new StringLookup().vocabulary(List.of("red", "green", "blue")).apply(color);   // "green" -> 2
 * var hot = new StringLookup().outputMode("one_hot").adapt(new String[] {"a", "b", "a"}).apply(color);
 * }</pre>
 */
public final class StringLookup extends IndexLookup<StringLookup> {

  /** A layer with Keras' defaults; give a vocabulary or adapt it. */
  public StringLookup() {
    super("[UNK]");
  }

  /** Rebuilds the layer from Keras' config. */
  public static StringLookup fromConfig(Map<String, ?> config) {
    StringLookup s = new StringLookup();
    LayerConfigs.ifPresent(config, "encoding", v -> {
      if (!"utf-8".equalsIgnoreCase((String) v)) {
        throw new IllegalArgumentException("StringLookup: only encoding='utf-8' is supported, got " + v);
      }
    });
    s.applyLookupConfig(config);
    return s;
  }

  @Override
  protected Object token(Object value) {
    if (value instanceof String str) {
      return str;
    }
    if (value instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("StringLookup: tokens are strings, got " + value);
  }

  @Override
  protected List<Object> adaptTokens(Object batch) {
    return new ArrayList<>(AdaptData.strings(batch, "StringLookup.adapt"));
  }

  @Override
  protected boolean takes(DType dtype) {
    return dtype == DType.STRING;
  }

  @Override
  protected int compareTokens(Object a, Object b) {
    // the order of UTF-8 bytes (unsigned), which is code point order, as Keras sorts its vocabulary
    return io.jkeras.utils.DatasetUtils.compareCodePoints((String) a, (String) b);
  }

  @Override
  protected Object vocabularyArray(List<Object> tokens) {
    return tokens.toArray(new String[0]);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = lookupConfig(false);
    c.put("oov_method", "floormod");
    c.put("salt", null);
    c.put("encoding", "utf-8");
    return c;
  }
}
