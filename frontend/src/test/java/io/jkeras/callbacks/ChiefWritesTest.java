package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.callbacks.ScriptedRuntime.ScriptedBackend;
import io.jkeras.distribute.MultiWorkerMirroredStrategy;
import io.jkeras.distribute.TfConfig;
import io.jkeras.training.Fit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a distributed job only the chief writes checkpoints and TensorBoard files (Keras' {@code should_checkpoint});
 * the strategy is only recorded here (a scripted runtime trains), so no cluster is needed.
 */
class ChiefWritesTest {
  @TempDir Path dir;

  private Model modelOf(TfConfig config, ScriptedBackend backend) {
    Keras.clearSession();
    try (var scope = new MultiWorkerMirroredStrategy(config).scope()) {
      return ScriptedRuntime.model(backend, 0.1);
    }
  }

  private static TfConfig worker(int index) {
    return new TfConfig(Map.of("worker", List.of("127.0.0.1:1", "127.0.0.1:2")), "worker", index);
  }

  @Test
  void theChiefWritesCheckpointsAndEventFilesTheOtherWorkersDoNot() throws Exception {
    for (int task = 0; task < 2; task++) {
      var backend = new ScriptedBackend(new double[] {0.5, 0.25}, new double[0]);
      Model m = modelOf(worker(task), backend);
      Path ckpt = dir.resolve("w" + task + "-{epoch}.weights.npz");
      var checkpoint = new ModelCheckpoint(ckpt.toString()).saveWeightsOnly(true);
      var tb = new TensorBoard(dir.resolve("tb" + task));
      m.fit(ScriptedRuntime.data(4), new float[4][1], Fit.epochs(1).batchSize(4).shuffle(false).verbose(0)
          .callbacks(checkpoint, tb));
      boolean chief = task == 0;
      assertEquals(chief, Files.exists(dir.resolve("w" + task + "-1.weights.npz")), "task " + task);
      assertEquals(chief ? 1 : 0, backend.last.writers.size(), "task " + task + ": event-file writers");
      if (chief) {
        assertNotNull(checkpoint.lastSaved());
        assertTrue(backend.last.writers.get(0).events.stream().anyMatch(e -> e.startsWith("scalar epoch_loss")));
      } else {
        assertFalse(Files.exists(dir.resolve("tb1")));
      }
    }
  }
}
