package io.jkeras.samples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFilesTest {
  @TempDir Path tmp;

  @Test
  void csvHasKerasCsvLoggerLayoutWithoutValidation() throws Exception {
    Map<String, List<Double>> h = new LinkedHashMap<>();
    h.put("loss", List.of(0.25, 0.125));
    h.put("accuracy", List.of(0.75, 0.875));
    Path csv = HistoryFiles.writeCsv(h, tmp.resolve("h.csv"));
    // Keys sorted, epochs from 0.
    assertEquals("epoch,accuracy,loss\n0,0.75,0.25\n1,0.875,0.125\n", Files.readString(csv));
    Path png = HistoryFiles.writeChart(h, tmp.resolve("charts/h.png"));
    // One panel per training metric: loss and accuracy, 520 x 400 each.
    assertEquals(1040, ImageIO.read(png.toFile()).getWidth());
  }

  @Test
  void badHistoriesAreNamed() {
    Map<String, List<Double>> uneven = new LinkedHashMap<>();
    uneven.put("loss", List.of(1.0, 0.5));
    uneven.put("val_loss", List.of(1.0));
    var e = assertThrows(IllegalArgumentException.class,
        () -> HistoryFiles.writeCsv(uneven, tmp.resolve("x.csv")));
    assertEquals("history: 'val_loss' has 1 values, other metrics 2", e.getMessage());
    var empty = assertThrows(IllegalArgumentException.class,
        () -> HistoryFiles.writeChart(Map.of(), tmp.resolve("x.png")));
    assertEquals("history is empty: no metrics recorded", empty.getMessage());
    var jpg = assertThrows(IllegalArgumentException.class,
        () -> HistoryFiles.writeChart(Map.of("loss", List.of(1.0)), tmp.resolve("x.jpg")));
    assertEquals("chart file must end in .png, got '" + tmp.resolve("x.jpg") + "'", jpg.getMessage());
  }
}
