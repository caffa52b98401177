package io.jkeras.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

class MnistTest {
  private static Mnist.Data mnist;

  @BeforeAll
  static void load() throws IOException {
    mnist = Mnist.load(); // found by walking up from frontend/ to data/mnist
  }

  @Test
  void labelsMatchTheOriginalDistribution() {
    assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4},
        Arrays.copyOf(mnist.train().labels(), 10));
    assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9},
        Arrays.copyOf(mnist.test().labels(), 10));
    assertEquals(5, mnist.train().y().getInt(0));
  }

  @Test
  void shapesAndScaling() {
    assertEquals(60000, mnist.train().size());
    assertEquals(10000, mnist.test().size());
    assertEquals(Shape.of(10000, 28, 28, 1), mnist.test().x().shape());
    assertEquals(Shape.of(60000, 28, 28), mnist.train().xRaw().shape());
    assertEquals(Shape.of(60000), mnist.train().y().shape());
    FloatNdArray x = mnist.test().x();
    // Pixel (0, 7, 7) of the first test image (a 7) as raw byte, and its scaled float.
    int raw = mnist.test().xRaw().getByte(0, 7, 7) & 0xFF;
    assertEquals(raw / 255f, x.getFloat(0, 7, 7, 0), 0f);
    float max = 0;
    float min = 1;
    for (int r = 0; r < 28; r++) {
      for (int c = 0; c < 28; c++) {
        max = Math.max(max, x.getFloat(0, r, c, 0));
        min = Math.min(min, x.getFloat(0, r, c, 0));
      }
    }
    assertEquals(1f, max, 0f); // MNIST digits reach full intensity 255
    assertEquals(0f, min, 0f);
  }

  @Test
  void wrongMagicIsNamed(@TempDir Path dir) throws IOException {
    copyRealFilesBut(dir);
    // A label file where the image file should be.
    writeGz(dir.resolve(Mnist.TRAIN_IMAGES), header(0x00000801, 60000));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains(Mnist.TRAIN_IMAGES), e.getMessage());
    assertTrue(e.getMessage().contains("magic number 0x00000801, expected 0x00000803"), e.getMessage());
  }

  @Test
  void truncatedContentIsNamed(@TempDir Path dir) throws IOException {
    copyRealFilesBut(dir);
    byte[] h = header(0x00000803, 60000, 28, 28);
    writeGz(dir.resolve(Mnist.TRAIN_IMAGES), Arrays.copyOf(h, h.length + 100));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains(Mnist.TRAIN_IMAGES + " is truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("47040016 bytes"), e.getMessage()); // 16 + 60000*28*28
    assertTrue(e.getMessage().contains("has 116"), e.getMessage());
  }

  @Test
  void truncatedGzipAndMissingFilesAreNamed(@TempDir Path dir) throws IOException {
    copyRealFilesBut(dir);
    byte[] gz = Files.readAllBytes(dir.resolve(Mnist.TEST_LABELS));
    Files.write(dir.resolve(Mnist.TEST_LABELS), Arrays.copyOf(gz, gz.length / 2));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains(Mnist.TEST_LABELS), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Files.delete(dir.resolve(Mnist.TEST_LABELS));
    e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains(Mnist.TEST_LABELS) && e.getMessage().contains("missing"),
        e.getMessage());
  }

  @Test
  void wrongContentFailsTheChecksum(@TempDir Path dir) throws IOException {
    copyRealFilesBut(dir);
    byte[] labels = new byte[8 + 10000];
    System.arraycopy(header(0x00000801, 10000), 0, labels, 0, 8);
    writeGz(dir.resolve(Mnist.TEST_LABELS), labels); // well-formed, all zeros
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertTrue(e.getMessage().contains(Mnist.TEST_LABELS + " is corrupt: sha256"), e.getMessage());
  }

  private static void copyRealFilesBut(Path dir) throws IOException {
    Path src = findData();
    for (String f : new String[] {Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, Mnist.TEST_IMAGES,
        Mnist.TEST_LABELS}) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
  }

  private static Path findData() {
    Path d = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(d.resolve("data/mnist"))) {
      d = d.getParent();
    }
    return d.resolve("data/mnist");
  }

  private static byte[] header(int... ints) {
    ByteBuffer b = ByteBuffer.allocate(4 * ints.length);
    for (int i : ints) {
      b.putInt(i);
    }
    return b.array();
  }

  private static void writeGz(Path p, byte[] content) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(content);
    }
    Files.write(p, bos.toByteArray(), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
  }
}
