package io.jkeras.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.training.Batches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.NdArray;

/** The CSV loader on the shipped penguins table and on bad files (each error names the file, line and column). */
class CsvDatasetTest {
  @TempDir Path tmp;

  static Path penguins() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("data/penguins/penguins.csv"))) {
      dir = dir.getParent();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "data/penguins/penguins.csv not found");
    return dir.resolve("data/penguins/penguins.csv");
  }

  @Test
  void penguinsTypesMissingValuesAndADatasetByColumnName() throws Exception {
    var e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(penguins()));
    assertTrue(e.getMessage().contains("penguins.csv:5:") && e.getMessage().contains("'bill_length_mm'"),
        e.getMessage());
    CsvDataset t = CsvDataset.read(penguins(), CsvDataset.options().dropRowsWithMissing(true));
    assertEquals(333, t.numRows());
    assertEquals(11, t.droppedRows());
    assertEquals(List.of("species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g",
        "sex", "year"), t.columnNames());
    assertEquals(CsvDataset.ColumnType.STRING, t.columnType("island"));
    assertEquals(CsvDataset.ColumnType.FLOAT32, t.columnType("bill_length_mm"));
    assertEquals(CsvDataset.ColumnType.INT64, t.columnType("body_mass_g"));
    assertEquals(Map.of("species", "Adelie", "island", "Torgersen", "bill_length_mm", 39.1f, "bill_depth_mm", 18.7f,
        "flipper_length_mm", 181L, "body_mass_g", 3750L, "sex", "male", "year", 2007L), t.row(0));
    assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), t.indexColumn("species"));
    Batches.Item b = t.toDataset("species").batch(4).iterator().next();
    Map<?, ?> x = (Map<?, ?>) b.x();
    assertEquals(7, x.size());
    assertArrayEquals(new long[] {4, 1}, ((NdArray<?>) x.get("island")).shape().asArray());
    assertEquals("Torgersen", ((NdArray<?>) x.get("island")).getObject(0, 0));
    assertEquals(0L, ((NdArray<?>) b.y()).getObject(0));
  }

  @Test
  void quotedFieldsAndBadRowsNameTheLine() throws Exception {
    Path ok = tmp.resolve("ok.csv");
    Files.writeString(ok, "name,score,note\n\"Smith, J\",3,\"said \"\"hi\"\"\nthen left\"\nLee,4.5,\n");
    CsvDataset t = CsvDataset.read(ok, CsvDataset.options().naValues(java.util.Set.of("NA")));
    assertEquals("Smith, J", t.row(0).get("name"));
    assertEquals("said \"hi\"\nthen left", t.row(0).get("note"));
    assertEquals(CsvDataset.ColumnType.FLOAT32, t.columnType("score"));
    assertEquals("", t.row(1).get("note"));
    Path shortRow = tmp.resolve("short.csv");
    Files.writeString(shortRow, "a,b,c\n1,2,3\n4,5\n");
    var e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(shortRow));
    assertTrue(e.getMessage().contains("short.csv:3:") && e.getMessage().contains("expected 3 fields"), e.getMessage());
    Path typo = tmp.resolve("typo.csv");
    Files.writeString(typo, "age,city\n31,Oslo\nforty,Rome\n");
    var t2 = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(typo, CsvDataset.options()
        .columnType("age", CsvDataset.ColumnType.INT64)));
    assertTrue(t2.getMessage().contains("typo.csv:3:") && t2.getMessage().contains("'age'")
        && t2.getMessage().contains("'forty'"), t2.getMessage());
    assertEquals(CsvDataset.ColumnType.STRING, CsvDataset.read(typo).columnType("age"), "inferred: not a number");
    Path open = tmp.resolve("open.csv");
    Files.writeString(open, "a\n\"never closed\n");
    var t3 = assertThrows(IllegalArgumentException.class, () -> CsvDataset.read(open));
    assertTrue(t3.getMessage().contains("open.csv:2:") && t3.getMessage().contains("not closed"), t3.getMessage());
  }
}
