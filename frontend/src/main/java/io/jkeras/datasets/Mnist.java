package io.jkeras.datasets;

import com.google.common.hash.Hashing;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.tensorflow.ndarray.ByteNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The MNIST digits, as Keras' {@code keras.datasets.mnist.load_data()}: 60,000 training and 10,000 test
 * images of 28x28 pixels with their labels 0-9, read from the four gzip IDX files of the original
 * distribution (shipped in the repository's {@code data/mnist/}; MNIST by Yann LeCun and Corinna Cortes,
 * CC BY-SA 3.0). The sha256 of each uncompressed file is checked.
 *
 * <pre>{@code
 * Mnist.Data mnist = Mnist.load();
 * FloatNdArray xTrain = mnist.train().x();      // (60000, 28, 28, 1), scaled to [0, 1]
 * IntNdArray yTrain = mnist.train().y();        // (60000)
 * }</pre>
 */
public final class Mnist {
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  private static final int IMAGE_MAGIC = 0x00000803;
  private static final int LABEL_MAGIC = 0x00000801;
  private static final int ROWS = 28;
  private static final int COLS = 28;

  private Mnist() {}

  /** One split: raw uint8 pixels and labels. */
  public static final class Split {
    private final byte[] pixels;
    private final int[] labels;

    Split(byte[] pixels, int[] labels) {
      this.pixels = pixels;
      this.labels = labels;
    }

    /** The number of examples. */
    public int size() {
      return labels.length;
    }

    /** Images as floats scaled to [0, 1], shape (N, 28, 28, 1) (a new array each call). */
    public FloatNdArray x() {
      float[] f = new float[pixels.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (pixels[i] & 0xFF) / 255f;
      }
      return NdArrays.wrap(Shape.of(labels.length, ROWS, COLS, 1), DataBuffers.of(f, false, false));
    }

    /** The raw uint8 pixels (Java bytes: read them with {@code & 0xFF}), shape (N, 28, 28), as Keras gives. */
    public ByteNdArray xRaw() {
      return NdArrays.wrap(Shape.of(labels.length, ROWS, COLS), DataBuffers.of(pixels, true, false));
    }

    /** The labels 0-9, shape (N). */
    public IntNdArray y() {
      return NdArrays.wrap(Shape.of(labels.length), DataBuffers.of(labels, true, false));
    }

    /** The labels as a Java array (a copy). */
    public int[] labels() {
      return labels.clone();
    }
  }

  /**
   * The training and test sets.
   *
   * @param train 60,000 examples
   * @param test 10,000 examples
   */
  public record Data(Split train, Split test) {}

