package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.Ops;
import io.jkeras.random.Random;
import io.jkeras.random.SeedGenerator;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Keras' image preprocessing layers share ({@code BaseImagePreprocessingLayer}): channels-last images
 * {@code (batch, height, width, channels)}, the {@code factor} rules, the {@code seed}, and random values drawn
 * once per image. The random layers change images in training only and pass them through (cast to float32) in
 * inference, exports included. Written in {@link io.jkeras.ops.Ops} and {@link io.jkeras.ops.ImageOps}.
 *
 * <p>Seeds: a layer with a {@code seed} draws from its own {@link SeedGenerator} (new values at every training
 * step, the same from run to run); without one it draws from the runtime's seed ({@code
 * RuntimeOptions.seed}), so runs repeat too. The numbers differ from Python Keras' for the same seed: Keras' TF
 * backend keys its stateless random ops with a seed variable it updates itself, which is not reproduced.
 *
 * @param <L> the concrete layer
 */
public abstract class BaseImagePreprocessingLayer<L extends BaseImagePreprocessingLayer<L>> extends BaseLayer<L> {
  private Long seed;
  private SeedGenerator generator;

  protected BaseImagePreprocessingLayer() {}

  /** A seed for the random draws, for reproducible augmentation (Keras' {@code seed=}). */
  public L seed(long seed) {
    checkConfigurable("seed");
    this.seed = seed;
    this.generator = new SeedGenerator(seed);
    return self();
  }

  /** The seed, if one was set. */
  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  /** What the random ops take: the layer's generator, or {@code null} for the runtime's seed. */
  protected final Object seedArgument() {
    return generator;
  }

  /** Applies the base keys and {@code seed}, and checks {@code data_format}, of a Keras config. */
  protected final void applyImageConfig(Map<String, ?> config) {
    applyBaseConfig(config);
    LayerConfigs.ifPresent(config, "data_format", f -> LayerConfigs.checkChannelsLast(f, className()));
    LayerConfigs.ifPresent(config, "seed", v -> seed(((Number) v).longValue()));
  }

  /** The base config and {@code data_format}, where Keras' {@code BaseImagePreprocessingLayer} writes it. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", "channels_last");
    return c;
  }

  /** Checks for a batch of channels-last images and casts it to the layer's (float) dtype. */
  protected final SymbolicTensor images(SymbolicTensor x) {
    if (x.rank() != 4) {
      throw error("expects images of rank 4 (batch, height, width, channels), got shape " + Shapes.format(x.shape()));
    }
    return x.dtype() == dtype() ? x : Ops.cast(x, dtype());
  }

  /** The static height and width, which the transform matrices need. */
  protected final long[] spatialSize(SymbolicTensor x) {
    long h = x.shape().get(1);
    long w = x.shape().get(2);
    if (h < 0 || w < 0) {
      throw error("needs images of known height and width, got shape " + Shapes.format(x.shape())
          + "; put a Resizing layer first or give Input the image size");
    }
    return new long[] {h, w};
  }

  /**
   * Uniform values in {@code [min, max)}, one per image, of shape {@code (batch, 1)} (or {@code (batch, 1, 1,
   * 1)} with {@code forPixels}); a constant when {@code min == max}, as Keras draws a constant then.
   */
  protected final SymbolicTensor uniformPerImage(SymbolicTensor images, double min, double max, boolean forPixels) {
    SymbolicTensor one = Ops.slice(images, new long[] {0, 0, 0, 0}, new long[] {-1, 1, 1, 1});
    SymbolicTensor like = forPixels ? one : Ops.reshape(one, -1, 1);
    if (like.dtype() != DType.FLOAT32) {
      like = Ops.cast(like, DType.FLOAT32);
    }
    return min == max ? Ops.fullLike(like, min) : Random.uniform(like, min, max, seedArgument());
  }

  /**
   * Keras' {@code _set_factor}: a number {@code f} gives {@code (max(-|f|, low), |f|)}, a pair is sorted; both
   * must lie within {@code [low, high]}.
   */
  static double[] factor(Object factor, double low, double high, String className) {
    String msg = className + ": the `factor` argument should be a number (or a list of two numbers) in the range ["
        + fmt(low) + ", " + fmt(high) + "]. Received: factor=" + factor;
    if (factor instanceof Number n) {
      double f = n.doubleValue();
      if (!(f >= low && f <= high)) {
        throw new IllegalArgumentException(msg);
      }
      f = Math.abs(f);
      return new double[] {Math.max(-f, low), f};
    }
    double[] pair = pair(factor, msg);
    if (pair[0] > high || pair[1] < low) {
      throw new IllegalArgumentException(msg);
    }
    return new double[] {Math.min(pair[0], pair[1]), Math.max(pair[0], pair[1])};
  }

  /** A pair of numbers from a {@code double[]} or a config list. */
  static double[] pair(Object v, String msg) {
    if (v instanceof double[] d && d.length == 2) {
      return d.clone();
    }
    if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
      return new double[] {a.doubleValue(), b.doubleValue()};
    }
    throw new IllegalArgumentException(msg);
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  static List<Double> list(double[] v) {
    return List.of(v[0], v[1]);
  }

  /** Factor arguments as given: a number or a list of two. */
  static Object factorValue(Object v) {
    return v instanceof double[] d ? list(d) : v;
  }
}
