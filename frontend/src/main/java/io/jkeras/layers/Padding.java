package io.jkeras.layers;

import java.util.Locale;

/**
 * Convolution and pooling padding, Keras' {@code "valid"} and {@code "same"}, and {@code "causal"} for {@link
 * Conv1D} only.
 */
public enum Padding {
  /** No padding: the window stays inside the input. */
  VALID,
  /** Zero padding so that the output has {@code ceil(input / stride)} positions. */
  SAME,
  /**
   * {@link Conv1D} only: {@code dilation_rate * (kernel_size - 1)} zeros on the left, so that output {@code t}
   * sees inputs up to {@code t} only; {@code ceil(input / stride)} positions, as {@code "same"}.
   */
  CAUSAL;

  public String kerasName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code "valid"} / {@code "same"}, naming the layer in the error. */
  public static Padding of(String name, String where) {
    if (name != null) {
      for (Padding p : new Padding[] {VALID, SAME}) {
        if (p.kerasName().equalsIgnoreCase(name)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        where + ": argument 'padding' must be 'valid' or 'same', got '" + name + "'");
  }

  /** Parses {@code "valid"} / {@code "same"} / {@code "causal"} (Keras allows causal for Conv1D only). */
  public static Padding ofCausalAllowed(String name, String where) {
    if (name != null && CAUSAL.kerasName().equalsIgnoreCase(name)) {
      return CAUSAL;
    }
    if (name != null && (VALID.kerasName().equalsIgnoreCase(name) || SAME.kerasName().equalsIgnoreCase(name))) {
      return of(name, where);
    }
    throw new IllegalArgumentException(
        where + ": argument 'padding' must be 'valid', 'same' or 'causal', got '" + name + "'");
  }
}
