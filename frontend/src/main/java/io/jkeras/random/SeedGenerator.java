package io.jkeras.random;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed of random ops that should draw afresh at every step yet repeat from run to run (Keras' {@code
 * keras.random.SeedGenerator}): a layer keeps one and passes it to every random op in its {@code call}. Each op
 * using it gets its own stream; the runtime keys the draws by the generator's seed, the op and the training
 * step, so two runs with the same seeds draw the same numbers.
 *
 * <pre>{@code
 * private final SeedGenerator seeds = new SeedGenerator(1337);
 * public SymbolicTensor call(SymbolicTensor zMean) {
 *   return Random.normal(zMean, 0, 1, seeds);    // noise of zMean's shape, new at every step
 * }
 * }</pre>
 */
public final class SeedGenerator {
  private static final AtomicLong UNSEEDED = new AtomicLong(System.nanoTime());
  private final long seed;

  /** A generator with a fixed seed. */
  public SeedGenerator(long seed) {
    this.seed = seed;
  }

  /** A generator seeded from the clock (runs differ), as Keras' {@code SeedGenerator()}. */
  public SeedGenerator() {
    this(UNSEEDED.getAndAdd(0x9E3779B97F4A7C15L));
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  @Override
  public String toString() {
    return "SeedGenerator(" + seed + ")";
  }
}
