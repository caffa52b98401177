package io.jkeras.initializers;

import io.jkeras.util.ConfigObject;
import io.jkeras.util.ConfigValues;
import io.jkeras.util.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * A (semi-)orthogonal matrix times {@code gain} (Keras' {@code Orthogonal(gain=1.0, seed=None)}). The weight is
 * seen as a matrix {@code (product of all but the last dimension, last dimension)}; the matrix has orthonormal
 * columns when it has at least as many rows as columns, orthonormal rows otherwise. As in Keras, it is the Q of
 * the QR decomposition of a standard normal matrix, with columns signed so that R has a positive diagonal.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new Orthogonal(1.0, 42L));
 * }</pre>
 */
public final class Orthogonal extends ConfigObject implements Initializer {
  private final double gain;
  private final Long seed;

  public Orthogonal() {
    this(1.0, null);
  }

  public Orthogonal(double gain) {
    this(gain, null);
  }

  /** @param seed the initializer's own seed, or {@code null} */
  public Orthogonal(double gain, Long seed) {
    if (!Double.isFinite(gain)) {
      throw new IllegalArgumentException("Orthogonal: argument 'gain' must be finite, got " + gain);
    }
    this.gain = gain;
    this.seed = seed;
  }

  public static Orthogonal fromConfig(Map<String, ?> config) {
    return new Orthogonal(
        ConfigValues.doubleArg(config, "gain", 1.0, "Orthogonal"), ConfigValues.seed(config, "Orthogonal"));
  }

  public double gain() {
    return gain;
  }

  public Long seed() {
    return seed;
  }

  @Override
  public float[] generate(Shape shape, RandomGenerator random) {
    if (shape.numDimensions() < 2) {
      throw new IllegalArgumentException("Orthogonal: the weight to initialize must be at least two-dimensional,"
          + " got shape " + Shapes.format(shape) + " of rank " + shape.numDimensions());
    }
    int size = Sampling.size(shape, "Orthogonal");
    int cols = (int) shape.get(shape.numDimensions() - 1);
    int rows = size / cols;
    int m = Math.max(rows, cols);
    int n = Math.min(rows, cols);
    RandomGenerator r = Sampling.generator(seed, random);
    // a[j][i]: column j of the m x n normal matrix, kept column-major for Gram-Schmidt.
    double[][] q = new double[n][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        q[j][i] = r.nextGaussian();
      }
    }
    // Modified Gram-Schmidt: the Q of A = QR with R's diagonal (the norms) positive, which is what Keras
    // gets after multiplying Q by sign(diag(R)).
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < j; k++) {
        double dot = 0;
        for (int i = 0; i < m; i++) {
          dot += q[k][i] * q[j][i];
        }
        for (int i = 0; i < m; i++) {
          q[j][i] -= dot * q[k][i];
        }
      }
      double norm = 0;
      for (int i = 0; i < m; i++) {
        norm += q[j][i] * q[j][i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) {
        q[j][i] /= norm;
      }
    }
    float[] out = new float[size];
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        // Q is m x n; with fewer rows than columns the weight is Q transposed.
        double v = rows >= cols ? q[col][row] : q[row][col];
        out[row * cols + col] = (float) (gain * v);
      }
    }
    return out;
  }

  @Override
  public String className() {
    return "Orthogonal";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("seed", seed);
    c.put("gain", gain);
    return c;
  }
}
