package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.callbacks.ScriptedRuntime.ScriptedBackend;
import io.jkeras.training.Fit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  /** One train step and one validation step per epoch, so the scripts are per-epoch values. */
  private static History fit(Model m, int epochs, Callback... callbacks) {
    return m.fit(ScriptedRuntime.data(4), new float[4][1], Fit.epochs(epochs).batchSize(4).shuffle(false)
        .verbose(0).validationData(ScriptedRuntime.data(2), new float[2][1]).callbacks(callbacks));
  }

  @Test
  void kerasDocExampleRunsFourEpochsWhenTheLossNeverImproves() {
    // keras.io: EarlyStopping(monitor='loss', patience=3) on a diverging loss, epochs=10 -> "Only 4 epochs are run."
    var backend = new ScriptedBackend(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new double[10]);
    var stop = new EarlyStopping().monitor("loss").patience(3);
    History h = fit(ScriptedRuntime.model(backend, 0.1), 10, stop);
    assertEquals(4, h.get("loss").size());
    assertEquals(3, stop.stoppedEpoch());
    assertEquals(0, stop.bestEpoch());
  }

  @Test
  void minDeltaAndRestoreBestWeights() {
    // val_loss 1.0, 0.8, 0.6 (best, epoch 2), 0.61, 0.59: 0.59 is better by less than min_delta=0.05, so the
    // wait reaches patience 2 at epoch 4.
    var backend = new ScriptedBackend(new double[10], new double[] {1.0, 0.8, 0.6, 0.61, 0.59, 0.1, 0.1});
    var stop = new EarlyStopping().patience(2).minDelta(0.05).restoreBestWeights(true);
    Model m = ScriptedRuntime.model(backend, 0.1);
    History h = fit(m, 10, stop);
    assertEquals(List.of(0, 1, 2, 3, 4), h.epochs());
    assertEquals(4, stop.stoppedEpoch());
    assertEquals(2, stop.bestEpoch());
    assertEquals(0.6, stop.best());
    // The kernel counts train steps: the best epoch (2) ended after 3 steps; training ran 5.
    assertEquals(5, backend.last.trainSteps);
    assertEquals(3f, backend.last.kernel());
    assertEquals(3f, m.runtime().getWeights().get("dense/kernel")[0]);
  }

  @Test
  void withoutRestoreTheLastWeightsStay() {
    var backend = new ScriptedBackend(new double[10], new double[] {1.0, 0.5, 0.9, 0.9, 0.9});
    var stop = new EarlyStopping().patience(2);
    fit(ScriptedRuntime.model(backend, 0.1), 10, stop);
    assertEquals(3, stop.stoppedEpoch());
    assertEquals(4f, backend.last.kernel());
  }

  @Test
  void autoModeMaximizesAccuracy() {
    // accuracy = 1 - loss: val_accuracy 0.5, 0.7, 0.6, 0.65 -> best at epoch 1, stop at epoch 3 (patience 2).
    var backend = new ScriptedBackend(new double[10], new double[] {0.5, 0.3, 0.4, 0.35, 0.0});
    var stop = new EarlyStopping().monitor("val_accuracy").patience(2);
    History h = fit(ScriptedRuntime.model(backend, 0.1), 10, stop);
    assertEquals(4, h.epochs().size());
    assertEquals(1, stop.bestEpoch());
    assertEquals(0.7, stop.best(), 1e-12);

    var minStop = new EarlyStopping().monitor("val_accuracy").mode("min").patience(2);
    var backend2 = new ScriptedBackend(new double[10], new double[] {0.5, 0.3, 0.4, 0.35, 0.0});
    fit(ScriptedRuntime.model(backend2, 0.1), 10, minStop);
    assertEquals(0, minStop.bestEpoch());
    assertEquals(2, minStop.stoppedEpoch());
  }

  @Test
  void baselineMustBeBeatenToResetTheWait() {
    double[] flat = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
    // Without a baseline the first value resets the wait: stops at epoch 2 with patience 2.
    var plain = new EarlyStopping().monitor("loss").patience(2);
    fit(ScriptedRuntime.model(new ScriptedBackend(flat, new double[6]), 0.1), 6, plain);
    assertEquals(2, plain.stoppedEpoch());
    // With baseline 0.5 the first value is the best but does not beat the baseline: the wait keeps counting.
    var withBaseline = new EarlyStopping().monitor("loss").patience(2).baseline(0.5);
    fit(ScriptedRuntime.model(new ScriptedBackend(flat, new double[6]), 0.1), 6, withBaseline);
    assertEquals(1, withBaseline.stoppedEpoch());
  }

  @Test
  void startFromEpochIgnoresTheWarmUp() {
    // Epochs 0-2 are ignored; the best is epoch 3 and patience 1 stops at epoch 4.
    double[] losses = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
    var stop = new EarlyStopping().monitor("loss").patience(1).startFromEpoch(3);
    History h = fit(ScriptedRuntime.model(new ScriptedBackend(losses, new double[7]), 0.1), 7, stop);
    assertEquals(5, h.epochs().size());
    assertEquals(3, stop.bestEpoch());
    assertEquals(4, stop.stoppedEpoch());
  }

  @Test
  void aMissingMonitorDoesNotStopAndUnknownDirectionsAreRejected() {
    var stop = new EarlyStopping().monitor("val_nothing").mode("min");
    History h = fit(ScriptedRuntime.model(new ScriptedBackend(new double[3], new double[3]), 0.1), 3, stop);
    assertEquals(3, h.epochs().size());

    var unknown = new EarlyStopping().monitor("my_score");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fit(ScriptedRuntime.model(new ScriptedBackend(new double[3], new double[3]), 0.1), 3, unknown));
    assertTrue(e.getMessage().contains("mode(\"max\")"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().mode("biggest"));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().patience(-1));
  }
}
