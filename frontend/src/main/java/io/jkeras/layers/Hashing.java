package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hashes strings or integers into {@code num_bins} bins (Keras' {@code Hashing(num_bins, mask_value=None,
 * salt=None, output_mode="int")}), as Keras on TensorFlow: integers are written as decimal strings, then
 * FarmHash64 ({@code tf.strings.to_hash_bucket_fast}) or, with a salt, SipHash ({@code to_hash_bucket_strong})
 * modulo the bins. With a {@code mask_value}, that value goes to bin 0 and the others to bins 1 and up. Output:
 * int64 bins, or {@code "one_hot"}, {@code "multi_hot"}, {@code "count"} encodings (float32).
 *
 * <pre>{@code
 * var bins = new Hashing(64).apply(userIds);   // any id -> [0, 64)
 * }</pre>
 */
public final class Hashing extends BaseLayer<Hashing> {
  private static final Set<String> MODES = Set.of("int", "one_hot", "multi_hot", "count");
  private final int numBins;
  private Object maskValue;
  private long[] salt;
  private String outputMode = "int";
  private boolean dtypeGiven;

  /** {@code numBins} > 0 bins. */
  public Hashing(int numBins) {
    if (numBins <= 0) {
      throw new IllegalArgumentException("Hashing: The `num_bins` for `Hashing` cannot be `None` or non-positive "
          + "values. Received: num_bins=" + numBins + ".");
    }
    this.numBins = numBins;
    setDtype(DType.INT64);
  }

  /** Rebuilds the layer from Keras' config. */
  public static Hashing fromConfig(Map<String, ?> config) {
    Hashing h = new Hashing(LayerConfigs.intArg(config, "num_bins", "Hashing"));
    LayerConfigs.ifPresent(config, "output_mode", v -> h.outputMode((String) v));
    LayerConfigs.ifPresent(config, "mask_value", h::maskValue);
    LayerConfigs.ifPresent(config, "salt", v -> {
      if (v instanceof List<?> l && l.size() == 2) {
        h.salt(((Number) l.get(0)).longValue(), ((Number) l.get(1)).longValue());
      } else if (v instanceof Number n) {
        h.salt(n.longValue(), n.longValue());
      } else {
        throw new IllegalArgumentException("Hashing: The `salt` argument for `Hashing` can only be a tuple of size "
            + "2 integers, or a single integer. Received: salt=" + v + ".");
      }
    });
    LayerConfigs.ifPresent(config, "sparse", v -> {
      if (Boolean.TRUE.equals(v)) {
        throw new IllegalArgumentException("Hashing: sparse=True is not supported by jkeras");
      }
    });
    h.applyBaseConfig(config);
    return h;
  }

  /** The value sent to bin 0 (a string or an integer); the other values use bins 1 and up. */
  public Hashing maskValue(Object value) {
    checkConfigurable("mask_value");
    if (!(value == null || value instanceof String || value instanceof Number)) {
      throw new IllegalArgumentException("Hashing: mask_value must be a string or a number, got " + value);
    }
    this.maskValue = value instanceof Number n && n.doubleValue() == n.longValue() ? (Object) n.longValue() : value;
    return this;
  }

  /** A salt for SipHash ({@code to_hash_bucket_strong}); Keras' {@code salt=(a, b)}. */
  public Hashing salt(long first, long second) {
    checkConfigurable("salt");
    this.salt = new long[] {first, second};
    return this;
  }

  /** {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}. */
  public Hashing outputMode(String mode) {
    checkConfigurable("output_mode");
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("Hashing: Invalid value for argument `output_mode`. Expected one of "
          + List.of("int", "one_hot", "multi_hot", "count") + ". Received: output_mode=" + mode);
    }
    this.outputMode = mode;
    if (!dtypeGiven) {
      setDtype(mode.equals("int") ? DType.INT64 : DType.FLOAT32);
    }
    return this;
  }

  @Override
  public Hashing dtype(DType dtype) {
    dtypeGiven = true;
    return super.dtype(dtype);
  }

  public int numBins() {
    return numBins;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (outputMode.equals("int") && dtype() != DType.INT32 && dtype() != DType.INT64) {
      throw error("When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or 'int64'. Received: "
          + "dtype=" + dtype().kerasName());
    }
    SymbolicTensor in = x;
    if (outputMode.equals("one_hot") && in.rank() > 0 && in.shape().get(in.rank() - 1) == 1) {
      in = io.jkeras.ops.Ops.squeeze(in, in.rank() - 1);
    }
    SymbolicTensor bins = PreprocessingOps.hash(in, numBins, maskValue, salt);
    return PreprocessingOps.encode(this, bins, outputMode, numBins, null, dtype());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("num_bins", numBins);
    c.put("salt", salt == null ? null : List.of(salt[0], salt[1]));
    c.put("mask_value", maskValue);
    c.put("output_mode", outputMode);
    c.put("sparse", false);
    return c;
  }
}
