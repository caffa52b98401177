package io.jkeras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.ExponentialDecay;
import io.jkeras.optimizers.SGD;
import io.jkeras.training.FakeRuntime.FakeBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3's summary counts the optimizer's variables once the optimizer is built (keras/src/utils/summary_utils.py:
 * {@code if model.compiled and model.optimizer and model.optimizer.built}): an extra line {@code Optimizer params}
 * after {@code Non-trainable params}, included in {@code Total params}; {@code model.optimizer.variables} are the
 * int64 {@code iteration}, the float32 {@code learning_rate} (not with a schedule) and the slot variables. The fake
 * runtime keeps SGD's momentum slots ({@code sgd/dense_kernel_momentum}, {@code sgd/dense_bias_momentum}).
 */
class OptimizerParamsSummaryTest {
  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
  }

  /** Input(1) → Dense(1): 2 float32 parameters, 8 bytes. */
  private static Model model(FakeBackend backend, SGD optimizer) {
    SymbolicTensor in = Input.of(1);
    Model m = Model.of(in, new Dense(1).apply(in));
    m.backend(backend);
    m.compile(Compile.optimizer(optimizer).loss("mse"));
    return m;
  }

  private static void fitOneEpoch(Model m) {
    float[][] x = {{1}, {2}, {3}, {4}};
    m.fit(x, x, Fit.epochs(1).batchSize(2).verbose(0));
  }

  private static String totals(String summary) {
    return summary.substring(summary.indexOf(" Total params"));
  }

  @Test
  void noOptimizerLineBeforeTraining() {
    Model m = model(new FakeBackend(), new SGD(0.1));
    assertEquals(" Total params: 2 (8.00 B)\n Trainable params: 2 (8.00 B)\n Non-trainable params: 0 (0.00 B)\n",
        totals(m.summaryString()));
    assertEquals(Map.of(), m.optimizerVariableSizes());
  }

  @Test
  void afterTrainingTheOptimizerVariablesAreCountedAsKerasCountsThem() {
    Model m = model(new FakeBackend(), new SGD(0.1));
    fitOneEpoch(m);
    // iteration (int64, 8 B) + learning_rate (4 B) + two float slots (8 B): 4 values, 20 bytes.
    assertEquals(" Total params: 6 (28.00 B)\n Trainable params: 2 (8.00 B)\n Non-trainable params: 0 (0.00 B)\n"
        + " Optimizer params: 4 (20.00 B)\n", totals(m.summaryString()));
  }

  @Test
  void aScheduleIsNoOptimizerVariable() {
    SGD sgd = new SGD();
    sgd.learningRate(new ExponentialDecay(0.1, 10, 0.9));
    Model m = model(new FakeBackend(), sgd);
    fitOneEpoch(m);
    assertEquals(Map.of("iteration", 1L, "sgd/dense_kernel_momentum", 1L, "sgd/dense_bias_momentum", 1L),
        m.optimizerVariableSizes());
    assertTrue(m.summaryString().contains(" Optimizer params: 3 (16.00 B)\n"));
  }

  @Test
  void aLoadedCompiledModelHasABuiltOptimizerAndRecompilingMakesANewOne() throws IOException {
    // SGD with momentum: Keras saves its momentum slots (plain SGD has none).
    Model m = model(new FakeBackend(), new SGD(0.1).momentum(0.9));
    fitOneEpoch(m);
    Path f = dir.resolve("m.keras");
    m.save(f);
    Model back = Model.load(f);
    back.backend(new FakeBackend());
    // Keras' compile_from_config builds the optimizer of a loaded model: the line is there before any run.
    assertTrue(back.summaryString().contains(" Optimizer params: 4 (20.00 B)\n"), back.summaryString());
    back.compile(Compile.optimizer(new SGD(0.2)).loss("mse"));
    assertFalse(back.summaryString().contains("Optimizer params"), back.summaryString());
  }
}
