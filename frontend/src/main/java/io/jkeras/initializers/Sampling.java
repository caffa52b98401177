package io.jkeras.initializers;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/** Drawing the values of the random initializers. */
final class Sampling {
  private Sampling() {}

  /** The generator to use: a fresh one from the initializer's own seed (same values each call), else the given. */
  static RandomGenerator generator(Long seed, RandomGenerator given) {
    if (seed != null) {
      return new SplittableRandom(seed);
    }
    if (given == null) {
      throw new IllegalArgumentException("an unseeded initializer needs a random generator, got null");
    }
    return given;
  }

  static int size(Shape shape, String where) {
    if (shape.hasUnknownDimension()) {
      throw new IllegalArgumentException(where + ": cannot initialize a weight of unknown shape " + shape);
    }
    long n = shape.size();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(where + ": weight of shape " + shape + " is too large (" + n + " values)");
    }
    return (int) n;
  }

  static float[] uniform(int n, double min, double max, RandomGenerator r) {
    float[] v = new float[n];
    double width = max - min;
    for (int i = 0; i < n; i++) {
      v[i] = (float) (min + r.nextDouble() * width);
    }
    return v;
  }

  static float[] normal(int n, double mean, double stddev, RandomGenerator r) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (mean + stddev * r.nextGaussian());
    }
    return v;
  }

  /** Normal values, re-drawing those more than two standard deviations from the mean (as TF/Keras). */
  static float[] truncatedNormal(int n, double mean, double stddev, RandomGenerator r) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double z;
      do {
        z = r.nextGaussian();
      } while (Math.abs(z) > 2.0);
      v[i] = (float) (mean + stddev * z);
    }
    return v;
  }
}
