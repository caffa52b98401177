package io.jkeras;

import io.jkeras.util.Naming;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Process-wide switches, as in {@code keras.backend} / {@code keras.utils}.
 *
 * <pre>{@code
 * Keras.clearSession(); // the next Dense is named "dense" again
 * }</pre>
 */
public final class Keras {
  private Keras() {}

  /** Resets automatic layer and model names, as {@code keras.backend.clear_session()} does. */
  public static void clearSession() {
    Naming.reset();
  }

  private static Long randomSeed;
  private static Random seedSource = new Random();

  /**
   * Seeds everything random in jkeras, as {@code keras.utils.set_random_seed(seed)}: the runtime's seed (weight
   * initialization, dropout) of models that do not set one in their {@code RuntimeOptions}, and the shuffling
   * of {@code fit}. Two programs that call it with the same seed shuffle alike.
   *
   * <pre>{@code
   * Keras.setRandomSeed(42);
   * }</pre>
   */
  public static synchronized void setRandomSeed(long seed) {
    randomSeed = seed;
    seedSource = new Random(seed);
  }

  /** The seed given to {@link #setRandomSeed}, if any. */
  public static synchronized OptionalLong randomSeed() {
    return randomSeed == null ? OptionalLong.empty() : OptionalLong.of(randomSeed);
  }

  /**
   * The next seed from the process-wide generator (seeded by {@link #setRandomSeed}, random otherwise); the
   * training loop seeds each fit's shuffling with it, as Keras draws from its global generator.
   */
  public static synchronized long nextSeed() {
    return seedSource.nextLong();
  }
}
