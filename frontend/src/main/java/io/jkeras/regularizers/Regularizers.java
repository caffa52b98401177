package io.jkeras.regularizers;

import com.google.common.collect.ImmutableMap;
import io.jkeras.util.ConfigValues;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Regularizers by Keras name ({@code "l2"}, {@code "L1L2"}, ...) and from Keras' config.
 *
 * <pre>{@code
 * Regularizer r = Regularizers.get("l2");                    // L2(0.01)
 * Regularizer s = Regularizers.fromConfig(Map.of("class_name", "L2", "config", Map.of("l2", 1e-4)));
 * }</pre>
 */
public final class Regularizers {
  private static final Map<String, Function<Map<String, ?>, Regularizer>> BY_CLASS =
      ImmutableMap.<String, Function<Map<String, ?>, Regularizer>>builder()
          .put("L1", L1::fromConfig)
          .put("L2", L2::fromConfig)
          .put("L1L2", L1L2::fromConfig)
          .build();

  private static final Map<String, String> BY_NAME =
      ImmutableMap.of("l1", "L1", "l2", "L2", "l1_l2", "L1L2", "l1l2", "L1L2");

  private Regularizers() {}

  /** A regularizer with Keras' defaults for a name ({@code "l2"}) or class name ({@code "L2"}). */
  public static Regularizer get(String name) {
    return create(name, Map.of());
  }

  /**
   * A regularizer from Keras' serialized form: {@code null} (none), a name, a {@code {class_name, config}} map,
   * or a regularizer, returned as is.
   */
  public static Regularizer fromConfig(Object serialized) {
    if (serialized == null || serialized instanceof Regularizer) {
      return (Regularizer) serialized;
    }
    if (serialized instanceof String s) {
      return get(s);
    }
    if (serialized instanceof Map<?, ?> m) {
      Object cls = m.get("class_name");
      if (!(cls instanceof String name)) {
        throw new IllegalArgumentException("Regularizer config needs a string 'class_name', got " + serialized);
      }
      return create(name, ConfigValues.innerConfig(m, "Regularizer '" + name + "'"));
    }
    throw new IllegalArgumentException("Cannot read a regularizer from " + serialized);
  }

  public static Set<String> knownNames() {
    Set<String> out = new TreeSet<>(BY_NAME.keySet());
    out.addAll(BY_CLASS.keySet());
    return out;
  }

  private static Regularizer create(String name, Map<String, ?> config) {
    Function<Map<String, ?>, Regularizer> f = name == null ? null : BY_CLASS.get(BY_NAME.getOrDefault(name, name));
    if (f == null) {
      throw new IllegalArgumentException("Unknown regularizer '" + name + "'; known: " + knownNames());
    }
    return f.apply(config);
  }
}
