package io.jkeras;

import io.jkeras.util.Naming;

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
}
