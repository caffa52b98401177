package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import java.util.Map;
import java.util.Set;

/**
 * Encodes integer ids in {@code [0, numTokens)} as dense vectors (Keras' {@code CategoryEncoding(num_tokens,
 * output_mode="multi_hot")}): {@code "one_hot"} (one vector per id; a last axis of size 1 is replaced), {@code
 * "multi_hot"} (1 where an id of the row occurs) or {@code "count"} (how often it occurs); rows are the last
 * axis of inputs of shape {@code (batch, k)}. Ids outside the range count nowhere. Float32 output.
 *
 * <pre>{@code
 * var hot = new CategoryEncoding(4).outputMode("one_hot").apply(ids);   // (None, 1) -> (None, 4)
 * }</pre>
 */
public final class CategoryEncoding extends BaseLayer<CategoryEncoding> {
  private static final Set<String> MODES = Set.of("one_hot", "multi_hot", "count");
  private final int numTokens;
  private String outputMode = "multi_hot";

  /** Ids in {@code [0, numTokens)}. */
  public CategoryEncoding(int numTokens) {
    if (numTokens < 1) {
      throw new IllegalArgumentException("CategoryEncoding: `num_tokens` must be >= 1. Received: num_tokens="
          + numTokens + ".");
    }
    this.numTokens = numTokens;
  }

  /** Rebuilds the layer from Keras' config. */
  public static CategoryEncoding fromConfig(Map<String, ?> config) {
    Object n = config.get("num_tokens");
    if (!(n instanceof Number num)) {
      throw new IllegalArgumentException("CategoryEncoding: num_tokens must be set to use this layer, got " + n);
    }
    CategoryEncoding c = new CategoryEncoding(num.intValue());
    LayerConfigs.ifPresent(config, "output_mode", v -> c.outputMode((String) v));
    LayerConfigs.ifPresent(config, "sparse", v -> {
      if (Boolean.TRUE.equals(v)) {
        throw new IllegalArgumentException("CategoryEncoding: sparse=True is not supported by jkeras");
      }
    });
    c.applyBaseConfig(config);
    return c;
  }

  /** {@code "multi_hot"} (default, also {@code "binary"}), {@code "one_hot"} or {@code "count"}. */
  public CategoryEncoding outputMode(String mode) {
    checkConfigurable("output_mode");
    String m = "binary".equals(mode) ? "multi_hot" : mode;
    if (!MODES.contains(m)) {
      throw new IllegalArgumentException("CategoryEncoding: Unknown arg for output_mode: " + mode);
    }
    this.outputMode = m;
    return this;
  }

  public int numTokens() {
    return numTokens;
  }

  public String outputMode() {
    return outputMode;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (x.dtype() == io.jkeras.DType.STRING) {
      throw error("takes integer ids, got strings; put a StringLookup first");
    }
    // float ids (from a float Input) are truncated to integers, as TensorFlow's one_hot would need
    SymbolicTensor ids = x.dtype().isFloating() ? io.jkeras.ops.Ops.cast(x, io.jkeras.DType.INT64) : x;
    return PreprocessingOps.encode(this, ids, outputMode, numTokens, null, dtype());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("num_tokens", numTokens);
    c.put("output_mode", outputMode);
    return c;
  }
}
