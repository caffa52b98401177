package io.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named {@link LossFunction} used as a {@link Loss} ({@link Loss#of}); the runtime traces the function and
 * lowers its ops. A model compiled with it saves the name; register the loss ({@link Losses#register}) before
 * loading so that the name finds the function again.
 */
public final class FunctionLoss implements Loss {
  private final String name;
  private final LossFunction function;

  FunctionLoss(String name, LossFunction function) {
    this.name = Objects.requireNonNull(name, "name");
    this.function = Objects.requireNonNull(function, "function");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("A custom loss needs a non-empty name");
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** The function. */
  public LossFunction function() {
    return function;
  }

  /** Keras' class name of a plain function. */
  @Override
  public String className() {
    return "function";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    return c;
  }

  @Override
  public String toString() {
    return "<loss " + name + " (written in ops)>";
  }
}
