package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.callbacks.ScriptedRuntime.ScriptedBackend;
import io.jkeras.training.Fit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReduceLROnPlateauTest {
  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  private static History fit(Model m, int epochs, Callback... callbacks) {
    return m.fit(ScriptedRuntime.data(4), new float[4][1], Fit.epochs(epochs).batchSize(4).shuffle(false)
        .verbose(0).validationData(ScriptedRuntime.data(2), new float[2][1]).callbacks(callbacks));
  }

  private static void assertAllClose(List<Double> expected, List<Double> actual) {
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), 1e-12, "index " + i + " of " + actual);
    }
  }

  @Test
  void flatPlateauWithCooldownAndMinLr() {
    // Keras' rules by hand, val_loss flat at 1, lr 0.1, patience 2, factor 0.5, cooldown 1, min_lr 0.02:
    // e0 best=1; e1 wait 1; e2 wait 2 -> lr 0.05, cooldown 1; e3 cooldown ends, wait 1; e4 wait 2 -> 0.025;
    // e5 wait 1; e6 wait 2 -> max(0.0125, 0.02) = 0.02; e7 wait 1; e8 wait 2, lr is min_lr: no change.
    // learning_rate in the logs is the rate the epoch trained with (read before any reduction).
    double[] flat = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    var backend = new ScriptedBackend(new double[9], flat);
    var reduce = new ReduceLROnPlateau().patience(2).factor(0.5).cooldown(1).minLr(0.02);
    History h = fit(ScriptedRuntime.model(backend, 0.1), 9, reduce);
    List<Double> expected = List.of(0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02);
    assertAllClose(expected, h.get("learning_rate"));
    assertAllClose(expected, backend.last.lrAtStep);
    assertEquals(0.02, backend.last.learningRate(), 1e-12);
  }

  @Test
  void improvementsSmallerThanMinDeltaArePlateaus() {
    // Defaults (factor 0.1, min_delta 1e-4) with patience 1: 1.0 -> 0.99995 is not an improvement (by 5e-5),
    // so the rate drops after epoch 1; 0.5 at epoch 2 is one and keeps it; 0.5 again at epoch 3 drops it again.
    var backend = new ScriptedBackend(new double[5], new double[] {1.0, 0.99995, 0.5, 0.5, 0.1});
    History h = fit(ScriptedRuntime.model(backend, 0.1), 5, new ReduceLROnPlateau().patience(1));
    assertAllClose(List.of(0.1, 0.1, 0.01, 0.01, 0.001), h.get("learning_rate"));
  }

  @Test
  void accuracyIsMaximizedInAutoMode() {
    // val_accuracy = 1 - val_loss: 0.5, 0.6, 0.6 -> the plateau starts at epoch 2.
    var backend = new ScriptedBackend(new double[4], new double[] {0.5, 0.4, 0.4, 0.4});
    History h = fit(ScriptedRuntime.model(backend, 0.1), 4,
        new ReduceLROnPlateau().monitor("val_accuracy").patience(1).factor(0.5));
    assertAllClose(List.of(0.1, 0.1, 0.1, 0.05), h.get("learning_rate"));
  }

  @Test
  void factorMustBeBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
    assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().mode("up"));
  }
}
