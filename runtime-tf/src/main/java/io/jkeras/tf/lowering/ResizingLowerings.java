package io.jkeras.tf.lowering;

import io.jkeras.layers.Cropping1D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Index;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The lowerings of {@code UpSampling2D}, {@code ZeroPadding2D}, {@code Cropping2D} and {@code Cropping1D}
 * (no weights, shape-only ops with registered gradients).
 */
final class ResizingLowerings {
  private ResizingLowerings() {}

  /**
   * {@code UpSampling2D}: "nearest" repeats every row and column as Keras' {@code ops.repeat} (expand, tile,
   * reshape); "bilinear" is {@code tf.image.resize(..., "bilinear")}, i.e. {@code ResizeBilinear} with half-pixel
   * centers.
   */
  static final class UpSampling2DLowering implements LayerLowering<UpSampling2D> {
    @Override
    public List<Lowered> lower(LoweringContext ctx, UpSampling2D layer, List<Lowered> inputs) {
      Ops tf = ctx.tf();
      Operand<TFloat32> x = inputs.get(0).floatValue();
      int[] s = layer.size();
      Operand<TInt32> shape = tf.shape(x);
      Shape in = x.shape();
      // Known sizes become constants, so that TF's shape inference keeps the static shape later layers read.
      boolean known = in.get(1) != Shape.UNKNOWN_SIZE && in.get(2) != Shape.UNKNOWN_SIZE
          && in.get(3) != Shape.UNKNOWN_SIZE;
      int rows = known ? (int) in.get(1) * s[0] : -1;
      int cols = known ? (int) in.get(2) * s[1] : -1;
      Operand<TFloat32> y;
      if ("bilinear".equals(layer.interpolation())) {
        Operand<TInt32> size = known ? tf.constant(new int[] {rows, cols})
            : tf.math.mul(tf.stridedSlice(shape, Indices.slice(1, 3)), tf.constant(s));
        y = tf.image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
      } else {
        Operand<TFloat32> x6 = tf.expandDims(tf.expandDims(x, tf.constant(4)), tf.constant(2));
        Operand<TFloat32> tiled = tf.tile(x6, tf.constant(new int[] {1, 1, s[0], 1, s[1], 1}));
        // (the channels stay a constant when only rows or cols are unknown, so they stay known statically)
        Operand<TInt32> target = known ? tf.constant(new int[] {-1, rows, cols, (int) in.get(3)})
            : in.get(3) == Shape.UNKNOWN_SIZE ? tf.math.mul(shape, tf.constant(new int[] {1, s[0], s[1], 1}))
            : tf.concat(List.of(tf.math.mul(tf.stridedSlice(shape, Indices.slice(0, 3)),
                tf.constant(new int[] {1, s[0], s[1]})), tf.constant(new int[] {(int) in.get(3)})), tf.constant(0));
        y = tf.reshape(tiled, target);
      }
      return List.of(Lowered.of(y));
    }
  }

  /** {@code ZeroPadding2D}: {@code tf.pad} with zeros. */
  static final class ZeroPadding2DLowering implements LayerLowering<ZeroPadding2D> {
    @Override
    public List<Lowered> lower(LoweringContext ctx, ZeroPadding2D layer, List<Lowered> inputs) {
      Ops tf = ctx.tf();
      int[] p = layer.padding();
      Operand<TFloat32> y = tf.pad(inputs.get(0).floatValue(),
          tf.constant(new int[][] {{0, 0}, {p[0], p[1]}, {p[2], p[3]}, {0, 0}}), tf.constant(0f));
      return List.of(Lowered.of(y));
    }
  }

  /** {@code Cropping2D}: a strided slice {@code [:, top:-bottom, left:-right, :]}. */
  static final class Cropping2DLowering implements LayerLowering<Cropping2D> {
    @Override
    public List<Lowered> lower(LoweringContext ctx, Cropping2D layer, List<Lowered> inputs) {
      int[] c = layer.cropping();
      Operand<TFloat32> y = ctx.tf().stridedSlice(inputs.get(0).floatValue(),
          Indices.all(), crop(c[0], c[1]), crop(c[2], c[3]), Indices.all());
      return List.of(Lowered.of(y));
    }
  }

  /** {@code Cropping1D}: a strided slice {@code [:, start:-end, :]}. */
  static final class Cropping1DLowering implements LayerLowering<Cropping1D> {
    @Override
    public List<Lowered> lower(LoweringContext ctx, Cropping1D layer, List<Lowered> inputs) {
      int[] c = layer.cropping();
      Operand<TFloat32> y = ctx.tf().stridedSlice(inputs.get(0).floatValue(),
          Indices.all(), crop(c[0], c[1]), Indices.all());
      return List.of(Lowered.of(y));
    }
  }

  /** {@code start:-end}, or {@code start:} when {@code end == 0} (as Keras slices). */
  private static Index crop(int start, int end) {
    return end == 0 ? Indices.sliceFrom(start) : Indices.slice((long) start, (long) -end);
  }
}
