package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.callbacks.ScriptedRuntime.ScriptedBackend;
import io.jkeras.training.Fit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CSVLoggerTest {
  @TempDir
  Path dir;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  private static History fit(Model m, int epochs, int initialEpoch, Callback... callbacks) {
    return m.fit(ScriptedRuntime.data(4), new float[4][1], Fit.epochs(epochs).initialEpoch(initialEpoch)
        .batchSize(4).verbose(0).validationData(ScriptedRuntime.data(2), new float[2][1]).callbacks(callbacks));
  }

  @Test
  void rowsEqualHistoryUnderASortedHeader() throws Exception {
    Path file = dir.resolve("logs/training.log");
    var backend = new ScriptedBackend(new double[] {0.75, 0.5, 0.125}, new double[] {0.8, 0.6, 1e-5});
    History h = fit(ScriptedRuntime.model(backend, 0.1), 3, 0, new CSVLogger(file));

    List<String> lines = Files.readAllLines(file);
    // Keras: "epoch" then sorted(logs.keys()), rows ended by the csv module's \r\n.
    assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", lines.get(0).strip());
    assertEquals(4, lines.size());
    assertEquals("0,0.25,0.75,0.19999999999999996,0.8", lines.get(1).strip());
    assertEquals("2,0.875,0.125,0.99999,1e-05", lines.get(3).strip());
    List<String> keys = List.of(lines.get(0).strip().split(","));
    for (int e = 0; e < 3; e++) {
      String[] cells = lines.get(e + 1).strip().split(",");
      assertEquals(e, Integer.parseInt(cells[0]));
      for (int k = 1; k < keys.size(); k++) {
        assertEquals(h.get(keys.get(k)).get(e), Double.parseDouble(cells[k]), keys.get(k) + " at epoch " + e);
      }
    }
    assertEquals('\r', Files.readString(file).charAt(lines.get(0).length()));
  }

  @Test
  void appendContinuesWithoutASecondHeaderAndSeparatorIsUsed() throws Exception {
    Path file = dir.resolve("training.tsv");
    var backend = new ScriptedBackend(new double[] {0.5, 0.25, 0.125, 0.0625, 0.5}, new double[] {1, 1, 1, 1, 1});
    Model m = ScriptedRuntime.model(backend, 0.1);
    fit(m, 2, 0, new CSVLogger(file).separator("\t"));
    fit(m, 4, 2, new CSVLogger(file).separator("\t").append(true));
    List<String> lines = Files.readAllLines(file).stream().map(String::strip).toList();
    assertEquals(List.of("epoch\taccuracy\tloss\tval_accuracy\tval_loss", "0\t0.5\t0.5\t0.0\t1.0",
        "1\t0.75\t0.25\t0.0\t1.0", "2\t0.875\t0.125\t0.0\t1.0", "3\t0.9375\t0.0625\t0.0\t1.0"), lines);

    // Without append the file starts again.
    fit(m, 1, 0, new CSVLogger(file).separator("\t"));
    assertEquals(2, Files.readAllLines(file).size());
  }

  @Test
  void missingValidationKeysAreAddedAndWrittenAsNA() throws Exception {
    Path file = dir.resolve("freq.csv");
    var backend = new ScriptedBackend(new double[] {0.5, 0.25}, new double[] {0.75});
    ScriptedRuntime.model(backend, 0.1).fit(ScriptedRuntime.data(4), new float[4][1],
        Fit.epochs(2).batchSize(4).verbose(0).validationFreq(2)
            .validationData(ScriptedRuntime.data(2), new float[2][1]).callbacks(new CSVLogger(file)));
    List<String> lines = Files.readAllLines(file).stream().map(String::strip).toList();
    assertEquals(List.of("epoch,accuracy,loss,val_accuracy,val_loss", "0,0.5,0.5,NA,NA", "1,0.75,0.25,0.25,0.75"),
        lines);
  }

  @Test
  void floatsAreWrittenAsPythonDoes() {
    // repr(float) in Python.
    assertEquals("0.1", CSVLogger.pythonFloat(0.1));
    assertEquals("1.0", CSVLogger.pythonFloat(1));
    assertEquals("0.0001", CSVLogger.pythonFloat(1e-4));
    assertEquals("1e-05", CSVLogger.pythonFloat(1e-5));
    assertEquals("1.5e-07", CSVLogger.pythonFloat(1.5e-7));
    assertEquals("1234567.0", CSVLogger.pythonFloat(1234567));
    assertEquals("1000000000000000.0", CSVLogger.pythonFloat(1e15));
    assertEquals("1e+16", CSVLogger.pythonFloat(1e16));
    assertEquals("-2.5", CSVLogger.pythonFloat(-2.5));
    assertEquals("0.6931471824645996", CSVLogger.pythonFloat((float) Math.log(2)));
    assertEquals("nan", CSVLogger.pythonFloat(Double.NaN));
    assertEquals("-inf", CSVLogger.pythonFloat(Double.NEGATIVE_INFINITY));
  }
}
