package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.callbacks.ScriptedRuntime.ScriptedBackend;
import io.jkeras.training.Fit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TerminateOnNaNTest {
  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  @Test
  void stopsAtTheBatchWhoseLossIsNaN() {
    // 4 batches per epoch; the loss of the 7th step (epoch 1, batch 2) is NaN.
    double[] losses = {1, 1, 1, 1, 1, 1, Double.NaN, 1, 1, 1, 1, 1};
    var backend = new ScriptedBackend(losses, new double[0]);
    var terminate = new TerminateOnNaN();
    Model m = ScriptedRuntime.model(backend, 0.1);
    History h = m.fit(ScriptedRuntime.data(8), new float[8][1],
        Fit.epochs(3).batchSize(2).verbose(0).callbacks(terminate));
    assertEquals(7, backend.last.trainSteps);
    assertEquals(2, terminate.terminatedAtBatch());
    assertEquals(List.of(0, 1), h.epochs());
    assertTrue(Double.isNaN(h.get("loss").get(1)));
  }

  @Test
  void infiniteLossStopsToo() {
    Model m = ScriptedRuntime.model(new ScriptedBackend(new double[1], new double[0]), 0.1);
    var terminate = new TerminateOnNaN();
    terminate.setModel(m);
    terminate.onTrainBegin(new HashMap<>());
    terminate.onTrainBatchEnd(0, Map.of("loss", 0.5));
    assertFalse(m.stopTraining());
    terminate.onTrainBatchEnd(1, Map.of("loss", Double.POSITIVE_INFINITY));
    assertTrue(m.stopTraining());
    assertEquals(1, terminate.terminatedAtBatch());
  }
}
