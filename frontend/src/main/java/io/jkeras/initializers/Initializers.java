package io.jkeras.initializers;

import com.google.common.collect.ImmutableMap;
import io.jkeras.util.ConfigValues;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Initializers by Keras name ({@code "glorot_uniform"}, {@code "GlorotUniform"}, ...) and from Keras' config.
 *
 * <pre>{@code
 * Initializer a = Initializers.get("he_normal");
 * Initializer b = Initializers.fromConfig(Map.of("class_name", "RandomNormal",
 *     "config", Map.of("mean", 0.0, "stddev", 0.1, "seed", 7)));
 * }</pre>
 */
public final class Initializers {
  /** Class name -> factory from the inner config. */
  private static final Map<String, Function<Map<String, ?>, Initializer>> BY_CLASS =
      ImmutableMap.<String, Function<Map<String, ?>, Initializer>>builder()
          .put("Zeros", c -> new Zeros())
          .put("Ones", c -> new Ones())
          .put("Constant", Constant::fromConfig)
          .put("RandomNormal", RandomNormal::fromConfig)
          .put("RandomUniform", RandomUniform::fromConfig)
          .put("TruncatedNormal", TruncatedNormal::fromConfig)
          .put("VarianceScaling", VarianceScaling::fromConfig)
          .put("GlorotUniform", GlorotUniform::fromConfig)
          .put("GlorotNormal", GlorotNormal::fromConfig)
          .put("HeNormal", HeNormal::fromConfig)
          .put("HeUniform", HeUniform::fromConfig)
          .put("LecunNormal", LecunNormal::fromConfig)
          .put("LecunUniform", LecunUniform::fromConfig)
          .put("Orthogonal", Orthogonal::fromConfig)
          .put("Identity", Identity::fromConfig)
          .build();

  /** Keras' snake_case names and aliases -> class name. */
  private static final Map<String, String> BY_NAME =
      ImmutableMap.<String, String>builder()
          .put("zeros", "Zeros")
          .put("zero", "Zeros")
          .put("ones", "Ones")
          .put("one", "Ones")
          .put("constant", "Constant")
          .put("random_normal", "RandomNormal")
          .put("normal", "RandomNormal")
          .put("random_uniform", "RandomUniform")
          .put("uniform", "RandomUniform")
          .put("truncated_normal", "TruncatedNormal")
          .put("variance_scaling", "VarianceScaling")
          .put("glorot_uniform", "GlorotUniform")
          .put("glorot_normal", "GlorotNormal")
          .put("he_normal", "HeNormal")
          .put("he_uniform", "HeUniform")
          .put("lecun_normal", "LecunNormal")
          .put("lecun_uniform", "LecunUniform")
          .put("orthogonal", "Orthogonal")
          .put("OrthogonalInitializer", "Orthogonal")
          .put("identity", "Identity")
          .put("IdentityInitializer", "Identity")
          .build();

  private Initializers() {}

  /**
   * A new initializer with Keras' defaults for a snake_case name ({@code "he_normal"}) or class name ({@code
   * "HeNormal"}); the error names {@code name} and lists the known names.
   */
  public static Initializer get(String name) {
    return create(name, Map.of());
  }

  /**
   * An initializer from Keras' serialized form: a name, a {@code {"class_name": ..., "config": {...}}} map
   * (config values honoured; Keras' {@code module}/{@code registered_name} keys ignored) or an initializer,
   * returned as is.
   */
  public static Initializer fromConfig(Object serialized) {
    if (serialized instanceof Initializer i) {
      return i;
    }
    if (serialized instanceof String s) {
      return get(s);
    }
    if (serialized instanceof Map<?, ?> m) {
      Object cls = m.get("class_name");
      if (!(cls instanceof String name)) {
        throw new IllegalArgumentException("Initializer config needs a string 'class_name', got " + serialized);
      }
      return create(name, ConfigValues.innerConfig(m, "Initializer '" + name + "'"));
    }
    throw new IllegalArgumentException(
        "Cannot read an initializer from " + serialized + "; give a name such as 'glorot_uniform' or a"
            + " {class_name, config} map");
  }

  /** Every name {@link #get} accepts. */
  public static Set<String> knownNames() {
    Set<String> out = new TreeSet<>(BY_NAME.keySet());
    out.addAll(BY_CLASS.keySet());
    return out;
  }

  private static Initializer create(String name, Map<String, ?> config) {
    if (name == null) {
      throw new IllegalArgumentException("Initializer name is null; known: " + knownNames());
    }
    Function<Map<String, ?>, Initializer> f = BY_CLASS.get(BY_NAME.getOrDefault(name, name));
    if (f == null) {
      throw new IllegalArgumentException("Unknown initializer '" + name + "'; known: " + knownNames());
    }
    return f.apply(config);
  }
}
