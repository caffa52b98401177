package io.jkeras.layers;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.ImageOps;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * Resizes images to {@code (height, width)} (Keras' preprocessing layer {@code Resizing(height, width,
 * interpolation="bilinear", crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode="constant",
 * fill_value=0.0)}), in training and inference alike, channels last. The output is float32. Bilinear and
 * nearest-neighbour interpolation are supported (TensorFlow's resize with half-pixel centers, as Keras on TF).
 *
 * <pre>{@code
 * var x = new Resizing(64, 64).cropToAspectRatio(true).apply(images);   // (None, h, w, 3) -> (None, 64, 64, 3)
 * }</pre>
 */
public final class Resizing extends BaseImagePreprocessingLayer<Resizing> {
  private final int height;
  private final int width;
  private String interpolation = "bilinear";
  private boolean cropToAspectRatio;
  private boolean padToAspectRatio;
  private double fillValue;

  /** Resizes to {@code height} x {@code width}. */
  public Resizing(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("Resizing: height and width must be positive, got " + height + ", " + width);
    }
    this.height = height;
    this.width = width;
  }

  /** Rebuilds the layer from Keras' config. */
  public static Resizing fromConfig(Map<String, ?> config) {
    Resizing r = new Resizing(LayerConfigs.intArg(config, "height", "Resizing"),
        LayerConfigs.intArg(config, "width", "Resizing"));
    LayerConfigs.ifPresent(config, "interpolation", v -> r.interpolation((String) v));
    LayerConfigs.ifPresent(config, "crop_to_aspect_ratio", v -> r.cropToAspectRatio((Boolean) v));
    LayerConfigs.ifPresent(config, "pad_to_aspect_ratio", v -> r.padToAspectRatio((Boolean) v));
    LayerConfigs.ifPresent(config, "fill_value", v -> r.fillValue(((Number) v).doubleValue()));
    LayerConfigs.ifPresent(config, "fill_mode", v -> {
      if (!"constant".equals(v)) {
        throw new IllegalArgumentException("Resizing: only fill_mode='constant' is supported (as in Keras), got " + v);
      }
    });
    LayerConfigs.ifPresent(config, "antialias", v -> {
      if (Boolean.TRUE.equals(v)) {
        throw new IllegalArgumentException("Resizing: antialias=True is not supported by jkeras");
      }
    });
    r.applyImageConfig(config);
    return r;
  }

  /** {@code "bilinear"} (the default) or {@code "nearest"}. */
  public Resizing interpolation(String interpolation) {
    checkConfigurable("interpolation");
    if (!"bilinear".equals(interpolation) && !"nearest".equals(interpolation)) {
      throw new IllegalArgumentException("Resizing: interpolation must be 'bilinear' or 'nearest' (bicubic and "
          + "lanczos are not supported yet), got '" + interpolation + "'");
    }
    this.interpolation = interpolation;
    return this;
  }

  /** Crops the largest centred window of the target's aspect ratio before resizing (no distortion). */
  public Resizing cropToAspectRatio(boolean crop) {
    checkConfigurable("crop_to_aspect_ratio");
    this.cropToAspectRatio = crop;
    return this;
  }

  /** Pads the short side evenly with {@link #fillValue} to the target's aspect ratio before resizing. */
  public Resizing padToAspectRatio(boolean pad) {
    checkConfigurable("pad_to_aspect_ratio");
    this.padToAspectRatio = pad;
    return this;
  }

  /** The padding value for {@link #padToAspectRatio}. */
  public Resizing fillValue(double fillValue) {
    checkConfigurable("fill_value");
    this.fillValue = fillValue;
    return this;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    if (cropToAspectRatio && padToAspectRatio) {
      throw error("only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be true");
    }
    if (x.rank() != 4) {
      throw error("expects images of rank 4 (batch, height, width, channels), got shape "
          + io.jkeras.util.Shapes.format(x.shape()));
    }
    SymbolicTensor y = ImageOps.resize(x, height, width, interpolation, cropToAspectRatio, padToAspectRatio,
        fillValue);
    return y.dtype() == DType.FLOAT32 ? y : Ops.cast(y, DType.FLOAT32);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("height", height);
    c.put("width", width);
    c.put("interpolation", interpolation);
    c.put("crop_to_aspect_ratio", cropToAspectRatio);
    c.put("pad_to_aspect_ratio", padToAspectRatio);
    c.put("fill_mode", "constant");
    c.put("fill_value", fillValue);
    c.put("antialias", false);
    return c;
  }
}
