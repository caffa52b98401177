package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.EarlyStopping;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.LambdaCallback;
import io.jkeras.callbacks.LearningRateScheduler;
import io.jkeras.layers.Dense;
import io.jkeras.training.Fit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The learning-rate and weight-restoring callbacks act on the TensorFlow runtime, not only on test doubles. */
class CallbacksOnTfTest {
  private float[][] x;
  private float[] y;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
    x = new float[32][2];
    y = new float[32];
    for (int i = 0; i < 32; i++) {
      x[i] = new float[] {i / 32f, (i % 4) / 4f};
      y[i] = 2 * x[i][0] - x[i][1] + 0.5f;
    }
  }

  private static Model model() {
    SymbolicTensor in = Input.of(2);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(4));
    m.compile(Compile.optimizer("sgd").loss("mse"));
    return m;
  }

  private static LambdaCallback recordWeights(List<Map<String, float[]>> into, Model m) {
    return LambdaCallback.create().onEpochEnd((e, logs) -> into.add(m.runtime().getWeights()));
  }

  @Test
  void aZeroLearningRateFromTheSchedulerFreezesTheWeights() {
    try (Model m = model()) {
      List<Map<String, float[]>> weights = new ArrayList<>();
      // A rate of 0 is allowed, as in Keras: the weights must not move at all.
      History h = m.fit(x, y, Fit.epochs(3).batchSize(8).verbose(0).callbacks(
          new LearningRateScheduler((epoch, lr) -> epoch == 0 ? 0.1 : 0.0), recordWeights(weights, m)));
      assertEquals(List.of(0.1, 0.0, 0.0), h.get("learning_rate"));
      assertArrayEquals(weights.get(0).get("dense/kernel"), weights.get(2).get("dense/kernel"));
      assertArrayEquals(weights.get(0).get("dense/bias"), weights.get(2).get("dense/bias"));
    }
  }

  @Test
  void earlyStoppingRestoresTheBestEpochsTensorFlowWeights() {
    try (Model m = model()) {
      List<Map<String, float[]>> weights = new ArrayList<>();
      // A rate that makes SGD diverge after epoch 1, so the loss gets worse and training stops.
      var schedule = new LearningRateScheduler((epoch, lr) -> epoch < 2 ? 0.1 : 3.0);
      var stop = new EarlyStopping().monitor("loss").patience(2).restoreBestWeights(true);
      History h = m.fit(x, y, Fit.epochs(20).batchSize(8).shuffle(false).verbose(0)
          .callbacks(schedule, recordWeights(weights, m), stop));
      List<Double> losses = h.get("loss");
      int best = 0;
      for (int e = 1; e < losses.size(); e++) {
        if (losses.get(e) < losses.get(best)) {
          best = e;
        }
      }
      assertEquals(best, stop.bestEpoch());
      assertEquals(losses.size() - 1, stop.stoppedEpoch());
      assertEquals(best + 2, stop.stoppedEpoch(), "losses " + losses);
      Map<String, float[]> now = m.runtime().getWeights();
      assertArrayEquals(weights.get(best).get("dense/kernel"), now.get("dense/kernel"));
      assertArrayEquals(weights.get(best).get("dense/bias"), now.get("dense/bias"));
      assertFalse(Arrays.equals(weights.get(losses.size() - 1).get("dense/kernel"), now.get("dense/kernel")));
    }
  }
}
