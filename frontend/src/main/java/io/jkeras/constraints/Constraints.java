package io.jkeras.constraints;

import com.google.common.collect.ImmutableMap;
import io.jkeras.util.ConfigValues;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Constraints by Keras name ({@code "max_norm"}, {@code "NonNeg"}, ...) and from Keras' config.
 *
 * <pre>{@code
 * Constraint c = Constraints.get("non_neg");
 * Constraint d = Constraints.fromConfig(Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 3.0)));
 * }</pre>
 */
public final class Constraints {
  private static final Map<String, Function<Map<String, ?>, Constraint>> BY_CLASS =
      ImmutableMap.<String, Function<Map<String, ?>, Constraint>>builder()
          .put("MaxNorm", MaxNorm::fromConfig)
          .put("MinMaxNorm", MinMaxNorm::fromConfig)
          .put("NonNeg", c -> new NonNeg())
          .put("UnitNorm", UnitNorm::fromConfig)
          .build();

  private static final Map<String, String> BY_NAME =
      ImmutableMap.of("max_norm", "MaxNorm", "min_max_norm", "MinMaxNorm", "non_neg", "NonNeg",
          "unit_norm", "UnitNorm");

  private Constraints() {}

  /** A constraint with Keras' defaults for a name ({@code "max_norm"}) or class name ({@code "MaxNorm"}). */
  public static Constraint get(String name) {
    return create(name, Map.of());
  }

  /**
   * A constraint from Keras' serialized form: {@code null} (none), a name, a {@code {class_name, config}} map,
   * or a constraint, returned as is.
   */
  public static Constraint fromConfig(Object serialized) {
    if (serialized == null || serialized instanceof Constraint) {
      return (Constraint) serialized;
    }
    if (serialized instanceof String s) {
      return get(s);
    }
    if (serialized instanceof Map<?, ?> m) {
      Object cls = m.get("class_name");
      if (!(cls instanceof String name)) {
        throw new IllegalArgumentException("Constraint config needs a string 'class_name', got " + serialized);
      }
      return create(name, ConfigValues.innerConfig(m, "Constraint '" + name + "'"));
    }
    throw new IllegalArgumentException("Cannot read a constraint from " + serialized);
  }

  public static Set<String> knownNames() {
    Set<String> out = new TreeSet<>(BY_NAME.keySet());
    out.addAll(BY_CLASS.keySet());
    return out;
  }

  private static Constraint create(String name, Map<String, ?> config) {
    Function<Map<String, ?>, Constraint> f = name == null ? null : BY_CLASS.get(BY_NAME.getOrDefault(name, name));
    if (f == null) {
      throw new IllegalArgumentException("Unknown constraint '" + name + "'; known: " + knownNames());
    }
    return f.apply(config);
  }
}
