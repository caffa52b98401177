package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * Zooms images in or out at random during training (Keras' {@code RandomZoom(height_factor,
 * width_factor=None, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0)}): a factor
 * {@code f} zooms by {@code 1 + u}, {@code u} drawn per image from {@code [-|f|, |f|]} (or the pair given);
 * positive values zoom out. Without a width factor the aspect ratio is kept. Inference passes the images
 * through.
 *
 * <pre>{@code
 * var x = new RandomZoom(0.1).apply(images);
 * }</pre>
 */
public final class RandomZoom extends BaseAffineLayer<RandomZoom> {
  private final Object heightArg;
  private final Object widthArg;
  private final double[] height;
  private final double[] width;

  /** The same random zoom for both axes, {@code heightFactor} in (-1, 1]. */
  public RandomZoom(double heightFactor) {
    this((Object) heightFactor, null);
  }

  /** Independent zooms of the two axes. */
  public RandomZoom(double heightFactor, double widthFactor) {
    this((Object) heightFactor, (Object) widthFactor);
  }

  /** Zoom ranges {@code (lower, upper)} for each axis; {@code widthRange} may be null (keeps the aspect). */
  public RandomZoom(double[] heightRange, double[] widthRange) {
    this((Object) heightRange.clone(), widthRange == null ? null : (Object) widthRange.clone());
  }

  private RandomZoom(Object heightArg, Object widthArg) {
    this.heightArg = heightArg;
    this.widthArg = widthArg;
    this.height = rangeFactor(heightArg, "RandomZoom", "height_factor", true);
    this.width = widthArg == null ? null : rangeFactor(widthArg, "RandomZoom", "width_factor", true);
  }

  /** Rebuilds the layer from Keras' config. */
  public static RandomZoom fromConfig(Map<String, ?> config) {
    RandomZoom z = new RandomZoom(configFactor(config.get("height_factor")), configFactor(config.get("width_factor")));
    z.applyAffineConfig(config);
    return z;
  }

  @Override
  protected SymbolicTensor transforms(SymbolicTensor images, long h, long w) {
    SymbolicTensor zy = uniformPerImage(images, 1.0 + height[0], 1.0 + height[1], false);
    SymbolicTensor zx = width == null ? zy : uniformPerImage(images, 1.0 + width[0], 1.0 + width[1], false);
    // Keras' _get_zoom_matrix: (w - 1) / 2 * (1 - zx) and (h - 1) / 2 * (1 - zy)
    SymbolicTensor xOffset = Ops.multiply(Ops.subtract(1.0, zx), (w - 1.0) / 2.0);
    SymbolicTensor yOffset = Ops.multiply(Ops.subtract(1.0, zy), (h - 1.0) / 2.0);
    SymbolicTensor zero = Ops.zerosLike(zx);
    return matrix(zx, zero, xOffset, zero, zy, yOffset, zero, zero);
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
