package io.jkeras.activations;

import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * The activation functions layers accept by Keras name ({@code activation="relu"}). The model language keeps
 * the name; the runtime computes the function. {@code null} means {@code linear}, as in Keras.
 *
 * <pre>{@code
 * new Dense(64).activation("gelu");
 * new Activation("swish").apply(x);
 * }</pre>
 */
public final class Activations {
  /** Keras' names; {@code silu} and {@code swish} are the same function, Keras serializes it as silu. */
  public static final Set<String> NAMES =
      ImmutableSet.of(
          "linear", "relu", "relu6", "softmax", "log_softmax", "sigmoid", "tanh", "elu", "selu", "gelu",
          "softplus", "softsign", "swish", "silu", "leaky_relu", "hard_sigmoid", "hard_silu",
          "hard_swish", "exponential", "mish");

  private Activations() {}

  /**
   * The canonical Keras name for {@code name} ({@code null} → {@code linear}, {@code swish} → {@code silu},
   * {@code hard_swish} → {@code hard_silu}); {@link IllegalArgumentException} naming {@code where} and the
   * known names otherwise.
   */
  public static String canonical(String name, String where) {
    if (name == null) {
      return "linear";
    }
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          where + ": unknown activation '" + name + "'; known: " + NAMES);
    }
    return switch (name) {
      case "swish" -> "silu";
      case "hard_swish" -> "hard_silu";
      default -> name;
    };
  }
}
