package io.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An epoch streams: a child JVM with a 32 MB heap makes two passes over 400 images whose decoded float pixels
 * (128 x 128 x 3 x 4 bytes each, 79 MB in all) are more than twice the heap.
 */
class StreamingTest {
  @TempDir Path tmp;

  @Test
  void twoEpochsOverMoreImagesThanTheHeapHolds() throws Exception {
    BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int c = 0; c < 2; c++) {
      Path dir = Files.createDirectories(tmp.resolve("class" + c));
      for (int i = 0; i < 200; i++) {
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            img.setRGB(x, y, ((x * 4 + i) & 0xFF) << 16 | ((y * 4) & 0xFF) << 8 | c * 200);
          }
        }
        ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
      }
    }
    long decodedBytes = 400L * 128 * 128 * 3 * 4;
    long heap = 32L << 20;
    assertTrue(decodedBytes > 2 * heap);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx32m", "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), StreamingChild.class.getName(), tmp.toString()))
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finishes");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("IMAGES 800 "), out);
    long max = Long.parseLong(out.substring(out.indexOf("MAXHEAP ") + 8).trim());
    assertTrue(max <= heap + (4L << 20), "the child's heap is small: " + max);
  }
}
