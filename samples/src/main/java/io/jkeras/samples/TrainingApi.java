package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import io.jkeras.samples.mnist.MnistData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;

/**
 * The calls the samples make into jkeras' training API ({@code model.compile/fit/evaluate/predict}, {@code
 * Keras.setRandomSeed}, {@code Mnist.load}, SavedModel export), gathered in one small seam so that the
 * launcher, its argument handling and the MNIST job's bookkeeping (timing, CSV, chart, RESULT line) are
 * written and tested independently of the runtime, with a fake in the tests.
 *
 * <p>{@link KerasTrainingApi} is the implementation the launcher uses (see {@link Main#DEFAULT_API}).
 */
public interface TrainingApi {

  /** {@code Keras.setRandomSeed(seed)}: initial weights, shuffling and dropout repeat from run to run. */
  void setRandomSeed(long seed);

  /** {@code Mnist.load()} (default location) or {@code Mnist.load(dir)}. */
  MnistData loadMnist(Optional<Path> dataDir) throws IOException;

  /**
   * {@code model.compile(arguments.get())}. The arguments come as a supplier because naming an optimizer,
   * loss or metric already looks it up, which only works in builds that have them.
   */
  void compile(Model model, Supplier<Compile> arguments);

  /** {@code model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(n))}. */
  void intraOpThreads(Model model, int threads);

  /**
   * {@code model.fit(x, y, Fit.epochs(e).batchSize(b).validationSplit(v))}; returns the History's values per
   * epoch by metric name ({@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}), in the
   * History's order.
   */
  Map<String, List<Double>> fit(
      Model model, FloatNdArray x, IntNdArray y, int epochs, int batchSize, double validationSplit);

  /** {@code model.evaluate(x, y)}: {@code loss} and the compiled metrics by name. */
  Map<String, Double> evaluate(Model model, FloatNdArray x, IntNdArray y);

  /** {@code model.predict(x)} for a single-output model. */
  FloatNdArray predict(Model model, FloatNdArray x);

  /**
   * Exports the model as a SavedModel into {@code dir}; false when this build cannot export yet (the job then
   * skips the reload check and says so).
   */
  boolean export(Model model, Path dir) throws IOException;

  /** Loads the SavedModel in {@code dir} afresh and predicts {@code x} with it. */
  FloatNdArray reloadAndPredict(Path dir, FloatNdArray x) throws IOException;
}
