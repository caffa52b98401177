package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.callbacks.History;
import io.jkeras.datasets.Mnist;
import io.jkeras.samples.mnist.MnistData;
import io.jkeras.tf.SavedModel;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/** The {@link TrainingApi} that calls jkeras' training API. */
public final class KerasTrainingApi implements TrainingApi {

  @Override
  public void setRandomSeed(long seed) {
    Keras.setRandomSeed(seed);
  }

  @Override
  public MnistData loadMnist(Optional<Path> dataDir) throws IOException {
    var mnist = dataDir.isPresent() ? Mnist.load(dataDir.get()) : Mnist.load();
    return new MnistData(mnist.train().x(), mnist.train().y(), mnist.test().x(), mnist.test().y());
  }

  @Override
  public void compile(Model model, Supplier<Compile> arguments) {
    model.compile(arguments.get());
  }

  @Override
  public void intraOpThreads(Model model, int threads) {
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(threads));
  }

  @Override
  public Map<String, List<Double>> fit(
      Model model, FloatNdArray x, IntNdArray y, int epochs, int batchSize, double validationSplit) {
    History history = model.fit(x, y, Fit.epochs(epochs).batchSize(batchSize).validationSplit(validationSplit));
    return new LinkedHashMap<>(history.history()); // Keras' history.history
  }

  @Override
  public Map<String, Double> evaluate(Model model, FloatNdArray x, IntNdArray y) {
    return model.evaluate(x, y);
  }

  @Override
  public FloatNdArray predict(Model model, FloatNdArray x) {
    return model.predict(x);
  }

  @Override
  public boolean export(Model model, Path dir) throws IOException {
    model.export(dir);
    return true;
  }

  @Override
  public FloatNdArray reloadAndPredict(Path dir, FloatNdArray x) throws IOException {
    // A fresh load through the serving signature, as TF Serving or Python would use the export.
    try (SavedModel served = SavedModel.load(dir)) {
      return served.predict(x);
    }
  }
}
