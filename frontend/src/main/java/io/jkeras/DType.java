package io.jkeras;

import java.util.Locale;

/**
 * Element types of symbolic tensors, with Keras' names ({@code "float32"}, {@code "int32"}, ...).
 *
 * <pre>{@code
 * var ids = Input.builder(20).dtype(DType.INT32).build();
 * }</pre>
 */
public enum DType {
  FLOAT16,
  BFLOAT16,
  FLOAT32,
  FLOAT64,
  INT8,
  UINT8,
  INT32,
  INT64,
  BOOL,
  STRING;

  /** Keras' name of this type, e.g. {@code "float32"}. */
  public String kerasName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is a floating-point type (gradients flow through it). */
  public boolean isFloating() {
    return this == FLOAT16 || this == BFLOAT16 || this == FLOAT32 || this == FLOAT64;
  }

  /** Bytes per element, as used for the parameter sizes printed by {@code summary()}. */
  public int byteSize() {
    return switch (this) {
      case FLOAT16, BFLOAT16 -> 2;
      case FLOAT32, INT32 -> 4;
      case FLOAT64, INT64 -> 8;
      case INT8, UINT8, BOOL -> 1;
      case STRING -> 0;
    };
  }

  /**
   * This type as Keras 3 writes a layer's {@code dtype} in its config: a serialized {@code DTypePolicy},
   * {@code {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name":
   * null}}.
   */
  public java.util.Map<String, Object> toPolicyConfig() {
    java.util.Map<String, Object> policy = new java.util.LinkedHashMap<>();
    policy.put("module", "keras");
    policy.put("class_name", "DTypePolicy");
    policy.put("config", java.util.Map.of("name", kerasName()));
    policy.put("registered_name", null);
    return policy;
  }

  /**
   * Reads a layer config's {@code dtype}: a plain name ({@code "float32"}, as Keras 2 and InputLayer write it)
   * or a serialized {@code DTypePolicy} (Keras 3). Mixed policies ({@code "mixed_bfloat16"}) are refused with
   * a message that says so, as jkeras keeps per-layer dtypes plain.
   */
  public static DType fromConfigValue(Object value) {
    if (value instanceof String s) {
      return of(s);
    }
    if (value instanceof java.util.Map<?, ?> m && m.get("config") instanceof java.util.Map<?, ?> c
        && c.get("name") instanceof String name) {
      if (name.startsWith("mixed_")) {
        throw new IllegalArgumentException("dtype policy '" + name + "' is not supported per layer; jkeras "
            + "layers take a plain dtype (mixed precision is a runtime option)");
      }
      return of(name);
    }
    throw new IllegalArgumentException("Cannot read dtype " + value
        + "; expected a name such as \"float32\" or a serialized DTypePolicy");
  }

  /** Parses Keras' name ({@code "float32"}); the error lists the names that are known. */
  public static DType of(String kerasName) {
    for (DType t : values()) {
      if (t.kerasName().equals(kerasName)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "Unknown dtype '" + kerasName + "'; expected one of " + java.util.Arrays.toString(names()));
  }

  private static String[] names() {
    DType[] v = values();
    String[] n = new String[v.length];
    for (int i = 0; i < v.length; i++) {
      n[i] = v[i].kerasName();
    }
    return n;
  }
}
