package io.jkeras.layers;

import java.util.Map;

/**
 * Multiplies the input by 1-centred Gaussian noise of standard deviation {@code sqrt(rate / (1 - rate))} during
 * training; the identity at inference (Keras' {@code GaussianDropout(rate, seed=None)}). No weights.
 *
 * <pre>{@code
 * var y = new GaussianDropout(0.2).apply(x);    // noise stddev 0.5
 * }</pre>
 */
public final class GaussianDropout extends BaseGaussianNoise<GaussianDropout> {
  /** @param rate the drop probability it imitates, in [0, 1) (1 would make the noise infinite) */
  public GaussianDropout(double rate) {
    super("rate", checkRate(rate));
  }

  private static double checkRate(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("GaussianDropout: invalid value for argument 'rate'. Expected a float"
          + " value in [0, 1) (the noise's stddev is sqrt(rate / (1 - rate))), got " + rate);
    }
    return rate;
  }

  /** Rebuilds the layer from Keras' config. */
  public static GaussianDropout fromConfig(Map<String, ?> config) {
    return configure(new GaussianDropout(configNumber(config, "rate", "GaussianDropout")), config);
  }

  public double rate() {
    return value();
  }

  /** The noise's standard deviation, {@code sqrt(rate / (1 - rate))}. */
  public double stddev() {
    return Math.sqrt(rate() / (1 - rate()));
  }
}
