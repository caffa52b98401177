package io.jkeras.layers;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Layers by Keras class name, for rebuilding models from JSON. User layers register here to take part in
 * {@code Model.fromJson}.
 *
 * <pre>{@code
 * LayerRegistry.register("MyLayer", MyLayer::fromConfig);
 * }</pre>
 */
public final class LayerRegistry {
  private static final Map<String, Function<Map<String, ?>, ? extends Layer>> FACTORIES =
      new ConcurrentHashMap<>();

  static {
    register("InputLayer", InputLayer::fromConfig);
    register("Dense", Dense::fromConfig);
    register("Conv2D", Conv2D::fromConfig);
    register("MaxPooling2D", MaxPooling2D::fromConfig);
    register("Flatten", Flatten::fromConfig);
    register("Concatenate", Concatenate::fromConfig);
    register("AveragePooling2D", AveragePooling2D::fromConfig);
    register("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
    register("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
    register("Reshape", Reshape::fromConfig);
    register("Add", Add::fromConfig);
    register("Activation", Activation::fromConfig);
    register("Dropout", Dropout::fromConfig);
    register("BatchNormalization", BatchNormalization::fromConfig);
    // recurrent block
    register("Embedding", Embedding::fromConfig);
    // attention and normalization
    register("LayerNormalization", LayerNormalization::fromConfig);
    register("Normalization", Normalization::fromConfig);
    register("MultiHeadAttention", MultiHeadAttention::fromConfig);
  }

  private LayerRegistry() {}

  /** Makes {@code className} known to {@link #fromConfig}. */
  public static void register(String className, Function<Map<String, ?>, ? extends Layer> factory) {
    FACTORIES.put(className, factory);
  }

  /** A new layer from Keras' class name and config; the error lists the class names known. */
  public static Layer fromConfig(String className, Map<String, ?> config) {
    Function<Map<String, ?>, ? extends Layer> f = FACTORIES.get(className);
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown layer class '" + className + "'; known: " + knownClassNames()
              + ". Register custom layers with LayerRegistry.register.");
    }
    return f.apply(config);
  }

  public static Set<String> knownClassNames() {
    return new TreeSet<>(FACTORIES.keySet());
  }
}
