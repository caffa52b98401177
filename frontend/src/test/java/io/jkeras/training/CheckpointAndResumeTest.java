package io.jkeras.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.ModelRuntime;
import io.jkeras.callbacks.History;
import io.jkeras.callbacks.ModelCheckpoint;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.SGD;
import io.jkeras.training.FakeRuntime.FakeBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.save / Model.load and ModelCheckpoint through the training loop, on the pure-Java fake runtime. */
class CheckpointAndResumeTest {
  @TempDir Path dir;
  private FakeBackend backend;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
    backend = new FakeBackend();
  }

  /** Input(1) → Dense(1) named "dense": the fake runtime's weights are dense/kernel and dense/bias. */
  private Model model() {
    SymbolicTensor in = Input.of(1);
    Model m = Model.of(in, new Dense(1).name("dense").apply(in));
    m.backend(backend);
    // Momentum: Keras saves SGD's momentum slots (the fake runtime keeps them; plain SGD has none to save).
    m.compile(Compile.optimizer(new SGD(0.01).momentum(0.9)).loss("mse"));
    return m;
  }

  private static float[][] column(int n, float scale) {
    float[][] x = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = scale * i;
    }
    return x;
  }

  @Test
  void saveAndLoadCarryWeightsIterationsAndOptimizerState() throws IOException {
    Model m = model();
    m.fit(column(8, 1), column(8, 2), Fit.epochs(2).batchSize(4).verbose(0).shuffle(false));
    FakeRuntime trained = backend.last;
    assertEquals(4, trained.iterations());
    assertNotEquals(0.0, trained.velocity);
    Path f = dir.resolve("m.jkeras");
    m.save(f);

    Model back = Model.load(f);
    assertTrue(back.isCompiled());
    FakeBackend other = new FakeBackend();
    back.backend(other);
    ModelRuntime rt = back.runtime();
    assertEquals(4, rt.iterations());
    assertEquals((float) trained.velocity, (float) other.last.velocity);
    assertEquals((float) trained.velocityBias, (float) other.last.velocityBias);
    assertEquals((float) trained.w, (float) other.last.w);
    assertEquals((float) trained.b, (float) other.last.b);
    assertEquals(0.01, other.lastCompile.optimizer().learningRate(), 1e-12);
  }

  @Test
  void recompilingALoadedModelStartsAFreshOptimizer() throws IOException {
    Model m = model();
    m.fit(column(8, 1), column(8, 2), Fit.epochs(1).batchSize(4).verbose(0));
    Path f = dir.resolve("m.jkeras");
    m.save(f);
    Model back = Model.load(f);
    back.backend(new FakeBackend());
    back.compile(Compile.optimizer(new SGD(0.5)).loss("mse"));
    assertEquals(0, back.runtime().iterations());
  }

  @Test
  void checkpointEveryEpochNamesFilesFromTheLogs() throws IOException {
    Model m = model();
    ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("ckpts/m-{epoch:02d}-{val_loss:.3f}.weights.npz"))
        .saveWeightsOnly(true);
    History h = m.fit(column(8, 1), column(8, 2), Fit.epochs(3).batchSize(4).verbose(0)
        .validationData(column(4, 1), column(4, 2)).callbacks(ckpt));
    List<String> expected = new java.util.ArrayList<>();
    for (int e = 0; e < 3; e++) {
      expected.add(String.format(Locale.ROOT, "m-%02d-%.3f.weights.npz", e + 1, h.history().get("val_loss").get(e)));
    }
    try (Stream<Path> files = Files.list(dir.resolve("ckpts"))) {
      assertEquals(expected.stream().distinct().sorted().toList(),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(dir.resolve("ckpts").resolve(expected.get(2)), ckpt.lastSaved());
  }

  @Test
  void saveBestOnlyKeepsTheFirstOfEqualValuesAndSavesWholeModels() throws IOException {
    Model m = model();
    Path f = dir.resolve("best.jkeras");
    // The fake runtime's val_loss is the mean of the validation ids: equal every epoch, so only epoch 1
    // improves on +inf (Keras compares strictly).
    ModelCheckpoint ckpt = new ModelCheckpoint(f).saveBestOnly(true);
    float[] wAfterEpoch = new float[3];
    io.jkeras.callbacks.LambdaCallback record = io.jkeras.callbacks.LambdaCallback.create()
        .onEpochEnd((e, logs) -> wAfterEpoch[e] = (float) backend.last.w);
    m.fit(column(8, 1), column(8, 2), Fit.epochs(3).batchSize(4).verbose(0).shuffle(false)
        .validationData(column(4, 1), column(4, 2)).callbacks(ckpt, record));
    assertNotEquals(wAfterEpoch[0], wAfterEpoch[2]);
    Model back = Model.load(f);
    back.backend(new FakeBackend());
    assertEquals(wAfterEpoch[0], back.getWeights().get(0).getFloat(0, 0));
    assertEquals(2, back.runtime().iterations(), "the optimizer state of epoch 1 (2 steps)");
  }

  @Test
  void aMonitorMissingFromTheLogsSkipsSaving() {
    Model m = model();
    Path f = dir.resolve("best.jkeras");
    m.fit(column(8, 1), column(8, 2), Fit.epochs(1).batchSize(4).verbose(0)
        .callbacks(new ModelCheckpoint(f).saveBestOnly(true)));
    assertFalse(Files.exists(f), "no val_loss without validation data: nothing saved");
  }

  @Test
  void saveEveryNBatchesAcrossEpochs() throws IOException {
    Model m = model();
    m.fit(column(12, 1), column(12, 2), Fit.epochs(2).batchSize(4).verbose(0)
        .callbacks(new ModelCheckpoint(dir.resolve("e{epoch}-b{batch}.weights.npz")).saveWeightsOnly(true)
            .saveFreq(2)));
    // 3 batches per epoch; every 2nd batch overall: epoch 1 batch 2, epoch 2 batch 1, epoch 2 batch 3.
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("e1-b2.weights.npz", "e2-b1.weights.npz", "e2-b3.weights.npz"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void anUnwritableCheckpointStopsTrainingWithThePath() throws IOException {
    Model m = model();
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> m.fit(column(8, 1), column(8, 2),
        Fit.epochs(1).batchSize(4).verbose(0).callbacks(new ModelCheckpoint(blocker.resolve("m.jkeras")))));
    assertTrue(e.getMessage().contains(blocker.toString()), e.getMessage());
  }
}
