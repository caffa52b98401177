package io.jkeras.datasets;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Empty, foreign, truncated and mismatched MNIST files: each load fails with an {@link IOException} naming the
 * file and what is wrong (the first file read is the training images, so no real data is needed here).
 */
class MnistBadFilesTest {
  @TempDir Path dir;

  private IOException loadFails(String... parts) {
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }
    return e;
  }

  @Test
  void emptyFile() throws IOException {
    Files.write(dir.resolve(Mnist.TRAIN_IMAGES), new byte[0]);
    loadFails(Mnist.TRAIN_IMAGES, "truncated");
  }

  @Test
  void foreignFilesThatAreNotGzip() throws IOException {
    Files.writeString(dir.resolve(Mnist.TRAIN_IMAGES), "<html>404 Not Found</html>");
    loadFails(Mnist.TRAIN_IMAGES, "not a valid gzip file");
    // A PNG's signature.
    Files.write(dir.resolve(Mnist.TRAIN_IMAGES), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    loadFails(Mnist.TRAIN_IMAGES, "not a valid gzip file");
  }

  /** Well-formed training labels, so that the images file is parsed. */
  private void trainingLabels() throws IOException {
    byte[] labels = new byte[8 + 60000];
    System.arraycopy(ints(0x00000801, 60000), 0, labels, 0, 8);
    writeGz(dir.resolve(Mnist.TRAIN_LABELS), labels);
  }

  @Test
  void gzipOfSomethingElse() throws IOException {
    trainingLabels();
    writeGz(dir.resolve(Mnist.TRAIN_IMAGES), "just some text, not an IDX file".getBytes(StandardCharsets.UTF_8));
    loadFails(Mnist.TRAIN_IMAGES, "magic number 0x6A757374", "expected 0x00000803");
    writeGz(dir.resolve(Mnist.TRAIN_IMAGES), new byte[0]);
    loadFails(Mnist.TRAIN_IMAGES, "truncated", "0 bytes");
    writeGz(dir.resolve(Mnist.TRAIN_IMAGES), new byte[] {0, 0, 8, 3, 0, 0});
    loadFails(Mnist.TRAIN_IMAGES, "truncated", "6 bytes", "IDX header");
  }

  @Test
  void testImagesWhereTrainingImagesBelong() throws IOException {
    trainingLabels();
    writeGz(dir.resolve(Mnist.TRAIN_IMAGES), ints(0x00000803, 10000, 28, 28));
    loadFails(Mnist.TRAIN_IMAGES, "holds 10000 images of 28x28", "expected 60000");
    writeGz(dir.resolve(Mnist.TRAIN_IMAGES), ints(0x00000803, 60000, 32, 32));
    loadFails(Mnist.TRAIN_IMAGES, "32x32");
  }

  @Test
  void labelsThatAreNotDigits() throws IOException {
    byte[] labels = new byte[8 + 10000];
    System.arraycopy(ints(0x00000801, 10000), 0, labels, 0, 8);
    labels[8 + 42] = 10;
    IOException e = assertThrows(IOException.class, () -> Mnist.parseLabels(Mnist.TEST_LABELS, labels, 10000));
    assertTrue(e.getMessage().contains("label 42 is 10"), e.getMessage());
  }

  @Test
  void aDirectoryOrNothingWhereAFileBelongs() throws IOException {
    Files.createDirectory(dir.resolve(Mnist.TRAIN_IMAGES));
    loadFails(Mnist.TRAIN_IMAGES, "missing");
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir.resolve("no-such-folder")));
    assertTrue(e.getMessage().contains("no-such-folder"), e.getMessage());
    NullPointerException npe = assertThrows(NullPointerException.class, () -> Mnist.load(null));
    assertTrue(npe.getMessage().contains("dir"), npe.getMessage());
  }

  private static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  private static void writeGz(Path p, byte[] content) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(content);
    }
    Files.write(p, bos.toByteArray());
  }
}
