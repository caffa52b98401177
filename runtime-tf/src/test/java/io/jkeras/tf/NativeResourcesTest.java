package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import io.jkeras.training.Predict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Every native object (tensor, session, graph) is freed on every path, failures included. TF Java's objects are
 * JavaCPP pointers with deallocators, which JavaCPP counts ({@link Pointer#totalCount()}): a tensor left open
 * stays counted until the garbage collector finds it, so the count must come back to where it was.
 */
class NativeResourcesTest {
  @TempDir Path tmp;

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private static Model model() {
    SymbolicTensor in = Input.of(4);
    SymbolicTensor h = new Dense(8).activation("relu").apply(in);
    h = new Dropout(0.2).apply(h);
    Model m = Model.of(in, new Dense(3).activation("softmax").apply(h));
    m.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(11));
    m.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    return m;
  }

  private static FloatNdArray x(int n) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 4));
    x.scalars().forEachIndexed((idx, s) -> s.setFloat((idx[0] * 4 + idx[1]) % 7 / 7f));
    return x;
  }

  private static IntNdArray y(int n) {
    IntNdArray y = NdArrays.ofInts(Shape.of(n));
    y.scalars().forEachIndexed((idx, s) -> s.setInt((int) (idx[0] % 3)));
    return y;
  }

  /**
   * Lets the garbage collector free what earlier tests left to it (TF Java's own unclosed export tensors), so that
   * the count cannot fall below the baseline during the test; returns the settled count.
   */
  static long settledCount() throws InterruptedException {
    long last = -1;
    int stable = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stable < 3 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(30);
      long now = Pointer.totalCount();
      stable = now == last ? stable + 1 : 0;
      last = now;
    }
    return last;
  }

  @Test
  void everyStepClosesItsTensorsAlsoWhenItFails() throws InterruptedException {
    try (Model m = model()) {
      FloatNdArray x = x(32);
      IntNdArray y = y(32);
      m.fit(x, y, Fit.epochs(1).batchSize(8).verbose(0)); // warm-up: the runtime and its session exist
      m.predict(x, Predict.defaults().verbose(0));
      IntNdArray badLabels = y(8);
      badLabels.setInt(5, 3);
      Batch badBatch = new Batch(List.of(x(8)), List.of(badLabels), List.of());
      long before = settledCount();
      for (int i = 0; i < 20; i++) {
        m.trainOnBatch(x, y);
        m.testOnBatch(x, y);
        m.predictOnBatch(x);
        m.predict(x, Predict.batchSize(10).verbose(0));
        m.evaluate(x, y, Evaluate.batchSize(10).verbose(0));
        m.runtime().setWeights(m.runtime().getWeights());
        // Past the Java checks, TF's own check of the labels (the fused cross-entropy kernel's) fails inside
        // Session.run, after the feeds exist.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> m.runtime().trainStep(badBatch));
        assertTrue(e.getMessage().contains("label value of 5 which is outside the valid range of [0, 3)"),
            e.getMessage());
        assertEquals("Model '" + m.name() + "', input 'input_layer': expected shape (None, 4), got an array of shape"
            + " (2, 5)", assertThrows(IllegalArgumentException.class,
            () -> m.runtime().predictStep(Batch.ofInputs(List.of(NdArrays.ofFloats(Shape.of(2, 5)))))).getMessage());
      }
      assertEquals(before, Pointer.totalCount(), "native objects left behind by 20 rounds of steps");
    }
  }

  @Test
  void closeFreesTheSessionAndTheGraph() throws Exception {
    // Warm-up: TF's process-wide objects (devices, op registry) exist before counting.
    try (Model warm = model()) {
      warm.fit(x(8), y(8), Fit.epochs(1).verbose(0));
    }
    long before = settledCount();
    for (int i = 0; i < 3; i++) {
      Model m = model();
      m.fit(x(16), y(16), Fit.epochs(1).batchSize(8).verbose(0));
      m.predict(x(4), Predict.defaults().verbose(0));
      m.close();
      assertEquals("Model '" + m.name() + "' is closed: its runtime was freed by close()",
          assertThrows(IllegalStateException.class, () -> m.predict(x(2))).getMessage());
    }
    assertEquals(before, Pointer.totalCount(), "native objects left behind by 3 closed models");
  }

  @Test
  void exportLeavesOnlyWhatTheGarbageCollectorFrees() throws Exception {
    try (Model warm = model()) {
      warm.export(tmp.resolve("warm"));
    }
    long before = settledCount();
    for (int i = 0; i < 5; i++) {
      try (Model m = model()) {
        m.export(tmp.resolve("export-" + i)); // a second, inference-only runtime made and closed
      }
    }
    // TF Java 1.1.0's Session.save (called by its SavedModel exporter) never closes the file-name tensor it
    // feeds nor its Result: one object per export that only the garbage collector frees (JavaCPP registers a
    // deallocator for it). Nothing of ours is left: after a GC the count is back.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (Pointer.totalCount() > before && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(100);
    }
    long after = Pointer.totalCount();
    assertTrue(after <= before, "native objects left behind by 5 exports, after GC: " + before + " -> " + after);
  }

  @Test
  void closingWhileOtherThreadsPredictGivesThemAClearErrorNotACrash() throws Exception {
    Model m = model();
    FloatNdArray x = x(64);
    m.fit(x, y(64), Fit.epochs(1).verbose(0));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch running = new CountDownLatch(4);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          int ok = 0;
          running.countDown();
          while (true) {
            try {
              m.predict(x, Predict.batchSize(16).verbose(0));
              ok++;
            } catch (IllegalStateException closed) {
              assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
              return ok;
            }
          }
        }));
      }
      assertTrue(running.await(1, TimeUnit.MINUTES));
      Thread.sleep(50);
      m.close();
      for (Future<Integer> f : results) {
        f.get(1, TimeUnit.MINUTES); // every thread ended with the clear error
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
