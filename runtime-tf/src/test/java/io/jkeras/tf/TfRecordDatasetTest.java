package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.DType;
import io.jkeras.data.Dataset;
import io.jkeras.training.Batches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;

/**
 * TFRecord files written by TensorFlow (tools/keras-crosscheck/make_tfrecord_fixtures.py) read as
 * tf.data.TFRecordDataset + tf.io.parse_single_example read them, and damaged files named with the byte offset.
 */
class TfRecordDatasetTest {
  @TempDir Path tmp;

  private static Path fixture() throws Exception {
    return Path.of(TfRecordDatasetTest.class.getResource("/tfrecord/examples.tfrecord").toURI());
  }

  private static final Map<String, TfRecordDataset.FixedLen> SPEC = Map.of(
      "pixels", TfRecordDataset.fixedLen(DType.FLOAT32, 3),
      "ids", TfRecordDataset.fixedLen(DType.INT64, 3),
      "label", TfRecordDataset.fixedLen(DType.STRING));

  @Test
  @SuppressWarnings("unchecked")
  void examplesParseAsTensorFlowParsesThem() throws Exception {
    Map<String, Object> expected = new ObjectMapper().readValue(
        TfRecordDatasetTest.class.getResourceAsStream("/tfrecord/examples.json"), Map.class);
    List<Map<String, Object>> records = (List<Map<String, Object>>) expected.get("records");
    List<Batches.Item> got = TfRecordDataset.examples(List.of(fixture()), SPEC).toList();
    assertEquals(records.size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      Map<?, ?> f = (Map<?, ?>) got.get(i).x();
      List<Number> px = (List<Number>) records.get(i).get("pixels");
      FloatNdArray pixels = (FloatNdArray) f.get("pixels");
      for (int k = 0; k < 3; k++) {
        assertEquals(px.get(k).floatValue(), pixels.getFloat(k), 0f);
        assertEquals(((List<Number>) records.get(i).get("ids")).get(k).longValue(), ((LongNdArray) f.get("ids"))
            .getLong(k));
      }
      assertEquals(records.get(i).get("label"), f.get("label"));
    }
    Dataset batches = TfRecordDataset.examples(List.of(fixture(), fixture()), SPEC)
        .map(e -> Batches.Item.of(((Map<?, ?>) e.x()).get("pixels"), ((Map<?, ?>) e.x()).get("ids"))).batch(4);
    List<Batches.Item> b = batches.toList();
    assertEquals(2, b.size(), "six records from two files in batches of 4");
    assertArrayEquals(new long[] {4, 3}, ((NdArray<?>) b.get(0).x()).shape().asArray());
  }

  @Test
  void damagedFilesAndMissingFeaturesAreNamed() throws Exception {
    byte[] bytes = Files.readAllBytes(fixture());
    Path cut = tmp.resolve("cut.tfrecord");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    var e = assertThrows(IllegalArgumentException.class, () -> TfRecordDataset.records(List.of(cut)).toList());
    assertTrue(e.getMessage().contains("cut.tfrecord") && e.getMessage().contains("at byte"), e.getMessage());
    Path flipped = tmp.resolve("flipped.tfrecord");
    byte[] bad = bytes.clone();
    bad[20] ^= 1;
    Files.write(flipped, bad);
    var c = assertThrows(IllegalArgumentException.class, () -> TfRecordDataset.records(List.of(flipped)).toList());
    assertTrue(c.getMessage().contains("at byte 0") && c.getMessage().contains("checksum"), c.getMessage());
    var m = assertThrows(IllegalArgumentException.class, () -> TfRecordDataset.examples(List.of(fixture()),
        Map.of("age", TfRecordDataset.fixedLen(DType.INT64))).toList());
    assertTrue(m.getMessage().contains("record 0") && m.getMessage().contains("'age'"), m.getMessage());
  }
}
