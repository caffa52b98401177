package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * Changes the contrast of each image at random during training (Keras' {@code RandomContrast(factor,
 * value_range=(0, 255), seed=None)}): {@code (x - mean) * c + mean} per image and channel, {@code mean} over
 * height and width, {@code c} drawn from {@code [1 - lower, 1 + upper]}, then clipped to {@code value_range}.
 * As in Keras 3.15.1, a number {@code f} gives the range {@code (0, f)}, so {@code c} is in {@code [1, 1 + f]}.
 * Inference passes the images through.
 *
 * <pre>{@code
 * var x = new RandomContrast(0.2).valueRange(0, 1).apply(images);
 * }</pre>
 */
public final class RandomContrast extends BaseImagePreprocessingLayer<RandomContrast> {
  private final double[] factor;
  private double[] valueRange = {0, 255};

  /** A factor in [0, 1]. */
  public RandomContrast(double factor) {
    this.factor = factor(factor, 0, 1, "RandomContrast");
  }

  /** The range {@code (lower, upper)}: contrast factors in {@code [1 - lower, 1 + upper]}. */
  public RandomContrast(double lower, double upper) {
    this.factor = factor(new double[] {lower, upper}, 0, 1, "RandomContrast");
  }

  /** Rebuilds the layer from Keras' config. */
  public static RandomContrast fromConfig(Map<String, ?> config) {
    Object f = config.get("factor");
    RandomContrast r;
    if (f instanceof Number n) {
      r = new RandomContrast(n.doubleValue());
    } else {
      double[] p = pair(f, "RandomContrast config: 'factor' must be a number or a list of two numbers, got " + f);
      r = new RandomContrast(p[0], p[1]);
    }
    LayerConfigs.ifPresent(config, "value_range", v -> {
      double[] p = pair(v, "RandomContrast config: 'value_range' must be a list of two numbers, got " + v);
      r.valueRange(p[0], p[1]);
    });
    r.applyImageConfig(config);
    return r;
  }

  /** The range pixel values are clipped to, {@code (0, 255)} by default. */
  public RandomContrast valueRange(double low, double high) {
    checkConfigurable("value_range");
    this.valueRange = new double[] {low, high};
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
    SymbolicTensor c = uniformPerImage(in, 1.0 - factor[0], 1.0 + factor[1], true);
    SymbolicTensor mean = Ops.mean(Ops.mean(in, true, 1), true, 2);
    SymbolicTensor out = Ops.add(Ops.multiply(Ops.subtract(in, mean), c), mean);
    return Ops.clip(out, valueRange[0], valueRange[1]);
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
