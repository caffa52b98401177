package io.jkeras.util;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keras' automatic names: the first layer of a kind takes its snake_case class name ({@code conv2d}),
 * the next ones a numeric suffix ({@code conv2d_1}, {@code conv2d_2}, ...). Counters are process-wide as
 * in Keras; {@link io.jkeras.Keras#clearSession()} resets them.
 */
public final class Naming {
  private static final Map<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();

  private Naming() {}

  /** The next unique name for {@code prefix}: {@code prefix}, then {@code prefix_1}, ... */
  public static String uniqueName(String prefix) {
    int n = COUNTERS.computeIfAbsent(prefix, k -> new AtomicInteger()).getAndIncrement();
    return n == 0 ? prefix : prefix + "_" + n;
  }

  /**
   * Gives back {@code name}, taken by {@link #uniqueName}{@code (prefix)}, when it was the last one taken for
   * that prefix, so that the next {@code uniqueName(prefix)} returns it again; otherwise does nothing. Layers
   * named right after construction ({@code new Dense(3).name("out")}) use it to number as Keras does.
   */
  public static void release(String prefix, String name) {
    int n;
    if (name.equals(prefix)) {
      n = 0;
    } else if (name.startsWith(prefix + "_")) {
      try {
        n = Integer.parseInt(name.substring(prefix.length() + 1));
      } catch (NumberFormatException e) {
        return;
      }
    } else {
      return;
    }
    AtomicInteger counter = COUNTERS.get(prefix);
    if (counter != null) {
      counter.compareAndSet(n + 1, n);
    }
  }

  /** Forgets every counter. */
  public static void reset() {
    COUNTERS.clear();
  }

  /**
   * Keras' {@code to_snake_case}: {@code Conv2D -> conv2d}, {@code MaxPooling2D -> max_pooling2d},
   * {@code BatchNormalization -> batch_normalization}, {@code GlobalAveragePooling2D ->
   * global_average_pooling2d}.
   */
  public static String toSnakeCase(String className) {
    // Same two regular expressions as keras.src.utils.naming.to_snake_case.
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    s = s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    if (s.charAt(0) != '_') {
      return s;
    }
    return "private" + s;
  }
}
