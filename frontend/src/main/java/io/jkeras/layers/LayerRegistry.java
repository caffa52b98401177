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
    // merging, reshaping, regularization, activation and preprocessing layers (issue 9)
    register("Multiply", Multiply::fromConfig);
    register("Subtract", Subtract::fromConfig);
    register("Average", Average::fromConfig);
    register("Maximum", Maximum::fromConfig);
    register("Minimum", Minimum::fromConfig);
    register("Dot", Dot::fromConfig);
    register("Permute", Permute::fromConfig);
    register("RepeatVector", RepeatVector::fromConfig);
    register("SpatialDropout1D", SpatialDropout1D::fromConfig);
    register("SpatialDropout2D", SpatialDropout2D::fromConfig);
    register("GaussianNoise", GaussianNoise::fromConfig);
    register("GaussianDropout", GaussianDropout::fromConfig);
    register("ReLU", ReLU::fromConfig);
    register("LeakyReLU", LeakyReLU::fromConfig);
    register("PReLU", PReLU::fromConfig);
    register("ELU", ELU::fromConfig);
    register("Softmax", Softmax::fromConfig);
    register("Rescaling", Rescaling::fromConfig);
    // convolution, pooling and resizing (issue 9)
    register("Conv1D", Conv1D::fromConfig);
    register("Conv3D", Conv3D::fromConfig);
    register("Conv2DTranspose", Conv2DTranspose::fromConfig);
    register("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
    register("SeparableConv2D", SeparableConv2D::fromConfig);
    register("MaxPooling1D", MaxPooling1D::fromConfig);
    register("AveragePooling1D", AveragePooling1D::fromConfig);
    register("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
    register("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
    register("UpSampling2D", UpSampling2D::fromConfig);
    register("ZeroPadding2D", ZeroPadding2D::fromConfig);
    register("Cropping2D", Cropping2D::fromConfig);
    register("Cropping1D", Cropping1D::fromConfig);
    // recurrent block
    register("Embedding", Embedding::fromConfig);
    register("Masking", Masking::fromConfig);
    register("SimpleRNN", SimpleRNN::fromConfig);
    register("LSTM", LSTM::fromConfig);
    register("GRU", GRU::fromConfig);
    register("Bidirectional", Bidirectional::fromConfig);
    register("TimeDistributed", TimeDistributed::fromConfig);
    // attention and normalization
    register("LayerNormalization", LayerNormalization::fromConfig);
    register("Normalization", Normalization::fromConfig);
    register("MultiHeadAttention", MultiHeadAttention::fromConfig);
    register("Lambda", Lambda::fromConfig);
    // written in ops (issue 13)
    register("UpSampling1D", UpSampling1D::fromConfig);
    register("UpSampling3D", UpSampling3D::fromConfig);
    register("MaxPooling3D", MaxPooling3D::fromConfig);
    register("AveragePooling3D", AveragePooling3D::fromConfig);
    register("GlobalAveragePooling3D", GlobalAveragePooling3D::fromConfig);
    register("GlobalMaxPooling3D", GlobalMaxPooling3D::fromConfig);
    register("GroupNormalization", GroupNormalization::fromConfig);
    // preprocessing layers (issue 16)
    register("Resizing", Resizing::fromConfig);
    register("CenterCrop", CenterCrop::fromConfig);
    register("RandomFlip", RandomFlip::fromConfig);
    register("RandomRotation", RandomRotation::fromConfig);
    register("RandomZoom", RandomZoom::fromConfig);
    register("RandomTranslation", RandomTranslation::fromConfig);
    register("RandomContrast", RandomContrast::fromConfig);
    register("RandomBrightness", RandomBrightness::fromConfig);
    register("CategoryEncoding", CategoryEncoding::fromConfig);
    register("Discretization", Discretization::fromConfig);
    register("Hashing", Hashing::fromConfig);
    register("IntegerLookup", IntegerLookup::fromConfig);
    register("StringLookup", StringLookup::fromConfig);
    register("TextVectorization", TextVectorization::fromConfig);
  }

  private static final Map<Class<?>, String> REGISTERED_NAMES = new ConcurrentHashMap<>();

  private LayerRegistry() {}

  /** Makes {@code className} known to {@link #fromConfig}. */
  public static void register(String className, Function<Map<String, ?>, ? extends Layer> factory) {
    FACTORIES.put(className, factory);
  }

  /**
   * Registers a layer class of your own under Keras' {@code "package>ClassName"} (Keras' {@code
   * register_keras_serializable(package, name)}), so that models using it survive {@code toJson}/{@code
   * fromJson} and {@code save}/{@code load}. The factory rebuilds the layer from its {@code getConfig()}.
   *
   * <pre>{@code
   * LayerRegistry.registerSerializable("my_layers", Linear.class, c -> new Linear((Integer) c.get("units")));
   * }</pre>
   */
  public static <L extends Layer> void registerSerializable(String packageName, Class<L> layerClass,
      Function<Map<String, ?>, ? extends L> factory) {
    String name = packageName + ">" + layerClass.getSimpleName();
    FACTORIES.put(name, factory);
    REGISTERED_NAMES.put(layerClass, name);
  }

  /** The {@code "package>ClassName"} a layer class was registered under, if any. */
  public static java.util.Optional<String> registeredName(Class<?> layerClass) {
    return java.util.Optional.ofNullable(REGISTERED_NAMES.get(layerClass));
  }

  /** Whether a factory is known under {@code name} (a class name or a registered name). */
  public static boolean isKnown(String name) {
    return FACTORIES.containsKey(name);
  }

  /** A new layer from Keras' class name and config; the error lists the class names known. */
  public static Layer fromConfig(String className, Map<String, ?> config) {
    Function<Map<String, ?>, ? extends Layer> f = FACTORIES.get(className);
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown layer class '" + className + "'; known: " + knownClassNames()
              + ". Register your own layer classes before loading, with LayerRegistry.registerSerializable("
              + "\"package\", " + className.substring(className.indexOf('>') + 1) + ".class, factory)");
    }
    return f.apply(config);
  }

  public static Set<String> knownClassNames() {
    return new TreeSet<>(FACTORIES.keySet());
  }
}
