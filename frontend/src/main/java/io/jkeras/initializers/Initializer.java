package io.jkeras.initializers;

import io.jkeras.saving.KerasSerializable;
import java.util.random.RandomGenerator;
import org.tensorflow.ndarray.Shape;

/**
 * How a weight gets its first values. Values are drawn in Java from a seeded generator, so that the same seed
 * gives the same weights whatever runtime trains the model.
 *
 * <pre>{@code
 * new Dense(64).kernelInitializer(new HeNormal(42));
 * new Dense(64).kernelInitializer("he_normal");
 * }</pre>
 */
public interface Initializer extends KerasSerializable {
  /**
   * Values for a weight of {@code shape}, in row-major order.
   *
   * @param random the generator to draw from when the initializer has no seed of its own
   */
  float[] generate(Shape shape, RandomGenerator random);
}
