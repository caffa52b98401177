package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.callbacks.ScriptedRuntime.RecordingWriter;
import io.jkeras.callbacks.ScriptedRuntime.ScriptedBackend;
import io.jkeras.training.Fit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TensorBoard callback's tags, steps and directories (the event files are tested in runtime-tf). */
class TensorBoardCallbackTest {
  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  @Test
  void epochScalarsHistogramsAndGraphInKerasLayout() {
    var backend = new ScriptedBackend(new double[] {0.5, 0.5, 0.25, 0.25}, new double[] {0.75, 0.625});
    Model m = ScriptedRuntime.model(backend, 0.1);
    var tb = new TensorBoard(Path.of("tb")).histogramFreq(2);
    History h = m.fit(ScriptedRuntime.data(4), new float[4][1], Fit.epochs(2).batchSize(2).shuffle(false)
        .verbose(0).validationData(ScriptedRuntime.data(2), new float[2][1]).callbacks(tb));

    List<RecordingWriter> writers = backend.last.writers;
    assertEquals(2, writers.size());
    RecordingWriter train = writers.get(0);
    RecordingWriter val = writers.get(1);
    assertEquals(Path.of("tb", "train"), train.dir);
    assertEquals(Path.of("tb", "validation"), val.dir);
    assertTrue(train.closed && val.closed);
    assertEquals(List.of("keras@0", "graph@0",
        "scalar epoch_loss@0", "scalar epoch_accuracy@0", "scalar epoch_learning_rate@0",
        "histogram dense/kernel/histogram@0 n=1", "histogram dense/bias/histogram@0 n=1",
        "scalar epoch_loss@1", "scalar epoch_accuracy@1", "scalar epoch_learning_rate@1"), train.events);
    // Validation: evaluation_*_vs_iterations at the optimizer step (2 steps per epoch), then epoch_* values.
    assertEquals(List.of("scalar evaluation_loss_vs_iterations@2", "scalar evaluation_accuracy_vs_iterations@2",
        "scalar epoch_loss@0", "scalar epoch_accuracy@0",
        "scalar evaluation_loss_vs_iterations@4", "scalar evaluation_accuracy_vs_iterations@4",
        "scalar epoch_loss@1", "scalar epoch_accuracy@1"), val.events);
    for (int e = 0; e < 2; e++) {
      assertEquals(h.get("loss").get(e), train.scalars.get("epoch_loss@" + e));
      assertEquals(h.get("accuracy").get(e), train.scalars.get("epoch_accuracy@" + e));
      assertEquals(0.1, train.scalars.get("epoch_learning_rate@" + e));
      assertEquals(h.get("val_loss").get(e), val.scalars.get("epoch_loss@" + e));
    }
  }

  @Test
  void batchValuesEveryNBatchesAtTheGlobalBatchStep() {
    var backend = new ScriptedBackend(new double[] {1, 2, 3, 4, 5, 6}, new double[0]);
    Model m = ScriptedRuntime.model(backend, 0.1);
    var tb = new TensorBoard("tb").updateFreq(2).writeGraph(false);
    m.fit(ScriptedRuntime.data(6), new float[6][1],
        Fit.epochs(2).batchSize(2).shuffle(false).verbose(0).callbacks(tb));
    RecordingWriter train = backend.last.writers.get(0);
    assertEquals(1, backend.last.writers.size());
    List<String> batchEvents = train.events.stream().filter(s -> s.contains("batch_")).toList();
    // Global batches 1..6; every 2nd: steps 2, 4, 6 (the running loss of batches 2, 4 and 6).
    assertEquals(List.of("scalar batch_loss@2", "scalar batch_accuracy@2", "scalar batch_loss@4",
        "scalar batch_accuracy@4", "scalar batch_loss@6", "scalar batch_accuracy@6"), batchEvents);
    assertEquals(2.0, train.scalars.get("batch_loss@2"));
    assertEquals(6.0, train.scalars.get("batch_loss@6"));
    assertEquals("2", tb.updateFreq());
    assertEquals("batch", new TensorBoard().updateFreq("batch").updateFreq());
    assertThrows(IllegalArgumentException.class, () -> new TensorBoard().updateFreq("step"));
  }
}
