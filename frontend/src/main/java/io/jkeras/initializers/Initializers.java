package io.jkeras.initializers;

import java.util.Map;

/**
 * Initializers by Keras name ({@code "glorot_uniform"}, {@code "zeros"}, ...) and from Keras' config.
 *
 * <pre>{@code
 * Initializer init = Initializers.get("he_normal");
 * }</pre>
 */
public final class Initializers {
  private Initializers() {}

  /** The initializer for a Keras name; the error names {@code name} and lists the known names. */
  public static Initializer get(String name) {
    return switch (name) {
      case "zeros", "Zeros" -> new Zeros();
      case "ones", "Ones" -> new Ones();
      case "glorot_uniform", "GlorotUniform" -> new GlorotUniform();
      default -> throw new IllegalArgumentException(
          "Unknown initializer '" + name + "'; known: [glorot_uniform, zeros, ones]");
    };
  }

  /** Rebuilds an initializer from Keras' serialized form: a name or {@code {class_name, config}}. */
  public static Initializer fromConfig(Object serialized) {
    if (serialized instanceof String s) {
      return get(s);
    }
    if (serialized instanceof Map<?, ?> m) {
      return get((String) m.get("class_name"));
    }
    throw new IllegalArgumentException("Cannot read an initializer from " + serialized);
  }
}
