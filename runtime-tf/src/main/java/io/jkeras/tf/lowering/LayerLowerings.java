package io.jkeras.tf.lowering;

import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GlobalPooling2D;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Reshape;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of layer lowerings, by layer class. A layer is lowered by the lowering registered for its own
 * class or, failing that, for its nearest superclass. Users add their own layers with {@link #register}.
 *
 * <pre>{@code
 * LayerLowerings.register(MyLayer.class, new MyLayerLowering());
 * }</pre>
 *
 * <p>Built in: Dense, Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D,
 * Flatten, Reshape, Concatenate, Add, Activation, Dropout, BatchNormalization. {@code InputLayer} and models
 * used as layers are handled by the graph walker itself.
 */
public final class LayerLowerings {
  private static final Map<Class<?>, LayerLowering<?>> REGISTRY = new ConcurrentHashMap<>();

  static {
    register(Dense.class, new DenseLowering());
    register(Conv2D.class, new Conv2DLowering());
    register(MaxPooling2D.class, new MaxPooling2DLowering());
    register(Flatten.class, new FlattenLowering());
    register(Concatenate.class, new ConcatenateLowering());
    register(AveragePooling2D.class, new AveragePooling2DLowering());
    registerGlobalPooling();
    register(Reshape.class, new ReshapeLowering());
    register(Add.class, new AddLowering());
    register(Activation.class, new ActivationLayerLowering());
    register(Dropout.class, new DropoutLowering());
    register(BatchNormalization.class, new BatchNormalizationLowering());
    // recurrent block (Embedding, Masking, SimpleRNN/LSTM/GRU, Bidirectional, TimeDistributed)
    register(io.jkeras.layers.Embedding.class, new EmbeddingLowering());
    // attention and normalization
    register(io.jkeras.layers.LayerNormalization.class, new LayerNormalizationLowering());
    register(io.jkeras.layers.Normalization.class, new NormalizationLowering());
    register(io.jkeras.layers.MultiHeadAttention.class, new MultiHeadAttentionLowering());
  }

  private static void registerGlobalPooling() {
    // Both global poolings share one lowering, found through their common superclass.
    REGISTRY.put(GlobalPooling2D.class, new GlobalPooling2DLowering());
  }

  private LayerLowerings() {}

  /** Registers (or replaces) the lowering of a layer class and its subclasses without their own. */
  public static <L extends Layer> void register(Class<L> layerClass, LayerLowering<? super L> lowering) {
    REGISTRY.put(Objects.requireNonNull(layerClass, "layerClass"), Objects.requireNonNull(lowering, "lowering"));
  }

  /** The lowering for this layer's class or nearest registered superclass. */
  @SuppressWarnings("unchecked")
  public static <L extends Layer> Optional<LayerLowering<L>> find(L layer) {
    for (Class<?> c = layer.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      LayerLowering<?> l = REGISTRY.get(c);
      if (l != null) {
        return Optional.of((LayerLowering<L>) l);
      }
    }
    return Optional.empty();
  }
}
