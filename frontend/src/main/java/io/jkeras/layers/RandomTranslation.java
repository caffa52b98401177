package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * Shifts images at random during training (Keras' {@code RandomTranslation(height_factor, width_factor,
 * fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0)}): each image moves by a fraction of
 * its height and width drawn from {@code [-|f|, |f|]} (or the pair given). Inference passes the images through.
 *
 * <pre>{@code
 * var x = new RandomTranslation(0.1, 0.1).apply(images);   // up to 10 % in each direction
 * }</pre>
 */
public final class RandomTranslation extends BaseAffineLayer<RandomTranslation> {
  private final Object heightArg;
  private final Object widthArg;
  private final double[] height;
  private final double[] width;

  /** Shifts of up to {@code |heightFactor|} of the height and {@code |widthFactor|} of the width. */
  public RandomTranslation(double heightFactor, double widthFactor) {
    this((Object) heightFactor, (Object) widthFactor);
  }

  /** Shift ranges {@code (lower, upper)}, as fractions of the height and the width. */
  public RandomTranslation(double[] heightRange, double[] widthRange) {
    this((Object) heightRange.clone(), (Object) widthRange.clone());
  }

  private RandomTranslation(Object heightArg, Object widthArg) {
    if (heightArg == null || widthArg == null) {
      throw new IllegalArgumentException("RandomTranslation: height_factor and width_factor are required");
    }
    this.heightArg = heightArg;
    this.widthArg = widthArg;
    this.height = rangeFactor(heightArg, "RandomTranslation", "height_factor", false);
    this.width = rangeFactor(widthArg, "RandomTranslation", "width_factor", false);
  }

  /** Rebuilds the layer from Keras' config. */
  public static RandomTranslation fromConfig(Map<String, ?> config) {
    RandomTranslation t = new RandomTranslation(configFactor(config.get("height_factor")),
        configFactor(config.get("width_factor")));
    t.applyAffineConfig(config);
    return t;
  }

  @Override
  protected SymbolicTensor transforms(SymbolicTensor images, long h, long w) {
    SymbolicTensor ty = Ops.multiply(uniformPerImage(images, height[0], height[1], false), (double) h);
    SymbolicTensor tx = Ops.multiply(uniformPerImage(images, width[0], width[1], false), (double) w);
    SymbolicTensor one = Ops.fullLike(tx, 1.0);
    SymbolicTensor zero = Ops.zerosLike(tx);
    return matrix(one, zero, Ops.negative(tx), zero, one, Ops.negative(ty), zero, zero);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("height_factor", factorValue(heightArg));
    c.put("width_factor", factorValue(widthArg));
    putAffineConfig(c);
    return c;
  }
}
