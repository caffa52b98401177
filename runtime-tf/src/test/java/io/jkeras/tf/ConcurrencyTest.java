package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.jkeras.training.Predict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Several threads on one model: predict is safe, training is guarded, interrupting fit ends it cleanly. */
class ConcurrencyTest {

  private static Model model(long seed) {
    SymbolicTensor in = Input.of(8);
    SymbolicTensor h = new Dense(32).activation("relu").apply(in);
    Model m = Model.of(in, new Dense(3).activation("softmax").apply(h));
    m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(seed));
    m.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  private static FloatNdArray data(int n, long seed) {
    Random r = new Random(seed);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 8));
    x.scalars().forEach(s -> s.setFloat((float) r.nextGaussian()));
    return x;
  }

  private static int[] labels(FloatNdArray x) {
    int[] y = new int[(int) x.shape().get(0)];
    for (int i = 0; i < y.length; i++) {
      y[i] = x.getFloat(i, 0) > 0 ? (x.getFloat(i, 1) > 0 ? 2 : 1) : 0;
    }
    return y;
  }

  private static float[] values(FloatNdArray a) {
    float[] v = new float[(int) a.size()];
    a.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  @Test
  void predictFromEightThreadsEqualsOneThread() throws Exception {
    try (Model m = model(1)) {
      FloatNdArray x = data(500, 2);
      m.fit(x, labels(x), Fit.epochs(1).batchSize(50).verbose(0));
      float[] expected = values(m.predict(x, Predict.defaults().verbose(0)));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<float[]>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(pool.submit(() -> {
            start.await();
            float[] last = null;
            for (int rep = 0; rep < 20; rep++) {
              last = values(m.predict(x, Predict.defaults().verbose(0)));
            }
            return last;
          }));
        }
        start.countDown();
        for (Future<float[]> f : results) {
          assertArrayEquals(expected, f.get(2, TimeUnit.MINUTES));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void trainingFromASecondThreadIsRefusedWithAClearError() throws Exception {
    try (Model m = model(3)) {
      FloatNdArray x = data(400, 4);
      int[] y = labels(x);
      CountDownLatch inFit = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      LambdaCallback hold = LambdaCallback.create().onTrainBatchEnd((batch, logs) -> {
        if (batch == 0) {
          inFit.countDown();
          try {
            release.await(1, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      Thread trainer = new Thread(() -> m.fit(x, y, Fit.epochs(1).batchSize(40).verbose(0).callbacks(hold)),
          "trainer-1");
      trainer.start();
      assertTrue(inFit.await(1, TimeUnit.MINUTES));
      try {
        var e = assertThrows(IllegalStateException.class, () -> m.fit(x, y, Fit.epochs(1).verbose(0)));
        assertTrue(e.getMessage().contains("'trainer-1'") && e.getMessage().contains("not thread-safe"),
            e.getMessage());
        String busy = assertThrows(IllegalStateException.class, () -> m.evaluate(x, y)).getMessage();
        assertTrue(busy.startsWith("Model '" + m.name() + "': evaluate called while thread 'trainer-1' runs"), busy);
        String closing = assertThrows(IllegalStateException.class, m::close).getMessage();
        assertTrue(closing.contains("close") && closing.contains("'trainer-1'"), closing);
        // predict is allowed meanwhile.
        assertEquals(Shape.of(400, 3), m.predict(x, Predict.defaults().verbose(0)).shape());
      } finally {
        release.countDown();
        trainer.join(60_000);
      }
      assertEquals(1, m.history().get("loss").size());
      m.fit(x, y, Fit.epochs(1).verbose(0)); // free again once the other fit ended
    }
  }

  @Test
  void interruptingFitEndsItAfterTheCurrentStepWithAConsistentModel() throws Exception {
    try (Model m = model(5)) {
      FloatNdArray x = data(2000, 6);
      int[] y = labels(x);
      CountDownLatch started = new CountDownLatch(1);
      AtomicReference<History> history = new AtomicReference<>();
      AtomicReference<Boolean> flagAfter = new AtomicReference<>();
      LambdaCallback signal = LambdaCallback.create().onTrainBatchEnd((batch, logs) -> started.countDown());
      Thread trainer = new Thread(() -> {
        history.set(m.fit(x, y, Fit.epochs(10_000).batchSize(20).verbose(0).callbacks(signal)));
        flagAfter.set(Thread.currentThread().isInterrupted());
      }, "trainer-2");
      trainer.start();
      assertTrue(started.await(1, TimeUnit.MINUTES));
      trainer.interrupt();
      trainer.join(60_000);
      assertTrue(!trainer.isAlive(), "fit did not end after the interrupt");
      assertTrue(flagAfter.get(), "the interrupt flag stays set for the caller");
      History h = history.get();
      int epochs = h.get("loss").size();
      assertTrue(epochs >= 1 && epochs < 10_000, "epochs run: " + epochs);
      assertTrue(h.get("loss").stream().allMatch(v -> Double.isFinite(v)), h.history().toString());
      float[] p = values(m.predict(x, Predict.defaults().verbose(0)));
      for (float v : p) {
        assertTrue(Float.isFinite(v));
      }
    }
  }
}
