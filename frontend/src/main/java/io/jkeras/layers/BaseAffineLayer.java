package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.ImageOps;
import io.jkeras.ops.Ops;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The random layers that move pixels with one affine transform per image ({@link RandomRotation}, {@link
 * RandomZoom}, {@link RandomTranslation}): {@code fill_mode}, {@code interpolation} and {@code fill_value} as
 * Keras has them, the transform applied with {@link ImageOps#affineTransform} (TensorFlow's {@code
 * ImageProjectiveTransformV3}). That op has no gradient in TensorFlow's C++ registry: put these layers where
 * Keras users put them, before any layer with weights.
 *
 * @param <L> the concrete layer
 */
public abstract class BaseAffineLayer<L extends BaseAffineLayer<L>> extends BaseImagePreprocessingLayer<L> {
  private static final Set<String> FILL_MODES = Set.of("reflect", "wrap", "constant", "nearest");
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;

  protected BaseAffineLayer() {}

  /** How points outside the image are filled: {@code "reflect"} (default), {@code "wrap"}, {@code "constant"}, {@code "nearest"}. */
  public L fillMode(String mode) {
    checkConfigurable("fill_mode");
    if (!FILL_MODES.contains(mode)) {
      throw new IllegalArgumentException(className() + ": unknown fill_mode '" + mode + "'. Expected one of "
          + List.of("reflect", "wrap", "constant", "nearest") + ".");
    }
    this.fillMode = mode;
    return self();
  }

  /** {@code "bilinear"} (default) or {@code "nearest"}. */
  public L interpolation(String interpolation) {
    checkConfigurable("interpolation");
    if (!"bilinear".equals(interpolation) && !"nearest".equals(interpolation)) {
      throw new IllegalArgumentException(className() + ": unknown interpolation '" + interpolation
          + "'. Expected one of [nearest, bilinear].");
    }
    this.interpolation = interpolation;
    return self();
  }

  /** The value of points outside the image with {@code fill_mode="constant"}. */
  public L fillValue(double value) {
    checkConfigurable("fill_value");
    this.fillValue = value;
    return self();
  }

  public String fillMode() {
    return fillMode;
  }

  public String interpolation() {
    return interpolation;
  }

  public double fillValue() {
    return fillValue;
  }

  /** The transforms of a training step: {@code (batch, 8)}, float32. */
  protected abstract SymbolicTensor transforms(SymbolicTensor images, long height, long width);

  @Override
  public final SymbolicTensor call(SymbolicTensor x, boolean training) {
    SymbolicTensor in = images(x);
    long[] hw = spatialSize(in);
    if (!training) {
      return in;
    }
    return ImageOps.affineTransform(in, transforms(in, hw[0], hw[1]), interpolation, fillMode, fillValue);
  }

  /** Row-wise concatenation of {@code (batch, 1)} columns into a {@code (batch, 8)} transform. */
  protected static SymbolicTensor matrix(SymbolicTensor... columns) {
    return Ops.concatenate(List.of(columns), 1);
  }

  protected final void applyAffineConfig(Map<String, ?> config) {
    LayerConfigs.ifPresent(config, "fill_mode", v -> fillMode((String) v));
    LayerConfigs.ifPresent(config, "interpolation", v -> interpolation((String) v));
    LayerConfigs.ifPresent(config, "fill_value", v -> fillValue(((Number) v).doubleValue()));
    applyImageConfig(config);
  }

  /** {@code fill_mode}, {@code interpolation}, {@code seed}, {@code fill_value}: RandomZoom's and RandomTranslation's order. */
  protected final void putAffineConfig(Map<String, Object> c) {
    c.put("fill_mode", fillMode);
    c.put("interpolation", interpolation);
    c.put("seed", seed().orElse(null));
    c.put("fill_value", fillValue);
  }

  /**
   * A zoom or translation factor (Keras' {@code _set_factor} of those layers): a number {@code f} is {@code
   * (-|f|, |f|)}, a pair is sorted; each value must be in {@code [-1, 1]} ({@code (-1, 1]} when {@code
   * openBelow}).
   */
  static double[] rangeFactor(Object factor, String className, String argument, boolean openBelow) {
    String msg = className + ": the `" + argument + "` argument should be a number (or a list of two numbers) in"
        + " the range " + (openBelow ? "(-1.0, 1.0]" : "[-1.0, 1.0]") + ". Received: " + argument + "="
        + (factor instanceof double[] d ? java.util.Arrays.toString(d) : factor);
    double[] r;
    if (factor instanceof Number n) {
      double f = Math.abs(n.doubleValue());
      check(n.doubleValue(), openBelow, msg);
      r = new double[] {-f, f};
    } else {
      double[] p = pair(factor, msg);
      check(p[0], openBelow, msg);
      check(p[1], openBelow, msg);
      r = new double[] {Math.min(p[0], p[1]), Math.max(p[0], p[1])};
    }
    return r;
  }

  private static void check(double v, boolean openBelow, String msg) {
    if (v > 1.0 || (openBelow ? v <= -1.0 : v < -1.0) || Double.isNaN(v)) {
      throw new IllegalArgumentException(msg);
    }
  }

  /** A factor argument from a config: a number or a list of two. */
  static Object configFactor(Object v) {
    if (v instanceof Number || v == null) {
      return v == null ? null : ((Number) v).doubleValue();
    }
    return pair(v, "factor must be a number or a list of two numbers, got " + v);
  }
}
