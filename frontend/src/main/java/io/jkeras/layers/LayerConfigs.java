package io.jkeras.layers;

import io.jkeras.constraints.Constraint;
import io.jkeras.constraints.Constraints;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.regularizers.Regularizers;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reading layer arguments back from Keras' config maps (as parsed from JSON). */
public final class LayerConfigs {
  private LayerConfigs() {}

  /** Runs {@code action} with the value of {@code key} if the config has a non-null one. */
  public static void ifPresent(Map<String, ?> config, String key, Consumer<Object> action) {
    Object v = config.get(key);
    if (v != null) {
      action.accept(v);
    }
  }

  /** A required integer argument. */
  public static int intArg(Map<String, ?> config, String key, String className) {
    Object v = config.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(className + " config needs integer '" + key + "', got " + v);
    }
    return n.intValue();
  }

  /** An int pair argument given as a list of two numbers or one number ({@code kernel_size}, {@code strides}). */
  public static int[] intPair(Object v, String key, String className) {
    if (v instanceof Number n) {
      return new int[] {n.intValue(), n.intValue()};
    }
    if (v instanceof List<?> l && l.size() == 2) {
      return new int[] {((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue()};
    }
    throw new IllegalArgumentException(className + " config: '" + key + "' must be an int or a pair, got " + v);
  }

  /** jkeras supports the channels_last layout only; anything else is rejected, naming the layer. */
  public static void checkChannelsLast(Object dataFormat, String className) {
    if (!"channels_last".equals(dataFormat)) {
      throw new IllegalArgumentException(
          className + ": only data_format='channels_last' is supported, got '" + dataFormat + "'");
    }
  }

  /**
   * The initializer for a Keras name, for a layer's {@code xxx_initializer(String)} setter: an unknown name is
   * an error naming the layer, the argument and the name.
   */
  public static Initializer initializer(Layer layer, String argument, String name) {
    try {
      return Initializers.get(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Layer '" + layer.nameForMessages() + "' (" + layer.className()
          + "): argument '" + argument + "': " + e.getMessage(), e);
    }
  }

  /**
   * A regularizer from its serialized form: {@code null}, a name ({@code "l2"}), a {@code {class_name,
   * config}} map or a {@link Regularizer} (as {@code getConfig()} holds it).
   */
  public static Regularizer regularizer(Object serialized) {
    return Regularizers.fromConfig(serialized);
  }

  /**
   * A constraint from its serialized form: {@code null}, a name ({@code "non_neg"}), a {@code {class_name,
   * config}} map or a {@link Constraint}.
   */
  public static Constraint constraint(Object serialized) {
    return Constraints.fromConfig(serialized);
  }

  /**
   * A layer from its serialized form ({@code {class_name, config}}, as a wrapper's {@code layer} key holds it)
   * or a {@link Layer}, returned as is.
   */
  public static Layer layer(Object serialized, String where) {
    if (serialized instanceof Layer l) {
      return l;
    }
    if (serialized instanceof Map<?, ?> m && m.get("class_name") instanceof String cls
        && m.get("config") instanceof Map<?, ?> config) {
      @SuppressWarnings("unchecked")
      Map<String, ?> c = (Map<String, ?>) config;
      return LayerRegistry.fromConfig(cls, c);
    }
    throw new IllegalArgumentException(where + ": expected a serialized layer {class_name, config}, got "
        + serialized);
  }
}
