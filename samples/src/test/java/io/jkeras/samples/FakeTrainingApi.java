package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Model;
import io.jkeras.samples.mnist.MnistData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A training API without a runtime: tiny data, a made-up history, predictions {@code p[i][c] = (i + c) % 10 /
 * 10}, and a reload that adds {@link #reloadError} to one value. It records what the job asked for.
 */
public class FakeTrainingApi implements TrainingApi {
  public final List<String> calls = new ArrayList<>();
  public final int trainImages;
  public final int testImages;
  public boolean canExport = true;
  public float reloadError = 2.5e-7f;
  /** The compile arguments the job gave, not yet evaluated. */
  public Supplier<Compile> compiled;

  public FakeTrainingApi(int trainImages, int testImages) {
    this.trainImages = trainImages;
    this.testImages = testImages;
  }

  @Override
  public void setRandomSeed(long seed) {
    calls.add("seed " + seed);
  }

  @Override
  public MnistData loadMnist(Optional<Path> dataDir) {
    calls.add("load " + dataDir.map(Path::toString).orElse("default"));
    IntNdArray trainLabels = NdArrays.ofInts(Shape.of(trainImages));
    IntNdArray testLabels = NdArrays.ofInts(Shape.of(testImages));
    for (int i = 0; i < testImages; i++) {
      testLabels.setInt(i % 10, i);
    }
    return new MnistData(NdArrays.ofFloats(Shape.of(trainImages, 28, 28, 1)), trainLabels,
        NdArrays.ofFloats(Shape.of(testImages, 28, 28, 1)), testLabels);
  }

  @Override
  public void compile(Model model, Supplier<Compile> arguments) {
    compiled = arguments;
    calls.add("compile " + model.name());
  }

  @Override
  public void intraOpThreads(Model model, int threads) {
    calls.add("threads " + threads);
  }

  @Override
  public Map<String, List<Double>> fit(
      Model model, FloatNdArray x, IntNdArray y, int epochs, int batchSize, double validationSplit) {
    calls.add("fit " + x.shape() + " epochs=" + epochs + " batch=" + batchSize + " split=" + validationSplit);
    Map<String, List<Double>> h = new LinkedHashMap<>();
    for (String k : List.of("accuracy", "loss", "val_accuracy", "val_loss")) {
      List<Double> v = new ArrayList<>();
      for (int e = 0; e < epochs; e++) {
        v.add(k.endsWith("loss") ? 1.0 / (e + 2) : 1.0 - 1.0 / (e + 2));
      }
      h.put(k, v);
    }
    return h;
  }

  @Override
  public Map<String, Double> evaluate(Model model, FloatNdArray x, IntNdArray y) {
    calls.add("evaluate " + x.shape());
    return Map.of("loss", 0.04321, "accuracy", 0.98765);
  }

  @Override
  public FloatNdArray predict(Model model, FloatNdArray x) {
    calls.add("predict " + x.shape());
    return predictions(x.shape().get(0));
  }

  static FloatNdArray predictions(long n) {
    FloatNdArray p = NdArrays.ofFloats(Shape.of(n, 10));
    for (long i = 0; i < n; i++) {
      for (long c = 0; c < 10; c++) {
        p.setFloat(((i + c) % 10) / 10f, i, c);
      }
    }
    return p;
  }

  @Override
  public boolean export(Model model, Path dir) throws IOException {
    calls.add("export " + dir);
    if (canExport) {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("saved_model.pb"), "fake");
    }
    return canExport;
  }

  @Override
  public FloatNdArray reloadAndPredict(Path dir, FloatNdArray x) {
    calls.add("reload " + dir + " " + x.shape());
    FloatNdArray p = predictions(x.shape().get(0));
    p.setFloat(p.getFloat(3, 4) + reloadError, 3, 4);
    return p;
  }
}
