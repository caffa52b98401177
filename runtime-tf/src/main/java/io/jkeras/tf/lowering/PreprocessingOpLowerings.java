package io.jkeras.tf.lowering;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Op-table entries for the ops the preprocessing layers are written in (issue 16): {@code sin}, {@code cos},
 * {@code floor}, {@code flip}, {@code digitize}, and {@code keras.ops.image}'s {@code resize} and {@code
 * affine_transform}, lowered to the TensorFlow ops Keras 3 uses on TF. Registered from {@link OpLowerings}.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class PreprocessingOpLowerings {
  private PreprocessingOpLowerings() {}

  static void registerAll() {
    one("sin", c -> c.tf().math.sin(c.inOut(0)));
    one("cos", c -> c.tf().math.cos(c.inOut(0)));
    one("floor", c -> c.tf().math.floor(c.inOut(0)));
    one("flip", c -> c.tf().reverse(c.in(0), c.tf().constant(new int[] {c.intAttr("axis")})));
    one("digitize", c -> {
      // Keras' digitize on TF is Bucketize with the bins as float boundaries (ops/numpy.py)
      List<Float> bounds = new ArrayList<>();
      for (double b : (double[]) c.attr("bins")) {
        bounds.add((float) b);
      }
      Operand x = c.in(0);
      Class<? extends TType> t = x.type();
      if (t != TFloat32.class && t != org.tensorflow.types.TFloat64.class && t != TInt32.class
          && t != org.tensorflow.types.TInt64.class) {
        x = OpLowerings.cast(c.tf(), x, TFloat32.class);
      }
      return c.tf().bucketize(x, bounds);
    });
    one("image_resize", PreprocessingOpLowerings::resize);
    one("image_affine_transform", PreprocessingOpLowerings::affineTransform);
    StringOpLowerings.registerAll();
  }

  private static void one(String name, java.util.function.Function<OpLowerings.Call, Operand<?>> f) {
    OpLowerings.register(name, c -> List.of(f.apply(c)));
  }

  /**
   * {@code tf.image.resize} as Keras' TF backend calls it: the crop or pad to the target's aspect ratio with
   * Keras' integer arithmetic (float32 division, truncation), then ResizeBilinear or ResizeNearestNeighbor with
   * half-pixel centers (TF 2's resize, no antialiasing).
   */
  private static Operand<?> resize(OpLowerings.Call c) {
    Ops tf = c.tf();
    int[] size = c.attr("size");
    boolean nearest = "nearest".equals(c.attr("interpolation"));
    Operand x = c.in(0);
    if (!nearest) {
      x = OpLowerings.cast(tf, x, TFloat32.class);
    }
    if (Boolean.TRUE.equals(c.attr("crop_to_aspect_ratio"))) {
      x = aspectWindow(tf, x, size, true, 0);
    } else if (Boolean.TRUE.equals(c.attr("pad_to_aspect_ratio"))) {
      x = aspectWindow(tf, x, size, false, c.doubleAttr("fill_value"));
    }
    Operand<TInt32> target = tf.constant(size);
    return nearest ? tf.image.resizeNearestNeighbor(x, target, ResizeNearestNeighbor.halfPixelCenters(true))
        : tf.image.resizeBilinear(x, target, ResizeBilinear.halfPixelCenters(true));
  }

  /** Keras' crop_to_aspect_ratio (crop = true) or pad_to_aspect_ratio window, computed in the graph. */
  private static Operand aspectWindow(Ops tf, Operand x, int[] size, boolean crop, double fill) {
    Operand<TInt32> shape = tf.shape(x);
    Operand<TInt32> height = tf.squeeze(tf.stridedSlice(shape, Indices.slice(1, 2)));
    Operand<TInt32> width = tf.squeeze(tf.stridedSlice(shape, Indices.slice(2, 3)));
    Operand<TInt32> th = tf.constant(size[0]);
    Operand<TInt32> tw = tf.constant(size[1]);
    Operand<TInt32> newH = truncDiv(tf, tf.math.mul(width, th), size[1]);
    Operand<TInt32> newW = truncDiv(tf, tf.math.mul(height, tw), size[0]);
    if (crop) {
      newH = tf.math.maximum(tf.math.minimum(height, newH), tf.constant(1));
      newW = tf.math.maximum(tf.math.minimum(width, newW), tf.constant(1));
      Operand<TInt32> h0 = truncDiv(tf, tf.math.sub(height, newH), 2);
      Operand<TInt32> w0 = truncDiv(tf, tf.math.sub(width, newW), 2);
      Operand<TInt32> begin = tf.stack(List.of(tf.constant(0), h0, w0, tf.constant(0)));
      // explicit sizes, no -1: TF's C++ gradient of Slice reshapes the sizes and takes one -1 only
      Operand<TInt32> batch = tf.squeeze(tf.stridedSlice(shape, Indices.slice(0, 1)));
      Operand<TInt32> channels = tf.squeeze(tf.stridedSlice(shape, Indices.slice(3, 4)));
      Operand<TInt32> len = tf.stack(List.of(batch, newH, newW, channels));
      return keepChannels(tf, tf.slice(x, begin, len), x.shape());
    }
    newH = tf.math.maximum(height, newH);
    newW = tf.math.maximum(width, newW);
    Operand<TInt32> h0 = truncDiv(tf, tf.math.sub(newH, height), 2);
    Operand<TInt32> w0 = truncDiv(tf, tf.math.sub(newW, width), 2);
    Operand<TInt32> zero = tf.constant(new int[] {0, 0});
    Operand<TInt32> pads = tf.stack(List.of(zero, tf.stack(List.of(h0, h0)), tf.stack(List.of(w0, w0)), zero));
    return keepChannels(tf, tf.pad(x, pads, OpLowerings.scalar(tf, fill, x.type())), x.shape());
  }

  /**
   * The window's sizes are computed in the graph, so TF's shape inference loses the channel count, which a
   * later Dense reads from the static shape: a reshape to (batch, h, w, channels) with the known count pins it.
   */
  private static Operand keepChannels(Ops tf, Operand y, Shape in) {
    long c = in.get(3);
    if (c == Shape.UNKNOWN_SIZE) {
      return y;
    }
    Operand<TInt32> dims = tf.stridedSlice(tf.shape(y), Indices.slice(0, 3));
    return tf.reshape(y, tf.concat(List.of(dims, tf.constant(new int[] {(int) c})), tf.constant(0)));
  }

  /** {@code int32(float32(a) / b)}: Keras' float division, truncated toward zero. */
  private static Operand<TInt32> truncDiv(Ops tf, Operand<TInt32> a, int b) {
    return tf.dtypes.cast(tf.math.div(tf.dtypes.cast(a, TFloat32.class), tf.constant((float) b)), TInt32.class);
  }

  /** {@code ImageProjectiveTransformV3}, as Keras' {@code affine_transform} on TF. */
  private static Operand<?> affineTransform(OpLowerings.Call c) {
    Ops tf = c.tf();
    Operand images = c.in(0);
    Operand<TFloat32> transform = OpLowerings.cast(tf, c.in(1), TFloat32.class);
    Shape s = images.shape();
    Operand<TInt32> outShape = s.get(1) != Shape.UNKNOWN_SIZE && s.get(2) != Shape.UNKNOWN_SIZE
        ? tf.constant(new int[] {(int) s.get(1), (int) s.get(2)})
        : tf.stridedSlice(tf.shape(images), Indices.slice(1, 3));
    String interpolation = ((String) c.attr("interpolation")).toUpperCase(java.util.Locale.ROOT);
    String fillMode = ((String) c.attr("fill_mode")).toUpperCase(java.util.Locale.ROOT);
    return tf.image.imageProjectiveTransformV3(images, transform, outShape,
        tf.constant((float) c.doubleAttr("fill_value")), interpolation,
        ImageProjectiveTransformV3.fillMode(fillMode));
  }
}
