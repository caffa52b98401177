package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * Adds a random brightness offset to each image during training (Keras' {@code RandomBrightness(factor,
 * value_range=(0, 255), seed=None)}): the offset is drawn per image from {@code [lower, upper]} times the width
 * of {@code value_range} ({@code f} gives {@code [-|f|, |f|]}), and the result is clipped to {@code
 * value_range}. Inference passes the images through.
 *
 * <pre>{@code
 * var x = new RandomBrightness(0.2).valueRange(0, 1).apply(images);   // offsets in [-0.2, 0.2]
 * }</pre>
 */
public final class RandomBrightness extends BaseImagePreprocessingLayer<RandomBrightness> {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  /** Offsets of up to {@code |factor|} of the value range, {@code factor} in [-1, 1]. */
  public RandomBrightness(double factor) {
    this.factor = factor(factor, -1, 1, "RandomBrightness");
  }

  /** Offsets in {@code [lower, upper]} times the value range. */
  public RandomBrightness(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, -1, 1, "RandomBrightness");
  }

  /** Rebuilds the layer from Keras' config. */
  public static RandomBrightness fromConfig(Map<String, ?> config) {
    Object f = config.get("factor");
    RandomBrightness r;
    if (f instanceof Number n) {
      r = new RandomBrightness(n.doubleValue());
    } else {
      double[] p = pair(f, "RandomBrightness config: 'factor' must be a number or a list of two numbers, got " + f);
      r = new RandomBrightness(p[0], p[1]);
    }
    LayerConfigs.ifPresent(config, "value_range", v -> {
      double[] p = pair(v, "RandomBrightness: the `value_range` argument should be a list of two numbers. "
          + "Received: value_range=" + v);
      r.valueRange(p[0], p[1]);
    });
    r.applyImageConfig(config);
    return r;
  }

  /** The range of pixel values, {@code (0, 255)} by default; sorted, as Keras does. */
  public RandomBrightness valueRange(double low, double high) {
    checkConfigurable("value_range");
    this.valueRange = new double[] {Math.min(low, high), Math.max(low, high)};
    return this;
  }

  public double[] factor() {
    return factor.clone();
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x, boolean training) {
    SymbolicTensor in = images(x);
    if (!training) {
      return in;
    }
    SymbolicTensor delta = Ops.multiply(uniformPerImage(in, factor[0], factor[1], true),
        valueRange[1] - valueRange[0]);
    return Ops.clip(Ops.add(in, delta), valueRange[0], valueRange[1]);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("factor", list(factor));
    c.put("value_range", list(valueRange));
    c.put("seed", seed().orElse(null));
    return c;
  }
}
