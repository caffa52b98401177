package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * Rotates images by a random angle during training (Keras' {@code RandomRotation(factor,
 * fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0)}): the angle is drawn per image
 * from {@code [lower, upper] * 360} degrees, counter-clockwise for positive values, about the image centre.
 * Inference passes the images through.
 *
 * <pre>{@code
 * var x = new RandomRotation(0.1).seed(7).apply(images);   // up to +-36 degrees
 * }</pre>
 */
public final class RandomRotation extends BaseAffineLayer<RandomRotation> {
  private final double[] factor;

  /** Angles in {@code [-|factor|, |factor|] * 360} degrees; {@code factor} in [-1, 1]. */
  public RandomRotation(double factor) {
    this.factor = factor(factor, -1, 1, "RandomRotation");
  }

  /** Angles in {@code [lower, upper] * 360} degrees. */
  public RandomRotation(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, -1, 1, "RandomRotation");
  }

  /** Rebuilds the layer from Keras' config. */
  public static RandomRotation fromConfig(Map<String, ?> config) {
    Object f = config.get("factor");
    RandomRotation r = f instanceof Number n ? new RandomRotation(n.doubleValue()) : fromPair(f);
    r.applyAffineConfig(config);
    return r;
  }

  private static RandomRotation fromPair(Object f) {
    double[] p = pair(f, "RandomRotation config: 'factor' must be a number or a list of two numbers, got " + f);
    return new RandomRotation(p[0], p[1]);
  }

  /** The range of turns, {@code (lower, upper)} (times 360 degrees). */
  public double[] factor() {
    return factor.clone();
  }

  @Override
  protected SymbolicTensor transforms(SymbolicTensor images, long height, long width) {
    SymbolicTensor angle = uniformPerImage(images, factor[0] * 360.0, factor[1] * 360.0, false);
    // Keras' _compute_affine_matrix with centre (0.5, 0.5), no translation, shear or scaling
    SymbolicTensor rad = Ops.multiply(angle, (double) (float) (Math.PI / 180.0));
    SymbolicTensor cos = Ops.cos(rad);
    SymbolicTensor sin = Ops.sin(rad);
    double cx = 0.5 * (width - 1);
    double cy = 0.5 * (height - 1);
    SymbolicTensor a0 = cos;
    SymbolicTensor a1 = Ops.negative(sin);
    SymbolicTensor a2 = Ops.subtract(Ops.subtract(Ops.fullLike(angle, cx), Ops.multiply(a0, cx)),
        Ops.multiply(a1, cy));
    SymbolicTensor b0 = sin;
    SymbolicTensor b1 = cos;
    SymbolicTensor b2 = Ops.subtract(Ops.subtract(Ops.fullLike(angle, cy), Ops.multiply(b0, cx)),
        Ops.multiply(b1, cy));
    SymbolicTensor zero = Ops.zerosLike(angle);
    return matrix(a0, a1, a2, b0, b1, b2, zero, zero);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("factor", list(factor));
    c.put("fill_mode", fillMode());
    c.put("fill_value", fillValue());
    c.put("interpolation", interpolation());
    c.put("seed", seed().orElse(null));
    return c;
  }
}
