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

class LearningRateSchedulerTest {
  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  private static History fit(Model m, int epochs, Callback... callbacks) {
    return m.fit(ScriptedRuntime.data(5), new float[5][1],
        Fit.epochs(epochs).batchSize(5).verbose(0).callbacks(callbacks));
  }

  @Test
  void kerasDocExample() {
    // keras.io: SGD() (lr 0.01), schedule "lr if epoch < 10 else lr * exp(-0.1)", 15 epochs ->
    // round(model.optimizer.learning_rate, 5) == 0.00607.
    var backend = new ScriptedBackend(new double[15], new double[0]);
    Model m = ScriptedRuntime.model(backend, 0.01);
    History h = fit(m, 15, new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1)));
    assertEquals(0.00607, Math.round(m.runtime().learningRate() * 1e5) / 1e5, 1e-12);
    List<Double> lrs = h.get("learning_rate");
    for (int e = 0; e < 15; e++) {
      double expected = 0.01 * Math.exp(-0.1 * Math.max(0, e - 9));
      assertEquals(expected, lrs.get(e), 1e-12, "epoch " + e);
      assertEquals(expected, backend.last.lrAtStep.get(e), 1e-12, "step of epoch " + e);
    }
  }

  @Test
  void epochOnlyScheduleAndBadValues() {
    var backend = new ScriptedBackend(new double[3], new double[0]);
    History h = fit(ScriptedRuntime.model(backend, 0.5), 3, new LearningRateScheduler(epoch -> 1.0 / (epoch + 1)));
    assertEquals(List.of(1.0, 0.5, 1.0 / 3), h.get("learning_rate"));

    var bad = new ScriptedBackend(new double[3], new double[0]);
    assertThrows(IllegalArgumentException.class,
        () -> fit(ScriptedRuntime.model(bad, 0.5), 3, new LearningRateScheduler((epoch, lr) -> Double.NaN)));
  }
}
