package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import io.jkeras.samples.mnist.MnistData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/**
 * The {@link TrainingApi} of a build without the training API: compiling checks the compile arguments against
 * the model (what {@code model.compile} checks first), everything that trains or loads data fails with one
 * clear line. Replaced by {@code KerasTrainingApi} once the training API is merged.
 */
public final class PendingTrainingApi implements TrainingApi {
  static final String MESSAGE =
      "this build has no training API yet (fit/evaluate/predict, Mnist.load, setRandomSeed): ";

  @Override
  public void setRandomSeed(long seed) {
    throw missing("Keras.setRandomSeed");
  }

  @Override
  public MnistData loadMnist(Optional<Path> dataDir) {
    throw missing("Mnist.load");
  }

  @Override
  public void compile(Model model, Supplier<Compile> arguments) {
    arguments.get().resolve(model);
  }

  @Override
  public void intraOpThreads(Model model, int threads) {
    throw missing("Model.runtimeOptions");
  }

  @Override
  public Map<String, List<Double>> fit(
      Model model, FloatNdArray x, IntNdArray y, int epochs, int batchSize, double validationSplit) {
    throw missing("Model.fit");
  }

  @Override
  public Map<String, Double> evaluate(Model model, FloatNdArray x, IntNdArray y) {
    throw missing("Model.evaluate");
  }

  @Override
  public FloatNdArray predict(Model model, FloatNdArray x) {
    throw missing("Model.predict");
  }

  @Override
  public boolean export(Model model, Path dir) {
    return false;
  }

  @Override
  public FloatNdArray reloadAndPredict(Path dir, FloatNdArray x) {
    throw missing("SavedModel loading");
  }

  private static IllegalStateException missing(String what) {
    return new IllegalStateException(MESSAGE + what + " is not available");
  }
}
