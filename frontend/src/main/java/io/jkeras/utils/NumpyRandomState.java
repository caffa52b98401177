package io.jkeras.utils;

import java.util.List;

/**
 * NumPy's legacy {@code np.random.RandomState(seed).shuffle(x)} (MT19937 seeded by {@code init_genrand}, NumPy's
 * {@code random_interval} rejection sampling), so that the loaders order and split files as Keras does for the
 * same seed: {@code index_directory} shuffles the file list this way before {@code validation_split} cuts it.
 */
final class NumpyRandomState {
  private final int[] mt = new int[624];
  private int pos;

  NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, got " + seed);
    }
    mt[0] = (int) seed;
    for (int i = 1; i < 624; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    pos = 624;
  }

  private int next32() {
    if (pos >= 624) {
      for (int k = 0; k < 624; k++) {
        int y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
      }
      pos = 0;
    }
    int y = mt[pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  /** NumPy's {@code random_interval(max)}: uniform in {@code [0, max]} by masked rejection. */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    if (max > 0xffffffffL) {
      throw new IllegalArgumentException("lists longer than 2^32 are not supported");
    }
    long value;
    do {
      value = (next32() & 0xffffffffL) & mask;
    } while (value > max);
    return value;
  }

  /** Shuffles {@code x} in place as {@code RandomState.shuffle} does. */
  <T> void shuffle(List<T> x) {
    for (int i = x.size() - 1; i > 0; i--) {
      int j = (int) interval(i);
      T t = x.get(i);
      x.set(i, x.get(j));
      x.set(j, t);
    }
  }
}
