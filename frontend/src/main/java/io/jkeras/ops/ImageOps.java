package io.jkeras.ops;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.util.Shapes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.Shape;

/**
 * Keras 3's {@code keras.ops.image} on symbolic tensors, channels last: {@link #resize} and {@link
 * #affineTransform}, with Keras' argument names and defaults. The preprocessing layers ({@code Resizing},
 * {@code RandomRotation}, ...) are written with them; they lower to the TensorFlow ops Keras uses on TF
 * ({@code ResizeBilinear}/{@code ResizeNearestNeighbor} with half-pixel centers, {@code
 * ImageProjectiveTransformV3}).
 *
 * <pre>{@code
 * var small = ImageOps.resize(images, 64, 64);                               // bilinear
 * var crop = ImageOps.resize(images, 64, 64, "nearest", true, false, 0.0);   // crop to the aspect ratio first
 * }</pre>
 */
public final class ImageOps {
  private ImageOps() {}

  private static final Set<String> RESIZE_INTERPOLATIONS = Set.of("bilinear", "nearest");
  private static final Set<String> AFFINE_INTERPOLATIONS = Set.of("bilinear", "nearest");
  private static final Set<String> FILL_MODES = Set.of("constant", "nearest", "wrap", "reflect");

  /** Bilinear resize to {@code (height, width)}, as {@code keras.ops.image.resize(images, (h, w))}. */
  public static SymbolicTensor resize(TensorLike images, int height, int width) {
    return resize(images, height, width, "bilinear", false, false, 0.0);
  }

  /**
   * Resizes images of shape {@code (batch, h, w, c)} (or one image {@code (h, w, c)}) to {@code (height,
   * width)}.
   *
   * @param interpolation {@code "bilinear"} (output float32) or {@code "nearest"} (output in the input's dtype)
   * @param cropToAspectRatio first crop the largest centred window with the target's aspect ratio
   * @param padToAspectRatio first pad the short side evenly with {@code fillValue} to the target's aspect ratio
   * @param fillValue the padding value
   */
  public static SymbolicTensor resize(TensorLike images, int height, int width, String interpolation,
      boolean cropToAspectRatio, boolean padToAspectRatio, double fillValue) {
    String where = Operation.where("image.resize");
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(where + ": size must be positive, got (" + height + ", " + width + ")");
    }
    if (!RESIZE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(where + ": interpolation must be one of " + RESIZE_INTERPOLATIONS
          + " (bicubic and lanczos are not supported yet), got '" + interpolation + "'");
    }
    if (cropToAspectRatio && padToAspectRatio) {
      throw new IllegalArgumentException(where + ": only one of crop_to_aspect_ratio and pad_to_aspect_ratio can"
          + " be true");
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("size", new int[] {height, width});
    attrs.put("interpolation", interpolation);
    attrs.put("crop_to_aspect_ratio", cropToAspectRatio);
    attrs.put("pad_to_aspect_ratio", padToAspectRatio);
    attrs.put("fill_value", fillValue);
    return batched(images, "image.resize", x -> Operation.apply("image_resize", attrs, (s, d, a) -> {
      Shape in = s.get(0);
      DType out = "nearest".equals(interpolation) ? d.get(0) : DType.FLOAT32;
      return List.of(new Operation.Spec(Shape.of(in.get(0), height, width, in.get(3)), out));
    }, x).get(0));
  }

  /**
   * Applies one projective transform per image (Keras' {@code keras.ops.image.affine_transform}): {@code
   * transform} has shape {@code (batch, 8)} (or {@code (8)} for all), rows {@code [a0, a1, a2, b0, b1, b2, c0,
   * c1]} mapping each output point {@code (x, y)} to the input point {@code ((a0 x + a1 y + a2) / k, (b0 x + b1
   * y + b2) / k)} with {@code k = c0 x + c1 y + 1}. Points outside the input are filled by {@code fillMode}.
   *
   * @param interpolation {@code "bilinear"} or {@code "nearest"}
   * @param fillMode {@code "constant"}, {@code "nearest"}, {@code "wrap"} or {@code "reflect"}
   */
  public static SymbolicTensor affineTransform(TensorLike images, TensorLike transform, String interpolation,
      String fillMode, double fillValue) {
    String where = Operation.where("image.affine_transform");
    if (!AFFINE_INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException(where + ": interpolation must be one of " + AFFINE_INTERPOLATIONS
          + ", got '" + interpolation + "'");
    }
    if (!FILL_MODES.contains(fillMode)) {
      throw new IllegalArgumentException(where + ": fill_mode must be one of " + FILL_MODES + ", got '"
          + fillMode + "'");
    }
    Shape t = transform.shape();
    if (t.numDimensions() < 1 || t.numDimensions() > 2 || t.get(t.numDimensions() - 1) != 8) {
      throw new IllegalArgumentException(where + ": transform must have shape (batch, 8) or (8), got "
          + Shapes.format(t));
    }
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("interpolation", interpolation);
    attrs.put("fill_mode", fillMode);
    attrs.put("fill_value", fillValue);
    SymbolicTensor tr = t.numDimensions() == 1 ? Ops.expandDims(transform, 0) : transform.symbolic();
    return batched(images, "image.affine_transform", x -> Operation.apply("image_affine_transform", attrs,
        (s, d, a) -> List.of(new Operation.Spec(s.get(0), d.get(0))), x, tr).get(0));
  }

  /** Runs {@code f} on a batch: a single image {@code (h, w, c)} gets a batch axis and loses it again. */
  private static SymbolicTensor batched(TensorLike images, String op, java.util.function.UnaryOperator<SymbolicTensor> f) {
    int r = images.shape().numDimensions();
    if (r == 4) {
      return f.apply(images.symbolic());
    }
    if (r == 3) {
      return Ops.squeeze(f.apply(Ops.expandDims(images, 0)), 0);
    }
    throw new IllegalArgumentException(Operation.where(op) + ": images must have rank 3 (one image) or 4 (a batch), "
        + "channels last, got shape " + Shapes.format(images.shape()));
  }
}
