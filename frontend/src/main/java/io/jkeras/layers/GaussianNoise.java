package io.jkeras.layers;

import java.util.Map;

/**
 * Adds zero-centred Gaussian noise of standard deviation {@code stddev} during training; the identity at
 * inference (Keras' {@code GaussianNoise(stddev, seed=None)}). No weights.
 *
 * <pre>{@code
 * var y = new GaussianNoise(0.1).apply(x);
 * }</pre>
 */
public final class GaussianNoise extends BaseGaussianNoise<GaussianNoise> {
  /** @param stddev the noise's standard deviation, in [0, 1] as Keras requires */
  public GaussianNoise(double stddev) {
    super("stddev", checkStddev(stddev));
  }

  private static double checkStddev(double stddev) {
    if (!(stddev >= 0 && stddev <= 1)) {
      throw new IllegalArgumentException("GaussianNoise: invalid value for argument 'stddev'. Expected a float"
          + " value between 0 and 1, got " + stddev);
    }
    return stddev;
  }

  /** Rebuilds the layer from Keras' config. */
  public static GaussianNoise fromConfig(Map<String, ?> config) {
    return configure(new GaussianNoise(configNumber(config, "stddev", "GaussianNoise")), config);
  }

  public double stddev() {
    return value();
  }
}