  /**
   * Loads MNIST from a {@code mnist/} resource folder on the class path, or else from a {@code data/mnist}
   * folder found by walking up from the working directory.
   */
  public static Data load() throws IOException {
    URL res = Mnist.class.getResource("/mnist/" + TRAIN_IMAGES);
    if (res != null) {
      return new Data(
          read(TRAIN_IMAGES, TRAIN_LABELS, 60000, Mnist::resource),
          read(TEST_IMAGES, TEST_LABELS, 10000, Mnist::resource));
    }
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("data").resolve("mnist");
      if (Files.isRegularFile(candidate.resolve(TRAIN_IMAGES))) {
        return load(candidate);
      }
      dir = dir.getParent();
    }
    throw new IOException("MNIST not found: no 'mnist/' resource folder on the class path and no data/mnist"
        + " folder in " + Paths.get("").toAbsolutePath() + " or its parents. Pass the folder holding "
        + TRAIN_IMAGES + " and the three other files: Mnist.load(Path.of(\"...\"))");
  }

  /** Loads MNIST from a folder holding the four {@code .gz} files of the original distribution. */
  public static Data load(Path dir) throws IOException {
    java.util.Objects.requireNonNull(dir, "dir (the folder of the MNIST files)");
    Opener open = name -> {
      Path p = dir.resolve(name);
      if (!Files.isRegularFile(p)) {
        throw new IOException("MNIST file " + p + " is missing (expected the four files " + TRAIN_IMAGES + ", "
            + TRAIN_LABELS + ", " + TEST_IMAGES + ", " + TEST_LABELS + " in " + dir + ")");
      }
      return Files.newInputStream(p);
    };
    return new Data(read(TRAIN_IMAGES, TRAIN_LABELS, 60000, open),
        read(TEST_IMAGES, TEST_LABELS, 10000, open));
  }

  private interface Opener {
    InputStream open(String name) throws IOException;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Mnist.class.getResourceAsStream("/mnist/" + name);
    if (in == null) {
      throw new IOException("MNIST resource mnist/" + name + " is missing from the class path");
    }
    return in;
  }

  private static Split read(String imagesName, String labelsName, int count, Opener open) throws IOException {
    byte[] images = gunzip(imagesName, open);
    byte[] labelBytes = gunzip(labelsName, open);
    byte[] pixels = parseImages(imagesName, images, count);
    int[] labels = parseLabels(labelsName, labelBytes, count);
    checkSha256(imagesName, images);
    checkSha256(labelsName, labelBytes);
    return new Split(pixels, labels);
  }

  private static byte[] gunzip(String name, Opener open) throws IOException {
    try (InputStream raw = open.open(name); InputStream in = new GZIPInputStream(raw, 1 << 16)) {
      return in.readAllBytes();
    } catch (ZipException e) {
      throw new IOException("MNIST file " + name + " is not a valid gzip file: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new IOException("MNIST file " + name + " is truncated: the gzip stream ends early", e);
    }
  }

  /** Checks the IDX header (magic 0x00000803, count, 28, 28) and returns the pixels. */
  static byte[] parseImages(String name, byte[] data, int expectedCount) throws IOException {
    ByteBuffer b = header(name, data, 4);
    int magic = b.getInt();
    if (magic != IMAGE_MAGIC) {
      throw new IOException(String.format("MNIST file %s has magic number 0x%08X, expected 0x%08X for an IDX"
          + " file of images (uint8, 3 dimensions): not an MNIST image file", name, magic, IMAGE_MAGIC));
    }
    header(name, data, 16);
    int n = b.getInt();
    int rows = b.getInt();
    int cols = b.getInt();
    if (n != expectedCount || rows != ROWS || cols != COLS) {
      throw new IOException("MNIST file " + name + " holds " + n + " images of " + rows + "x" + cols
          + ", expected " + expectedCount + " of " + ROWS + "x" + COLS);
    }
    long needed = 16L + (long) n * rows * cols;
    if (data.length != needed) {
      throw new IOException("MNIST file " + name + " is " + (data.length < needed ? "truncated" : "too long")
          + ": its header announces " + n + " images of " + rows + "x" + cols + " = " + needed
          + " bytes uncompressed, the file has " + data.length);
    }
    byte[] pixels = new byte[n * rows * cols];
    System.arraycopy(data, 16, pixels, 0, pixels.length);
    return pixels;
  }

  /** Checks the IDX header (magic 0x00000801, count) and returns the labels. */
  static int[] parseLabels(String name, byte[] data, int expectedCount) throws IOException {
    ByteBuffer b = header(name, data, 4);
    int magic = b.getInt();
    if (magic != LABEL_MAGIC) {
      throw new IOException(String.format("MNIST file %s has magic number 0x%08X, expected 0x%08X for an IDX"
          + " file of labels (uint8, 1 dimension): not an MNIST label file", name, magic, LABEL_MAGIC));
    }
    header(name, data, 8);
    int n = b.getInt();
    if (n != expectedCount) {
      throw new IOException("MNIST file " + name + " holds " + n + " labels, expected " + expectedCount);
    }
    long needed = 8L + n;
    if (data.length != needed) {
      throw new IOException("MNIST file " + name + " is " + (data.length < needed ? "truncated" : "too long")
          + ": its header announces " + n + " labels = " + needed + " bytes uncompressed, the file has "
          + data.length);
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = data[8 + i] & 0xFF;
      if (labels[i] > 9) {
        throw new IOException("MNIST file " + name + ": label " + i + " is " + labels[i] + ", not a digit 0-9");
      }
    }
    return labels;
  }

  private static ByteBuffer header(String name, byte[] data, int size) throws IOException {
    if (data.length < size) {
      throw new IOException("MNIST file " + name + " is truncated: " + data.length
          + " bytes uncompressed, shorter than its IDX header");
    }
    return ByteBuffer.wrap(data); // big-endian, as IDX
  }

  private static void checkSha256(String name, byte[] data) throws IOException {
    String expected = switch (name) {
      case TRAIN_IMAGES -> "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db";
      case TRAIN_LABELS -> "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5";
      case TEST_IMAGES -> "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7";
      case TEST_LABELS -> "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2";
      default -> throw new UncheckedIOException(new IOException("unknown MNIST file " + name));
    };
    String actual = Hashing.sha256().hashBytes(data).toString();
    if (!actual.equals(expected)) {
      throw new IOException("MNIST file " + name + " is corrupt: sha256 of its uncompressed content is "
          + actual + ", expected " + expected);
    }
  }
}
