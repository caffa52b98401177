package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.LambdaCallback;
import io.jkeras.layers.Dense;
import io.jkeras.training.Fit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A NaN loss stops fit after the step that produced it, as Keras' TerminateOnNaN does. */
class NanLossTest {
  @Test
  void nanInTheDataStopsTrainingAfterThatStep() {
    SymbolicTensor in = Input.of(3);
    try (Model m = Model.of(in, new Dense(1).apply(in))) {
      m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).seed(1));
      m.compile(Compile.optimizer("sgd").loss("mse"));
      float[][] x = new float[64][3];
      float[] y = new float[64];
      for (int i = 0; i < 64; i++) {
        x[i][0] = i / 64f;
        y[i] = i / 32f;
      }
      x[20][1] = Float.NaN; // in the second batch of 16
      AtomicInteger steps = new AtomicInteger();
      LambdaCallback count = LambdaCallback.create().onTrainBatchEnd((b, logs) -> steps.incrementAndGet());
      History h = m.fit(x, y, Fit.epochs(5).batchSize(16).shuffle(false).verbose(0).callbacks(count));
      assertEquals(2, steps.get(), "training went on after the NaN loss");
      assertEquals(1, h.get("loss").size());
      assertTrue(h.get("loss").get(0).isNaN());
    }
  }
}
