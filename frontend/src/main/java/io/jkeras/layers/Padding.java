package io.jkeras.layers;

import java.util.Locale;

/** Convolution and pooling padding, Keras' {@code "valid"} and {@code "same"}. */
public enum Padding {
  /** No padding: the window stays inside the input. */
  VALID,
  /** Zero padding so that the output has {@code ceil(input / stride)} positions. */
  SAME;

  public String kerasName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code "valid"} / {@code "same"}, naming the layer in the error. */
  public static Padding of(String name, String where) {
    if (name != null) {
      for (Padding p : values()) {
        if (p.kerasName().equalsIgnoreCase(name)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        where + ": argument 'padding' must be 'valid' or 'same', got '" + name + "'");
  }
}
