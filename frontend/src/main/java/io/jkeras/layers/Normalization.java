package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.initializers.Initializer;
import io.jkeras.training.DataArrays;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Shifts and scales inputs to mean 0 and standard deviation 1 per index of {@code axis} (Keras' preprocessing
 * layer {@code Normalization}): {@code y = (x - mean) / max(sqrt(variance), 1e-7)}, or with {@code invert} the
 * inverse, {@code y = mean + x * max(sqrt(variance), 1e-7)}.
 *
 * <p>The statistics are either given ({@code mean}, {@code variance}: then the layer has no weights, as in
 * Keras) or learned with {@link #adapt(Object)} from an array, in Java, before the model is first run. Adapted
 * layers hold them as Keras does in three non-trainable weights: {@code mean} and {@code variance} of the shape
 * of the kept axes and an int64 scalar {@code count}: {@code 2 * C + 1} parameters on the default last axis.
 *
 * <pre>{@code
 * Normalization norm = new Normalization();           // axis -1
 * norm.adapt(new float[][] {{0, 7, 4}, {2, 9, 6}});     // mean (1, 8, 5), variance (1, 1, 1)
 * var y = norm.apply(Input.of(3));                     // 7 non-trainable params
 * var z = new Normalization().mean(3).variance(2).apply(Input.of(1));   // (x - 3) / sqrt(2), no weights
 * }</pre>
 */
public final class Normalization extends BaseLayer<Normalization> {
  /** Keras' {@code backend.epsilon()}, the floor of the standard deviation. */
  public static final double EPSILON = 1e-7;

  private int[] axis = {-1};
  private double[] inputMean;
  private double[] inputVariance;
  private boolean inputIsScalar;
  private boolean invert = false;
  // Statistics learned by adapt, over the kept axes in row-major order.
  private float[] adaptedMean;
  private float[] adaptedVariance;
  private long[] adaptedKeepDims;
  private long adaptedCount;

  public Normalization() {}

  /** Rebuilds the layer from Keras' config. */
  public static Normalization fromConfig(Map<String, ?> config) {
    Normalization n = new Normalization();
    n.applyBaseConfig(config);
    Object a = config.get("axis");
    if (a == null) {
      if (config.containsKey("axis")) {
        n.axisNone();
      }
    } else if (a instanceof List<?> l) {
      n.axis(l.stream().mapToInt(o -> ((Number) o).intValue()).toArray());
    } else {
      n.axis(((Number) a).intValue());
    }
    LayerConfigs.ifPresent(config, "invert", v -> n.invert((Boolean) v));
    Object mean = config.get("mean");
    Object variance = config.get("variance");
    if (mean != null || variance != null) {
      n.setStatistics(values(mean, "mean"), values(variance, "variance"), mean instanceof Number);
    }
    return n;
  }

  private static double[] values(Object v, String key) {
    if (v instanceof Number x) {
      return new double[] {x.doubleValue()};
    }
    if (v instanceof List<?> l) {
      double[] out = new double[l.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.get(i) instanceof Number x)) {
          throw new IllegalArgumentException(
              "Normalization config: '" + key + "' must be a number or a flat list of numbers, got " + v);
        }
        out[i] = x.doubleValue();
      }
      return out;
    }
    throw new IllegalArgumentException(
        "Normalization config: '" + key + "' must be a number or a list of numbers, got " + v);
  }

  private String where() {
    return "Layer '" + nameForMessages() + "' (Normalization)";
  }

  /**
   * The axes that keep a separate mean and variance per index, -1 by default; no axes (Keras' {@code
   * axis=None}) normalizes all elements by one scalar mean and variance.
   */
  public Normalization axis(int... axes) {
    checkConfigurable("axis");
    this.axis = axes.clone();
    return this;
  }

  /**
   * The mean to use (Keras' {@code mean=}, with {@link #variance(double...)}): one value broadcast to every
   * index, or one value per index of the last kept axis.
   */
  public Normalization mean(double... mean) {
    checkConfigurable("mean");
    return setStatistics(mean, inputVariance, mean.length == 1);
  }

  /** The variance to use with {@link #mean(double...)}, of the same length. */
  public Normalization variance(double... variance) {
    checkConfigurable("variance");
    return setStatistics(inputMean, variance, variance.length == 1);
  }

  private Normalization setStatistics(double[] mean, double[] variance, boolean scalar) {
    if (mean != null && variance != null && mean.length != variance.length) {
      throw new IllegalArgumentException(where() + ": when setting values directly, 'mean' and 'variance' must "
          + "have the same shape; got " + mean.length + " and " + variance.length + " values");
    }
    if (variance != null) {
      for (double v : variance) {
        if (!(v >= 0)) {
          throw new IllegalArgumentException(where() + ": 'variance' values must be >= 0, got "
              + Arrays.toString(variance));
        }
      }
    }
    this.inputMean = mean == null ? null : mean.clone();
    this.inputVariance = variance == null ? null : variance.clone();
    this.inputIsScalar = scalar;
    return this;
  }

  /** Whether to apply the inverse transformation (de-normalize); {@code false} by default. */
  public Normalization invert(boolean invert) {
    checkConfigurable("invert");
    this.invert = invert;
    return this;
  }

  /** Keras' {@code axis=None}: one scalar mean and variance over all elements. */
  public Normalization axisNone() {
    return axis(new int[0]);
  }

  public int[] axis() {
    return axis.clone();
  }

  public boolean invert() {
    return invert;
  }

  /** Whether mean and variance were given as arguments (then the layer has no weights). */
  public boolean hasGivenStatistics() {
    return inputMean != null;
  }

  /**
   * Computes the mean and (biased) variance of {@code data} per index of the kept axes, over all other axes
   * (Keras' {@code adapt} on an array): an ndarray or Java array of rank ≥ 1 whose first axis is the batch. Call
   * it before the model first runs ({@code fit}, {@code evaluate}, {@code predict}): the runtime takes the
   * weights' values when it is made.
   */
  public Normalization adapt(Object data) {
    if (hasGivenStatistics()) {
      throw new IllegalStateException(where() + ": adapt() cannot be used on a layer built with given 'mean' and "
          + "'variance'");
    }
    FloatNdArray a = DataArrays.toFloats("Normalization.adapt data", data);
    Shape shape = a.shape();
    int rank = shape.numDimensions();
    int[] keep = keepAxes(rank, shape);
    long[] keepDims = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      keepDims[i] = shape.get(keep[i]);
    }
    if (isBuilt()) {
      Shape built = buildInputShapes().get(0);
      int[] builtKeep = keepAxes(built.numDimensions(), built);
      boolean ok = builtKeep.length == keep.length;
      for (int i = 0; ok && i < keep.length; i++) {
        ok = built.get(builtKeep[i]) == keepDims[i];
      }
      if (!ok) {
        throw error("the layer was built with input shape " + Shapes.format(built)
            + ", but adapt() is being called with data with an incompatible shape, data.shape="
            + Shapes.format(shape));
      }
    }
    long total = shape.size();
    if (total == 0) {
      throw error("adapt() needs at least one example, got data of shape " + Shapes.format(shape));
    }
    float[] flat = new float[Math.toIntExact(total)];
    a.copyTo(DataBuffers.of(flat, false, false));
    int groups = 1;
    for (long d : keepDims) {
      groups = Math.toIntExact(groups * d);
    }
    // Row-major strides of the data, and of the kept axes' index space.
    long[] dims = shape.asArray();
    long[] strides = new long[rank];
    long s = 1;
    for (int d = rank - 1; d >= 0; d--) {
      strides[d] = s;
      s *= dims[d];
    }
    int[] group = new int[flat.length];
    for (int i = 0; i < flat.length; i++) {
      long g = 0;
      for (int k = 0; k < keep.length; k++) {
        long idx = (i / strides[keep[k]]) % dims[keep[k]];
        g = g * keepDims[k] + idx;
      }
      group[i] = (int) g;
    }
    // Two passes in double: the mean, then the mean squared deviation (numpy's var).
    double[] sum = new double[groups];
    for (int i = 0; i < flat.length; i++) {
      sum[group[i]] += flat[i];
    }
    long perGroup = total / groups;
    double[] mean = new double[groups];
    for (int g = 0; g < groups; g++) {
      mean[g] = sum[g] / perGroup;
    }
    double[] sq = new double[groups];
    for (int i = 0; i < flat.length; i++) {
      double dlt = flat[i] - mean[group[i]];
      sq[group[i]] += dlt * dlt;
    }
    adaptedMean = new float[groups];
    adaptedVariance = new float[groups];
    for (int g = 0; g < groups; g++) {
      adaptedMean[g] = (float) mean[g];
      adaptedVariance[g] = (float) (sq[g] / perGroup);
    }
    adaptedKeepDims = keepDims;
    adaptedCount = perGroup;
    return this;
  }

  /** Whether {@link #adapt} has run. */
  public boolean isAdapted() {
    return adaptedMean != null;
  }

  /** The adapted mean over the kept axes (row-major), empty before {@link #adapt}. */
  public float[] adaptedMean() {
    return adaptedMean == null ? new float[0] : adaptedMean.clone();
  }

  /** The adapted variance over the kept axes (row-major), empty before {@link #adapt}. */
  public float[] adaptedVariance() {
    return adaptedVariance == null ? new float[0] : adaptedVariance.clone();
  }

  /** The kept axes as sorted non-negative indices, checked against {@code shape} (known sizes). */
  public int[] keepAxes(int rank, Shape shape) {
    int[] keep = new int[axis.length];
    for (int i = 0; i < axis.length; i++) {
      int a = axis[i] < 0 ? axis[i] + rank : axis[i];
      if (a < 0 || a >= rank) {
        throw error("all 'axis' values must be in the range [-ndim, ndim); received inputs with ndim=" + rank
            + " (shape " + Shapes.format(shape) + "), while axis=" + Arrays.toString(axis));
      }
      if (shape.get(a) == Shape.UNKNOWN_SIZE) {
        throw error("all 'axis' values to be kept must have a known shape; received axis="
            + Arrays.toString(axis) + ", inputs.shape=" + Shapes.format(shape) + ", with unknown axis at index " + a);
      }
      keep[i] = a;
    }
    Arrays.sort(keep);
    return keep;
  }

  /**
   * The statistics broadcast over the kept axes (row-major over {@code keepDims}): given values (a scalar,
   * or aligned with the last kept axis as Keras' right-to-left broadcasting does) or the adapted ones.
   *
   * @return {mean, variance}
   */
  public float[][] statistics(long[] keepDims) {
    int n = 1;
    for (long d : keepDims) {
      n = Math.toIntExact(n * d);
    }
    if (!hasGivenStatistics()) {
      if (adaptedMean == null) {
        float[] zeros = new float[n];
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        return new float[][] {zeros, ones};
      }
      return new float[][] {adaptedMean.clone(), adaptedVariance.clone()};
    }
    float[] m = new float[n];
    float[] v = new float[n];
    int len = inputMean.length;
    for (int i = 0; i < n; i++) {
      int j = len == 1 ? 0 : i % len;
      m[i] = (float) inputMean[j];
      v[i] = (float) inputVariance[j];
    }
    return new float[][] {m, v};
  }

  @Override
  public Shape computeOutputShape(Shape in) {
    if ((inputMean == null) != (inputVariance == null)) {
      throw error("when setting values directly, both 'mean' and 'variance' must be set; received mean="
          + Arrays.toString(inputMean) + " and variance=" + Arrays.toString(inputVariance));
    }
    int rank = in.numDimensions();
    int[] keep = keepAxes(rank, in);
    if (hasGivenStatistics() && inputMean.length > 1) {
      long last = keep.length == 0 ? -1 : in.get(keep[keep.length - 1]);
      if (last != inputMean.length) {
        throw error("'mean' and 'variance' have " + inputMean.length + " values, which cannot be broadcast to the"
            + " kept axes " + Arrays.toString(axis) + " of input shape " + Shapes.format(in));
      }
    }
    if (!hasGivenStatistics() && adaptedKeepDims != null) {
      boolean ok = adaptedKeepDims.length == keep.length;
      for (int i = 0; ok && i < keep.length; i++) {
        ok = adaptedKeepDims[i] == in.get(keep[i]);
      }
      if (!ok) {
        throw error("adapt() saw data whose kept axes have sizes " + Arrays.toString(adaptedKeepDims)
            + ", but the layer is applied to an input of shape " + Shapes.format(in));
      }
    }
    if (isBuilt()) {
      Shape built = buildInputShapes().get(0);
      int[] bk = keepAxes(built.numDimensions(), built);
      boolean ok = built.numDimensions() == rank;
      for (int i = 0; ok && i < keep.length; i++) {
        ok = built.get(bk[i]) == in.get(keep[i]);
      }
      if (!ok) {
        throw error("expected an input like " + Shapes.format(built) + " (the shape it was built for), got "
            + Shapes.format(in));
      }
    }
    return in;
  }

  @Override
  protected void build(Shape in) {
    if (hasGivenStatistics()) {
      return;   // Keras keeps given statistics as constants, not weights
    }
    int[] keep = keepAxes(in.numDimensions(), in);
    long[] dims = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      dims[i] = in.get(keep[i]);
    }
    Shape shape = Shape.of(dims);
    addWeight("mean", shape, DType.FLOAT32, new Adapted(this, 0), false);
    addWeight("variance", shape, DType.FLOAT32, new Adapted(this, 1), false);
    addWeight("count", Shape.scalar(), DType.INT64, new Adapted(this, 2), false);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    List<Integer> axes = new ArrayList<>();
    for (int a : axis) {
      axes.add(a);
    }
    c.put("axis", axes);
    c.put("invert", invert);
    c.put("mean", jsonValue(inputMean));
    c.put("variance", jsonValue(inputVariance));
    return c;
  }

  private Object jsonValue(double[] v) {
    if (v == null) {
      return null;
    }
    if (inputIsScalar && v.length == 1) {
      return v[0];
    }
    List<Double> l = new ArrayList<>();
    for (double x : v) {
      l.add(x);
    }
    return l;
  }

  /**
   * The initial values of the adapted weights: what {@link #adapt} learned (zeros, ones and 0 before), read
   * when the runtime creates the variables.
   */
  private static final class Adapted implements Initializer {
    private final Normalization layer;
    private final int which;

    Adapted(Normalization layer, int which) {
      this.layer = layer;
      this.which = which;
    }

    @Override
    public float[] generate(Shape shape, RandomGenerator random) {
      if (which == 2) {
        return new float[] {layer.adaptedCount};
      }
      return layer.statistics(shape.asArray())[which];
    }

    @Override
    public String className() {
      return which == 0 ? "Zeros" : which == 1 ? "Ones" : "Zeros";
    }

    @Override
    public Map<String, Object> getConfig() {
      return new LinkedHashMap<>();
    }
  }
}
