package io.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.data.Dataset;
import io.jkeras.training.Batches;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * The directory and timeseries loaders: Keras' file order, split and windows (fixtures of
 * tools/keras-crosscheck/make_loader_fixtures.py), exact pixels of lossless images, label modes, and the bad
 * inputs of issue 16 (a corrupt file is skipped and logged, an empty class folder and mixed sizes are errors
 * naming the files).
 */
class DatasetLoadersTest {
  private static Map<String, Object> fixtures;

  @TempDir Path tmp;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws Exception {
    try (InputStream in = DatasetLoadersTest.class.getResourceAsStream("/data/loaders.json")) {
      fixtures = new ObjectMapper().readValue(in, Map.class);
    }
  }

  private static DirectoryOptions quiet() {
    return DirectoryOptions.defaults().verbose(false);
  }

  /** A gray PNG whose pixel (y, x) is {@code (seed + 3y + x) % 256}. */
  static void grayPng(Path file, int h, int w, int seed) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, (seed + 3 * y + x) % 256);
      }
    }
    ImageIO.write(img, "png", file.toFile());
  }

  private static void rgbImage(Path file, String format, int h, int w) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, (10 * x) << 16 | (20 * y) << 8 | 7);
      }
    }
    ImageIO.write(img, format, file.toFile());
  }

  @Test
  void numpyShufflesAsKeras() {
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      perm.add(i);
    }
    new NumpyRandomState(1337).shuffle(perm);
    assertEquals(fixtures.get("random_state_1337_50"), perm);
    List<Integer> small = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
    new NumpyRandomState(0).shuffle(small);
    assertEquals(fixtures.get("random_state_0_7"), small);
  }

  @Test
  @SuppressWarnings("unchecked")
  void filesAreListedOrderedAndSplitAsKeras() throws Exception {
    Map<String, List<String>> layout = (Map<String, List<String>>) fixtures.get("layout");
    for (Map.Entry<String, List<String>> e : layout.entrySet()) {
      for (String f : e.getValue()) {
        Path p = tmp.resolve(e.getKey()).resolve(f);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[0]);
      }
    }
    Files.createDirectories(tmp.resolve(".hidden"));
    Map<String, Object> plain = (Map<String, Object>) fixtures.get("unshuffled");
    DirectoryDataset ds = DatasetUtils.imageDatasetFromDirectory(tmp, quiet().shuffle(false));
    assertEquals(plain.get("files"), relative(ds.filePaths()));
    assertEquals(plain.get("class_names"), ds.classNames());
    Map<String, Object> shuffled = (Map<String, Object>) fixtures.get("shuffled_1337");
    assertEquals(shuffled.get("files"), relative(DatasetUtils.imageDatasetFromDirectory(tmp, quiet().seed(1337))
        .filePaths()));
    Map<String, Object> split = (Map<String, Object>) fixtures.get("split_1337_0.3");
    for (String subset : List.of("training", "validation")) {
      DirectoryDataset part = DatasetUtils.imageDatasetFromDirectory(tmp, quiet().seed(1337).validationSplit(0.3)
          .subset(subset));
      assertEquals(split.get(subset), relative(part.filePaths()), subset);
    }
  }

  private List<String> relative(List<Path> files) {
    List<String> out = new ArrayList<>();
    files.forEach(f -> out.add(tmp.relativize(f).toString()));
    return out;
  }

  @Test
  void losslessImagesLoadExactlyWithEachLabelMode() throws Exception {
    grayPng(tmp.resolve("a/one.png"), 4, 5, 10);
    grayPng(tmp.resolve("b/two.png"), 4, 5, 100);
    rgbImage(tmp.resolve("b/three.bmp"), "bmp", 4, 5);
    DirectoryDataset ds = DatasetUtils.imageDatasetFromDirectory(tmp, quiet().noResize().shuffle(false)
        .colorMode("grayscale").batchSize(3));
    Batches.Item b = ds.iterator().next();
    FloatNdArray x = (FloatNdArray) b.x();
    assertArrayEquals(new long[] {3, 4, 5, 1}, x.shape().asArray());
    assertEquals((10 + 3 * 2 + 4) % 256, x.getFloat(0, 2, 4, 0), 0f, "pixel (2, 4) of a/one.png");
    assertEquals((100 + 3 * 3 + 1) % 256, x.getFloat(2, 3, 1, 0), 0f, "pixel (3, 1) of b/two.png");
    IntNdArray y = (IntNdArray) b.y();
    assertEquals(List.of(0, 1, 1), List.of(y.getInt(0), y.getInt(1), y.getInt(2)));
    // RGB from the BMP: channels exactly as written
    Batches.Item rgb = DatasetUtils.imageDatasetFromDirectory(tmp, quiet().noResize().shuffle(false).batchSize(3)
        .labelMode("categorical")).iterator().next();
    FloatNdArray px = (FloatNdArray) rgb.x();
    assertArrayEquals(new long[] {3, 4, 5, 3}, px.shape().asArray());
    assertEquals(30f, px.getFloat(1, 2, 3, 0), 0f);
    assertEquals(40f, px.getFloat(1, 2, 3, 1), 0f);
    assertEquals(7f, px.getFloat(1, 2, 3, 2), 0f);
    assertEquals(px.getFloat(0, 1, 1, 0), px.getFloat(0, 1, 1, 2), 0f, "gray PNG as RGB: equal channels");
    FloatNdArray hot = (FloatNdArray) rgb.y();
    assertArrayEquals(new long[] {3, 2}, hot.shape().asArray());
    assertEquals(1f, hot.getFloat(2, 1), 0f);
    Batches.Item bin = DatasetUtils.imageDatasetFromDirectory(tmp, quiet().imageSize(2, 2).shuffle(false)
        .labelMode("binary")).iterator().next();
    assertArrayEquals(new long[] {3, 1}, ((NdArray<?>) bin.y()).shape().asArray());
    assertArrayEquals(new long[] {3, 2, 2, 3}, ((NdArray<?>) bin.x()).shape().asArray());
  }

  @Test
  void aCorruptFileIsSkippedAndCountedNotFatal() throws Exception {
    for (int i = 0; i < 5; i++) {
      grayPng(tmp.resolve("c/ok" + i + ".png"), 3, 3, i);
    }
    Files.write(tmp.resolve("c/broken.png"), "not a png".getBytes(StandardCharsets.US_ASCII));
    DirectoryDataset ds = DatasetUtils.imageDatasetFromDirectory(tmp, quiet().imageSize(3, 3).batchSize(4));
    int n = 0;
    for (Batches.Item b : ds) {
      n += ((NdArray<?>) b.x()).shape().get(0);
    }
    assertEquals(5, n, "the five good images");
    assertEquals(1, ds.skippedFiles().size());
    assertTrue(ds.skippedFiles().get(0).contains("broken.png"), ds.skippedFiles().toString());
  }

  @Test
  void emptyClassFoldersAndMixedSizesAreErrorsNamingTheFiles() throws Exception {
    grayPng(tmp.resolve("small/a.png"), 3, 3, 1);
    grayPng(tmp.resolve("large/b.png"), 5, 4, 1);
    Files.createDirectories(tmp.resolve("empty"));
    var e = assertThrows(IllegalArgumentException.class, () -> DatasetUtils.imageDatasetFromDirectory(tmp, quiet()));
    assertTrue(e.getMessage().contains("'empty'"), e.getMessage());
    DirectoryDataset ds = DatasetUtils.imageDatasetFromDirectory(tmp, quiet().noResize().classNames(
        List.of("large", "small")));
    var mixed = assertThrows(IllegalArgumentException.class, () -> ds.iterator().next());
    assertTrue(mixed.getMessage().contains("a.png") && mixed.getMessage().contains("b.png")
        && mixed.getMessage().contains("3x3") && mixed.getMessage().contains("4x5"), mixed.getMessage());
    var seed = assertThrows(IllegalArgumentException.class, () -> DatasetUtils.imageDatasetFromDirectory(tmp,
        quiet().validationSplit(0.2).subset("training")));
    assertTrue(seed.getMessage().contains("seed"), seed.getMessage());
    var binary = assertThrows(IllegalArgumentException.class, () -> DatasetUtils.imageDatasetFromDirectory(tmp,
        quiet().labelMode("binary").classNames(List.of("large", "small", "empty"))));
    assertTrue(binary.getMessage().contains("'empty'") || binary.getMessage().contains("binary"), binary.getMessage());
  }

  @Test
  void textsLoadWithLabelsAndMaxLength() throws Exception {
    Files.createDirectories(tmp.resolve("neg"));
    Files.createDirectories(tmp.resolve("pos"));
    Files.writeString(tmp.resolve("neg/1.txt"), "bad film");
    Files.writeString(tmp.resolve("pos/1.txt"), "great film, très bien");
    Files.writeString(tmp.resolve("pos/ignored.md"), "not a text sample");
    DirectoryDataset ds = DatasetUtils.textDatasetFromDirectory(tmp, quiet().shuffle(false));
    Batches.Item b = ds.iterator().next();
    NdArray<?> x = (NdArray<?>) b.x();
    assertEquals("bad film", x.getObject(0));
    assertEquals("great film, très bien", x.getObject(1));
    assertEquals(List.of("neg", "pos"), ds.classNames());
    Batches.Item cut = DatasetUtils.textDatasetFromDirectory(tmp, quiet().shuffle(false).maxLength(5)).iterator()
        .next();
    assertEquals("great", ((NdArray<?>) cut.x()).getObject(1));
  }

  @Test
  @SuppressWarnings("unchecked")
  void timeseriesWindowsAreKeras() {
    float[][] data = new float[20][2];
    long[] targets = new long[20];
    for (int i = 0; i < 20; i++) {
      data[i][0] = 2 * i;
      data[i][1] = 2 * i + 1;
      targets[i] = 10L * i;
    }
    Dataset ds = DatasetUtils.timeseriesDatasetFromArray(data, targets, 4, 2, 2, 3, false, null, 1, 18);
    List<Map<String, Object>> expected = (List<Map<String, Object>>) fixtures.get("timeseries");
    List<Batches.Item> got = ds.toList();
    assertEquals(expected.size(), got.size());
    for (int b = 0; b < got.size(); b++) {
      List<List<List<Number>>> ex = (List<List<List<Number>>>) expected.get(b).get("x");
      FloatNdArray x = (FloatNdArray) got.get(b).x();
      assertEquals(ex.size(), x.shape().get(0));
      for (int i = 0; i < ex.size(); i++) {
        for (int t = 0; t < 4; t++) {
          for (int f = 0; f < 2; f++) {
            assertEquals(ex.get(i).get(t).get(f).floatValue(), x.getFloat(i, t, f), 0f);
          }
        }
        assertEquals(((List<Number>) expected.get(b).get("y")).get(i).longValue(),
            ((NdArray<?>) got.get(b).y()).getObject(i));
      }
    }
  }
}
