package io.jkeras.saving;

import java.util.Map;

/**
 * Something with a Keras class name and a config map, written to JSON as {@code {"class_name": ...,
 * "config": {...}}} and rebuilt from it.
 */
public interface KerasSerializable {
  /** Keras' class name, e.g. {@code "GlorotUniform"}, {@code "L2"}, {@code "Conv2D"}. */
  String className();

  /** Keras' config: argument names in snake_case, values as JSON-compatible Java objects. */
  Map<String, Object> getConfig();
}
