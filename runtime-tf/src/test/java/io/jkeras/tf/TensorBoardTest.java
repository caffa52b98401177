package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.TensorBoard;
import io.jkeras.layers.Dense;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.Summary;

/**
 * The TensorBoard callback's event files, read back as TensorBoard reads them: TFRecords (length, masked CRC-32C
 * of the length, data, masked CRC-32C of the data) of {@code tensorflow.Event} protos.
 */
class TensorBoardTest {
  @TempDir
  Path dir;

  @Test
  void twoEpochsWriteHistoryValuesHistogramsAndTheGraph() throws IOException {
    Keras.clearSession();
    SymbolicTensor in = Input.of(3);
    SymbolicTensor hidden = new Dense(4).activation("relu").apply(in);
    try (Model m = Model.of(in, new Dense(2).activation("softmax").apply(hidden))) {
      m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(3));
      m.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
      float[][] x = new float[40][3];
      int[] y = new int[40];
      for (int i = 0; i < 40; i++) {
        x[i] = new float[] {i % 5 / 5f, i % 3 / 3f, (i % 2)};
        y[i] = i % 2;
      }
      Path logs = dir.resolve("logs");
      History h = m.fit(x, y, Fit.epochs(2).batchSize(8).verbose(0).validationSplit(0.2)
          .callbacks(new TensorBoard(logs).histogramFreq(1)));

      List<Event> train = readEvents(logs.resolve("train"));
      List<Event> val = readEvents(logs.resolve("validation"));
      // Every file starts with its version record, as TF's EventsWriter writes it.
      assertEquals("brain.Event:2", train.get(0).getFileVersion());
      assertEquals("brain.Event:2", val.get(0).getFileVersion());

      Map<String, Float> trainScalars = scalars(train);
      Map<String, Float> valScalars = scalars(val);
      for (int e = 0; e < 2; e++) {
        assertEquals(h.get("loss").get(e).floatValue(), trainScalars.get("epoch_loss@" + e));
        assertEquals(h.get("accuracy").get(e).floatValue(), trainScalars.get("epoch_accuracy@" + e));
        assertEquals(0.001f, trainScalars.get("epoch_learning_rate@" + e), 1e-9f);
        assertEquals(h.get("val_loss").get(e).floatValue(), valScalars.get("epoch_loss@" + e));
        assertEquals(h.get("val_accuracy").get(e).floatValue(), valScalars.get("epoch_accuracy@" + e));
        // 32 training examples in batches of 8: 4 optimizer steps per epoch.
        assertEquals(h.get("val_loss").get(e).floatValue(),
            valScalars.get("evaluation_loss_vs_iterations@" + (4 * (e + 1))));
      }
      assertEquals(6, trainScalars.size(), trainScalars.toString());
      assertEquals(8, valScalars.size(), valScalars.toString());

      // Weight histograms at epochs 0 and 1, one per weight; each counts the weight's elements.
      Map<String, Double> histogramCounts = new LinkedHashMap<>();
      for (Event ev : train) {
        for (Summary.Value v : ev.getSummary().getValueList()) {
          if (v.hasHisto()) {
            histogramCounts.put(v.getTag() + "@" + ev.getStep(), v.getHisto().getNum());
          }
        }
      }
      assertEquals(Map.of("dense/kernel/histogram@0", 12.0, "dense/bias/histogram@0", 4.0,
          "dense_1/kernel/histogram@0", 8.0, "dense_1/bias/histogram@0", 2.0, "dense/kernel/histogram@1", 12.0,
          "dense/bias/histogram@1", 4.0, "dense_1/kernel/histogram@1", 8.0, "dense_1/bias/histogram@1", 2.0),
          histogramCounts);

      // The TF graph and the Keras model config (tag "keras") with write_graph.
      List<Event> graphs = train.stream().filter(Event::hasGraphDef).toList();
      assertEquals(1, graphs.size());
      GraphDef g = GraphDef.parseFrom(graphs.get(0).getGraphDef());
      assertTrue(g.getNodeList().stream().anyMatch(n -> n.getName().contains("dense")), "no dense op in graph");
      Summary.Value keras = train.stream().flatMap(ev -> ev.getSummary().getValueList().stream())
          .filter(v -> v.getTag().equals("keras")).findFirst().orElseThrow();
      assertEquals("graph_keras_model", keras.getMetadata().getPluginData().getPluginName());
      assertTrue(keras.getTensor().getStringVal(0).toStringUtf8().contains("\"class_name\""));
      assertFalse(val.stream().anyMatch(Event::hasGraphDef));
    }
  }

  private static Map<String, Float> scalars(List<Event> events) {
    Map<String, Float> m = new LinkedHashMap<>();
    for (Event ev : events) {
      for (Summary.Value v : ev.getSummary().getValueList()) {
        if (v.getValueCase() == Summary.Value.ValueCase.SIMPLE_VALUE) {
          m.put(v.getTag() + "@" + ev.getStep(), v.getSimpleValue());
        }
      }
    }
    return m;
  }

  /** The events of the one event file in {@code dir}, CRCs checked. */
  static List<Event> readEvents(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
    }
    assertEquals(1, files.size(), "event files in " + dir + ": " + files);
    assertTrue(files.get(0).getFileName().toString().endsWith(".v2"), files.get(0).toString());
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(files.get(0))).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buf.hasRemaining()) {
      byte[] header = new byte[8];
      buf.get(header);
      int lengthCrc = buf.getInt();
      assertEquals(maskedCrc32c(header), lengthCrc, "length CRC of record " + events.size());
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      byte[] data = new byte[(int) length];
      buf.get(data);
      int dataCrc = buf.getInt();
      assertEquals(maskedCrc32c(data), dataCrc, "data CRC of record " + events.size());
      events.add(Event.parseFrom(data));
    }
    return events;
  }

  /** TFRecord's CRC mask: rotate right by 15 bits and add 0xa282ead8. */
  static int maskedCrc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }
}
