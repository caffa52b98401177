package io.jkeras.layers;

import io.jkeras.SymbolicTensor;
import io.jkeras.ops.ImageOps;
import io.jkeras.ops.Ops;
import java.util.Map;

/**
 * Crops the central {@code (height, width)} window of each image (Keras' preprocessing layer {@code
 * CenterCrop(height, width)}), in training and inference alike; an image smaller than the window is first
 * cropped to the window's aspect ratio and resized up (Keras' {@code smart_resize}). Channels last, float32
 * output; the image size must be known.
 *
 * <pre>{@code
 * var x = new CenterCrop(24, 24).apply(images);   // (None, 28, 28, 1) -> (None, 24, 24, 1)
 * }</pre>
 */
public final class CenterCrop extends BaseImagePreprocessingLayer<CenterCrop> {
  private final int height;
  private final int width;

  /** Keeps the central {@code height} x {@code width} window. */
  public CenterCrop(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("CenterCrop: height and width must be positive, got " + height + ", "
          + width);
    }
    this.height = height;
    this.width = width;
  }

  /** Rebuilds the layer from Keras' config. */
  public static CenterCrop fromConfig(Map<String, ?> config) {
    CenterCrop c = new CenterCrop(LayerConfigs.intArg(config, "height", "CenterCrop"),
        LayerConfigs.intArg(config, "width", "CenterCrop"));
    c.applyImageConfig(config);
    return c;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  @Override
  public SymbolicTensor call(SymbolicTensor x) {
    SymbolicTensor in = images(x);
    long[] hw = spatialSize(in);
    long h = hw[0];
    long w = hw[1];
    if (h >= height && w >= width) {
      return Ops.slice(in, new long[] {0, (h - height) / 2, (w - width) / 2, 0}, new long[] {-1, height, width, -1});
    }
    // Keras' smart_resize with the sizes known: crop to the target's aspect ratio, then resize (bilinear)
    long cropH = Math.max(Math.min(h, (long) ((double) (w * height) / width)), 1);
    long cropW = Math.max(Math.min(w, (long) ((double) (h * width) / height)), 1);
    long top = (long) ((double) (h - cropH) / 2);
    long left = (long) ((double) (w - cropW) / 2);
    SymbolicTensor window = Ops.slice(in, new long[] {0, top, left, 0}, new long[] {-1, cropH, cropW, -1});
    return ImageOps.resize(window, height, width);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("height", height);
    c.put("width", width);
    return c;
  }
}
