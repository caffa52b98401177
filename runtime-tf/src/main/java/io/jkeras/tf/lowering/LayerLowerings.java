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
 * Flatten, Reshape, Concatenate, Add, Activation, Dropout, BatchNormalization, Conv1D, Conv3D, Conv2DTranspose,
 * DepthwiseConv2D, SeparableConv2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D,
 * UpSampling2D, ZeroPadding2D, Cropping2D, Cropping1D. {@code InputLayer} and models
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
    // Built in too (issue 9): Multiply, Subtract, Average, Maximum, Minimum, Dot, Permute, RepeatVector,
    // SpatialDropout1D/2D, GaussianNoise, GaussianDropout, ReLU, LeakyReLU, PReLU, ELU, Softmax, Rescaling.
    MergeLowering merge = new MergeLowering();
    register(io.jkeras.layers.Multiply.class, merge);
    register(io.jkeras.layers.Subtract.class, merge);
    register(io.jkeras.layers.Average.class, merge);
    register(io.jkeras.layers.Maximum.class, merge);
    register(io.jkeras.layers.Minimum.class, merge);
    register(io.jkeras.layers.Dot.class, new DotLowering());
    register(io.jkeras.layers.Permute.class, new PermuteLowering());
    register(io.jkeras.layers.RepeatVector.class, new RepeatVectorLowering());
    SpatialDropoutLowering spatialDropout = new SpatialDropoutLowering();
    register(io.jkeras.layers.SpatialDropout1D.class, spatialDropout);
    register(io.jkeras.layers.SpatialDropout2D.class, spatialDropout);
    register(io.jkeras.layers.GaussianNoise.class, new GaussianNoiseLowering());
    register(io.jkeras.layers.GaussianDropout.class, new GaussianDropoutLowering());
    register(io.jkeras.layers.ReLU.class, new ReLULowering());
    register(io.jkeras.layers.LeakyReLU.class, new LeakyReLULowering());
    register(io.jkeras.layers.PReLU.class, new PReLULowering());
    register(io.jkeras.layers.ELU.class, new ELULowering());
    register(io.jkeras.layers.Softmax.class, new SoftmaxLowering());
    register(io.jkeras.layers.Rescaling.class, new RescalingLowering());
    registerConvolutionPoolingResizing();
  }

  /** Issue 9's convolution, pooling and resizing layers; base classes cover their subclasses. */
  private static void registerConvolutionPoolingResizing() {
    REGISTRY.put(io.jkeras.layers.BaseConv.class, new BaseConvLowering());   // Conv1D, Conv3D
    register(io.jkeras.layers.Conv2DTranspose.class, new Conv2DTransposeLowering());
    REGISTRY.put(io.jkeras.layers.BaseDepthwiseConv2D.class, new DepthwiseConvLowering());
    REGISTRY.put(io.jkeras.layers.Pooling1D.class, new Pooling1DLowering());
    REGISTRY.put(io.jkeras.layers.GlobalPooling1D.class, new GlobalPooling1DLowering());
    register(io.jkeras.layers.UpSampling2D.class, new ResizingLowerings.UpSampling2DLowering());
    register(io.jkeras.layers.ZeroPadding2D.class, new ResizingLowerings.ZeroPadding2DLowering());
    register(io.jkeras.layers.Cropping2D.class, new ResizingLowerings.Cropping2DLowering());
    register(io.jkeras.layers.Cropping1D.class, new ResizingLowerings.Cropping1DLowering());
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
