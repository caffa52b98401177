package io.jkeras.layers;

import io.jkeras.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps integers to indices through a vocabulary (Keras' {@code IntegerLookup(max_tokens=None,
 * num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None, output_mode="int")}), for categorical
 * features coded as numbers: index 0 is the OOV index by default, vocabulary entries follow. Out-of-vocabulary
 * values share {@code num_oov_indices} indices by {@code value mod n}. The vocabulary is given or learned with
 * {@link #adapt}.
 *
 * <pre>{@code
 * var ids = new IntegerLookup().vocabulary(List.of(12, 36, 1138, 42)).apply(codes);   // 36 -> 2, 7 -> 0
 * }</pre>
 */
public final class IntegerLookup extends IndexLookup<IntegerLookup> {

  /** A layer with Keras' defaults; give a vocabulary or adapt it. */
  public IntegerLookup() {
    super(-1L);
  }

  /** Rebuilds the layer from Keras' config. */
  public static IntegerLookup fromConfig(Map<String, ?> config) {
    IntegerLookup l = new IntegerLookup();
    LayerConfigs.ifPresent(config, "vocabulary_dtype", v -> {
      if (!"int64".equals(v)) {
        throw new IllegalArgumentException("IntegerLookup: Only `vocabulary_dtype='int64'` is supported at this "
            + "time. Received: vocabulary_dtype=" + v);
      }
    });
    LayerConfigs.ifPresent(config, "oov_method", v -> {
      if (!"floormod".equals(v)) {
        throw new IllegalArgumentException("IntegerLookup: only oov_method='floormod' is supported, got " + v);
      }
    });
    l.applyLookupConfig(config);
    return l;
  }

  @Override
  protected Object token(Object value) {
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw new IllegalArgumentException("IntegerLookup: tokens are integers, got " + value);
  }

  @Override
  protected List<Object> adaptTokens(Object batch) {
    List<Object> out = new ArrayList<>();
    for (long v : AdaptData.longs(batch, "IntegerLookup.adapt")) {
      out.add(v);
    }
    return out;
  }

  @Override
  protected boolean takes(DType dtype) {
    return dtype == DType.INT32 || dtype == DType.INT64 || dtype.isFloating();
  }

  @Override
  protected int compareTokens(Object a, Object b) {
    return Long.compare((Long) a, (Long) b);
  }

  @Override
  protected Object vocabularyArray(List<Object> tokens) {
    long[] out = new long[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Long) tokens.get(i);
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = lookupConfig(true);
    c.put("oov_method", "floormod");
    c.put("salt", null);
    return c;
  }
}
