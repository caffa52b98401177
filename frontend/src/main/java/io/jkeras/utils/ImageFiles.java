package io.jkeras.utils;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Reading image files into float pixels {@code (height, width, channels)} in [0, 255], and TensorFlow's resize,
 * for the image loaders. Decoding uses the JDK's {@code javax.imageio} (PNG, JPEG, BMP, GIF, first frame): it
 * needs no native library, so loaders and their tests run in the frontend, which has no TensorFlow. PNG, BMP
 * and GIF decode to exactly TensorFlow's pixels; JPEG decoders differ in their inverse DCT, so a JPEG pixel may
 * differ from {@code tf.io.decode_jpeg}'s by a few levels. Resizing is TensorFlow's {@code resize} (bilinear or
 * nearest with half-pixel centers), computed as TF computes it.
 */
final class ImageFiles {
  private ImageFiles() {}

  /** Why a file could not be read as an image. */
  static final class BadImageException extends IOException {
    BadImageException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A decoded image: {@code h * w * c} floats, row-major, channels last. */
  record Pixels(float[] values, int height, int width, int channels) {
    FloatNdArray toNdArray() {
      return NdArrays.wrap(Shape.of(height, width, channels), DataBuffers.of(values, false, false));
    }
  }

  /** Decodes {@code file} with {@code channels} channels (1 gray, 3 RGB, 4 RGBA), as {@code decode_image}. */
  static Pixels decode(Path file, int channels) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new BadImageException("cannot decode " + file + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new BadImageException("cannot decode " + file + ": not a PNG, JPEG, BMP or GIF image (" + bytes.length
          + " bytes)", null);
    }
    return pixels(img, channels);
  }

  /** The pixels of {@code img} in {@code channels} channels, from the raster (no colour-space conversion). */
  static Pixels pixels(BufferedImage img, int channels) {
    int w = img.getWidth();
    int h = img.getHeight();
    ColorModel cm = img.getColorModel();
    Raster r = img.getRaster();
    int bands = r.getNumBands();
    float[] out = new float[h * w * channels];
    int[] row = new int[w * bands];
    boolean indexed = cm instanceof IndexColorModel;
    int bits = indexed ? 8 : cm.getComponentSize(0);
    boolean srcGray = !indexed && (bands == 1 || bands == 2);
    boolean srcAlpha = indexed ? cm.hasAlpha() : bands == 2 || bands == 4;
    for (int y = 0; y < h; y++) {
      float[] rgba = new float[4];
      if (!indexed) {
        r.getPixels(0, y, w, 1, row);
      }
      for (int x = 0; x < w; x++) {
        if (indexed) {
          int argb = img.getRGB(x, y);
          rgba[0] = (argb >> 16) & 0xFF;
          rgba[1] = (argb >> 8) & 0xFF;
          rgba[2] = argb & 0xFF;
          rgba[3] = (argb >>> 24) & 0xFF;
        } else if (srcGray) {
          float g = eight(row[x * bands], bits);
          rgba[0] = g;
          rgba[1] = g;
          rgba[2] = g;
          rgba[3] = srcAlpha ? eight(row[x * bands + 1], cm.getComponentSize(1)) : 255;
        } else {
          for (int c = 0; c < 3; c++) {
            rgba[c] = eight(row[x * bands + c], cm.getComponentSize(c));
          }
          rgba[3] = srcAlpha ? eight(row[x * bands + 3], cm.getComponentSize(3)) : 255;
        }
        int o = (y * w + x) * channels;
        if (channels == 1) {
          boolean gray = srcGray || (rgba[0] == rgba[1] && rgba[1] == rgba[2]);
          // colour to gray: ITU-R 601 luma, rounded, as libjpeg's and TF's rgb_to_grayscale weights
          out[o] = gray ? rgba[0] : Math.round(0.299f * rgba[0] + 0.587f * rgba[1] + 0.114f * rgba[2]);
        } else {
          out[o] = rgba[0];
          out[o + 1] = rgba[1];
          out[o + 2] = rgba[2];
          if (channels == 4) {
            out[o + 3] = rgba[3];
          }
        }
      }
    }
    return new Pixels(out, h, w, channels);
  }

  /** A sample of {@code bits} bits as an 8-bit level (16-bit PNGs keep their high byte). */
  private static float eight(int v, int bits) {
    return bits == 8 ? v : bits > 8 ? v >>> (bits - 8) : Math.round(v * 255f / ((1 << bits) - 1));
  }

  // ---------------------------------------------------------------- resizing

  /** Keras' {@code smart_resize} window: the largest centred crop with the target's aspect ratio. */
  static Pixels cropToAspectRatio(Pixels p, int targetHeight, int targetWidth) {
    int h = p.height();
    int w = p.width();
    int cropH = Math.max(Math.min(h, (int) ((double) w * targetHeight / targetWidth)), 1);
    int cropW = Math.max(Math.min(w, (int) ((double) h * targetWidth / targetHeight)), 1);
    int top = (int) ((double) (h - cropH) / 2);
    int left = (int) ((double) (w - cropW) / 2);
    int c = p.channels();
    float[] out = new float[cropH * cropW * c];
    for (int y = 0; y < cropH; y++) {
      System.arraycopy(p.values(), ((top + y) * w + left) * c, out, y * cropW * c, cropW * c);
    }
    return new Pixels(out, cropH, cropW, c);
  }

  /** {@code tf.image.resize}: bilinear or nearest, half-pixel centers, float32 arithmetic as TF's kernels. */
  static Pixels resize(Pixels p, int outH, int outW, String interpolation) {
    int inH = p.height();
    int inW = p.width();
    int c = p.channels();
    float[] in = p.values();
    float[] out = new float[outH * outW * c];
    float sy = (float) inH / outH;
    float sx = (float) inW / outW;
    if ("nearest".equals(interpolation)) {
      for (int y = 0; y < outH; y++) {
        int iy = Math.min((int) Math.floor((y + 0.5f) * sy), inH - 1);
        for (int x = 0; x < outW; x++) {
          int ix = Math.min((int) Math.floor((x + 0.5f) * sx), inW - 1);
          System.arraycopy(in, (iy * inW + ix) * c, out, (y * outW + x) * c, c);
        }
      }
      return new Pixels(out, outH, outW, c);
    }
    int[] xLo = new int[outW];
    int[] xHi = new int[outW];
    float[] xLerp = new float[outW];
    for (int x = 0; x < outW; x++) {
      float v = (x + 0.5f) * sx - 0.5f;
      float f = (float) Math.floor(v);
      xLo[x] = Math.max((int) f, 0);
      xHi[x] = Math.min((int) Math.ceil(v), inW - 1);
      xLerp[x] = v - f;
    }
    for (int y = 0; y < outH; y++) {
      float v = (y + 0.5f) * sy - 0.5f;
      float f = (float) Math.floor(v);
      int yLo = Math.max((int) f, 0);
      int yHi = Math.min((int) Math.ceil(v), inH - 1);
      float yLerp = v - f;
      for (int x = 0; x < outW; x++) {
        for (int k = 0; k < c; k++) {
          float tl = in[(yLo * inW + xLo[x]) * c + k];
          float tr = in[(yLo * inW + xHi[x]) * c + k];
          float bl = in[(yHi * inW + xLo[x]) * c + k];
          float br = in[(yHi * inW + xHi[x]) * c + k];
          float top = tl + (tr - tl) * xLerp[x];
          float bottom = bl + (br - bl) * xLerp[x];
          out[(y * outW + x) * c + k] = top + (bottom - top) * yLerp;
        }
      }
    }
    return new Pixels(out, outH, outW, c);
  }
}
