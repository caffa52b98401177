package io.jkeras.samples;

import io.jkeras.Model;
import io.jkeras.callbacks.History;
import io.jkeras.datasets.Mnist;
import io.jkeras.training.Evaluate;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/** The short training runs of the seed programs, after their summaries. */
final class BriefTraining {
  /** Test images the CNNs are evaluated on after their brief training. */
  static final int TEST_IMAGES = 2000;

  private BriefTraining() {}

  /** Trains a CNN on the first {@code samples} MNIST training images and evaluates it on test images. */
  static void mnist(Model model, int samples, int epochs, PrintWriter out) throws IOException {
    Mnist.Data mnist = Mnist.load();
    long n = Math.min(samples, mnist.train().size());
    var x = mnist.train().x().slice(Indices.range(0, n));
    var y = mnist.train().y().slice(Indices.range(0, n));
    out.printf("Training on %,d MNIST images for %d epoch(s):%n", n, epochs);
    out.flush();
    model.fit(x, y, Fit.epochs(epochs).batchSize(64).validationSplit(0.1));
    var xTest = mnist.test().x().slice(Indices.range(0, TEST_IMAGES));
    var yTest = mnist.test().y().slice(Indices.range(0, TEST_IMAGES));
    Map<String, Double> scores = model.evaluate(xTest, yTest, Evaluate.defaults().verbose(0));
    out.printf("Test on %,d images: loss %.4f, accuracy %.4f%n", TEST_IMAGES, scores.get("loss"),
        scores.get("accuracy"));
  }

  /**
   * Trains the multimodal model on generated data of the right shapes: standard-normal inputs (zero-mean, as
   * standardized features would be; with 61,806 inputs to one Dense layer, unnormalized data makes Adam's first
   * steps diverge), the class is the largest of the metadata values and the regression target the mean of the
   * audio vector, so that both heads can learn.
   */
  static void multimodal(Model model, int samples, int epochs, PrintWriter out) {
    Random r = new Random(42);
    Map<String, FloatNdArray> x = new TreeMap<>();
    x.put("image", random(r, samples, 64, 64, 3));
    x.put("metadata", random(r, samples, 10));
    x.put("audio", random(r, samples, 100));
    x.put("video", random(r, samples, 128, 128, 3));
    FloatNdArray classes = NdArrays.ofFloats(Shape.of(samples, 10));
    FloatNdArray values = NdArrays.ofFloats(Shape.of(samples, 1));
    for (int i = 0; i < samples; i++) {
      int best = 0;
      for (int j = 1; j < 10; j++) {
        if (x.get("metadata").getFloat(i, j) > x.get("metadata").getFloat(i, best)) {
          best = j;
        }
      }
      classes.setFloat(1f, i, best);
      double mean = 0;
      for (int j = 0; j < 100; j++) {
        mean += x.get("audio").getFloat(i, j);
      }
      values.setFloat((float) (mean / 10), i, 0); // the mean scaled to unit variance
    }
    Map<String, FloatNdArray> y = Map.of("classification_output", classes, "regression_output", values);
    out.printf("Training on %,d generated examples for %d epoch(s):%n", samples, epochs);
    out.flush();
    History history = model.fit(x, y, Fit.epochs(epochs).batchSize(32).validationSplit(0.2));
    out.println("History keys (Keras' names): " + history.history().keySet());
  }

  private static FloatNdArray random(Random r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) r.nextGaussian()));
    return a;
  }
}
