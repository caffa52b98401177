package io.jkeras.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** What Keras' {@code keras.metrics.Metric} holds for every metric: its name (the key in logs) and dtype. */
public abstract class BaseMetric implements Metric {
  private String name;

  protected BaseMetric(String defaultName) {
    this.name = defaultName;
  }

  @Override
  public String name() {
    return name;
  }

  /** Renames the metric (Keras' {@code name=} argument); the name is the key in logs and History. */
  public BaseMetric name(String newName) {
    if (newName == null || newName.isBlank()) {
      throw new IllegalArgumentException(className() + ": name must not be blank, got '" + newName + "'");
    }
    this.name = newName;
    return this;
  }

  @Override
  public String className() {
    return getClass().getSimpleName();
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("dtype", "float32");
    return c;
  }

  @Override
  public String toString() {
    return className() + getConfig();
  }
}
