package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;
import java.util.Set;

/**
 * Flips images at random during training (Keras' {@code RandomFlip(mode="horizontal_and_vertical",
 * seed=None)}): each image is flipped with probability 1/2; with {@code "horizontal_and_vertical"} one draw
 * decides both flips, as in Keras. Inference passes the images through.
 *
 * <pre>{@code
 * var x = new RandomFlip("horizontal").seed(7).apply(images);
 * }</pre>
 */
public final class RandomFlip extends BaseImagePreprocessingLayer<RandomFlip> {
  /** Keras' modes. */
  public static final String HORIZONTAL = "horizontal";
  public static final String VERTICAL = "vertical";
  public static final String HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical";

  private final String mode;

  /** Flips horizontally and vertically, Keras' default. */
  public RandomFlip() {
    this(HORIZONTAL_AND_VERTICAL);
  }

  /** {@code "horizontal"}, {@code "vertical"} or {@code "horizontal_and_vertical"}. */
  public RandomFlip(String mode) {
    if (!Set.of(HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL).contains(mode)) {
      throw new IllegalArgumentException("RandomFlip: mode must be 'horizontal', 'vertical' or "
          + "'horizontal_and_vertical', got '" + mode + "'");
    }
    this.mode = mode;
  }

  /** Rebuilds the layer from Keras' config. */
  public static RandomFlip fromConfig(Map<String, ?> config) {
    Object m = config.get("mode");
    RandomFlip f = new RandomFlip(m == null ? HORIZONTAL_AND_VERTICAL : (String) m);
    f.applyImageConfig(config);
    return f;
  }

  public String mode() {
    return mode;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x, boolean training) {
    SymbolicTensor in = images(x);
    if (!training) {
      return in;
    }
    // u <= 0.5, as Keras
    SymbolicTensor flips = Ops.logicalNot(Ops.greater(uniformPerImage(in, 0, 1, true), 0.5));
    SymbolicTensor out = in;
    if (!VERTICAL.equals(mode)) {
      out = Ops.where(flips, Ops.flip(out, 2), out);
    }
    if (!HORIZONTAL.equals(mode)) {
      out = Ops.where(flips, Ops.flip(out, 1), out);
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("seed", seed().orElse(null));
    c.put("mode", mode);
    return c;
  }
}
