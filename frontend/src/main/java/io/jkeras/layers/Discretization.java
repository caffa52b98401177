package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Buckets numbers by boundaries (Keras' {@code Discretization(bin_boundaries=None, num_bins=None, epsilon=0.01,
 * output_mode="int")}): bucket {@code i} holds {@code bins[i-1] <= x < bins[i]}. The boundaries are given, or
 * learned by {@link #adapt} as approximate quantiles with Keras' own algorithm (ported to Java). {@code "int"}
 * gives int32 bucket ids; {@code "one_hot"}, {@code "multi_hot"} and {@code "count"} encode them as {@link
 * CategoryEncoding} does.
 *
 * <pre>{@code
 * var bucket = new Discretization(new double[] {0.0, 1.0, 2.0}).apply(x);     // ids 0..3
 * var quartile = new Discretization(4).adapt(trainColumn).apply(x);          // learned boundaries
 * }</pre>
 */
public final class Discretization extends BaseLayer<Discretization> {
  private static final Set<String> MODES = Set.of("int", "one_hot", "multi_hot", "count");
  private double[] binBoundaries;
  private final Integer numBins;
  private double epsilon = 0.01;
  private String outputMode = "int";

  /** Fixed boundaries, increasing. */
  public Discretization(double[] binBoundaries) {
    this.binBoundaries = checkBoundaries(binBoundaries.clone());
    this.numBins = null;
  }

  /** {@code numBins} buckets whose boundaries {@link #adapt} learns. */
  public Discretization(int numBins) {
    if (numBins < 0) {
      throw new IllegalArgumentException("Discretization: `num_bins` must be greater than or equal to 0. Received: "
          + "`num_bins=" + numBins + "`");
    }
    this.numBins = numBins;
  }

  private static double[] checkBoundaries(double[] b) {
    for (int i = 1; i < b.length; i++) {
      if (!(b[i] >= b[i - 1])) {
        throw new IllegalArgumentException("Discretization: bin_boundaries must increase, got " + Arrays.toString(b));
      }
    }
    return b;
  }

  /** Rebuilds the layer from Keras' config (the boundaries learned by {@code adapt} included). */
  public static Discretization fromConfig(Map<String, ?> config) {
    Object b = config.get("bin_boundaries");
    Object n = config.get("num_bins");
    Discretization d;
    if (n instanceof Number num) {
      d = new Discretization(num.intValue());
      if (b != null) {
        d.binBoundaries = checkBoundaries(doubles(b));
      }
    } else if (b != null) {
      d = new Discretization(doubles(b));
    } else {
      throw new IllegalArgumentException("Discretization: You need to set either `num_bins` or `bin_boundaries`.");
    }
    LayerConfigs.ifPresent(config, "epsilon", v -> d.epsilon(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "output_mode", v -> d.outputMode((String) v));
    LayerConfigs.ifPresent(config, "sparse", v -> {
      if (Boolean.TRUE.equals(v)) {
        throw new IllegalArgumentException("Discretization: sparse=True is not supported by jkeras");
      }
    });
    d.applyBaseConfig(config);
    return d;
  }

  private static double[] doubles(Object list) {
    List<?> l = (List<?>) list;
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).doubleValue();
    }
    return out;
  }

  /** The relative error of the quantiles {@link #adapt} computes (Keras' {@code epsilon}, 0.01). */
  public Discretization epsilon(double epsilon) {
    checkConfigurable("epsilon");
    this.epsilon = epsilon;
    return this;
  }

  /** {@code "int"} (default), {@code "one_hot"}, {@code "multi_hot"} or {@code "count"}. */
  public Discretization outputMode(String mode) {
    checkConfigurable("output_mode");
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("Discretization: Unknown value for `output_mode`: '" + mode + "'. "
          + "Expected one of " + List.of("int", "one_hot", "multi_hot", "count"));
    }
    this.outputMode = mode;
    return this;
  }

  /** The boundaries, given or adapted; {@code null} before {@code adapt}. */
  public double[] binBoundaries() {
    return binBoundaries == null ? null : binBoundaries.clone();
  }

  /**
   * Learns {@code num_bins} buckets of about equal counts from {@code data} (an array of any rank or an
   * iterable of such batches), with Keras' quantile summaries; call it before the layer is used.
   */
  public Discretization adapt(Object data) {
    if (numBins == null) {
      throw error("Cannot adapt a Discretization layer that has been initialized with `bin_boundaries`, use "
          + "`num_bins` instead.");
    }
    checkConfigurable("bin_boundaries (adapt)");
    float[][] summary = {new float[0], new float[0]};
    boolean any = false;
    for (Object batch : AdaptData.batches(data)) {
      float[] values = AdaptData.floats(batch, "Discretization.adapt");
      summary = QuantileSummary.merge(QuantileSummary.summarize(values, epsilon), summary, epsilon);
      any |= values.length > 0;
    }
    if (!any) {
      throw error("adapt() needs at least one value");
    }
    binBoundaries = QuantileSummary.binBoundaries(summary, numBins);
    return this;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (binBoundaries == null) {
      throw error("You need to either pass the `bin_boundaries` argument at construction time or call "
          + "`adapt(dataset)` before you can start using the `Discretization` layer.");
    }
    SymbolicTensor in = x.dtype().isFloating() ? x : Ops.cast(x, DType.FLOAT32);
    SymbolicTensor ids = Ops.digitize(in, binBoundaries);
    DType out = outputMode.equals("int") ? DType.INT32 : dtype();
    return PreprocessingOps.encode(this, ids, outputMode, binBoundaries.length + 1, null, out);
  }

  @Override
  public Map<String, Object> getConfig() {
    // Keras writes these keys only, in this order
    Map<String, Object> c = new LinkedHashMap<>();
    List<Double> b = null;
    if (binBoundaries != null) {
      b = new ArrayList<>();
      for (double v : binBoundaries) {
        b.add(v);
      }
    }
    c.put("bin_boundaries", b);
    c.put("num_bins", numBins);
    c.put("epsilon", epsilon);
    c.put("output_mode", outputMode);
    c.put("sparse", false);
    c.put("name", name());
    c.put("dtype", dtype().kerasName());
    return c;
  }
}
