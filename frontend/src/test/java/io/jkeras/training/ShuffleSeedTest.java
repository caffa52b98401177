package io.jkeras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.training.FakeRuntime.FakeBackend;
import io.jkeras.training.FakeRuntime.TestMse;
import io.jkeras.training.FakeRuntime.TestSgd;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code RuntimeOptions.seed} alone decides fit's shuffling: the same seed shuffles alike in a new model. */
class ShuffleSeedTest {

  /** The example order of every batch of two fits (two epochs each) of a fresh model with that seed. */
  private static List<List<Integer>> orders(long seed) {
    FakeBackend backend = new FakeBackend();
    SymbolicTensor in = Input.of(1);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.backend(backend);
    m.runtimeOptions(RuntimeOptions.defaults().seed(seed));
    m.compile(Compile.optimizer(new TestSgd(0.01)).loss(new TestMse()));
    float[][] x = new float[20][1];
    for (int i = 0; i < x.length; i++) {
      x[i][0] = i;
    }
    m.fit(x, new float[20][1], Fit.epochs(2).batchSize(5).verbose(0));
    m.fit(x, new float[20][1], Fit.epochs(2).batchSize(5).verbose(0));
    List<List<Integer>> out = new ArrayList<>();
    for (Batch b : backend.last.trainBatchObjects) {
      out.add(FakeRuntime.ids(b));
    }
    return out;
  }

  @Test
  void theSameRuntimeSeedShufflesAlikeAndEachFitDiffers() {
    List<List<Integer>> a = orders(3);
    assertEquals(16, a.size());
    assertEquals(a, orders(3));
    assertNotEquals(a, orders(4));
    assertNotEquals(a.subList(0, 8), a.subList(8, 16), "the second fit shuffles afresh");
  }
}
