package com.example.quickstart;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.datasets.Mnist;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.training.Fit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * A program that uses jkeras as a library: builds the seed CNN, trains it for one epoch on MNIST, evaluates it,
 * saves it, exports it as a TensorFlow SavedModel, reloads the saved file and checks that it predicts the same.
 *
 * <p>Arguments (both optional): the MNIST folder (default: a {@code data/mnist} folder found from the working
 * directory upwards, as {@link Mnist#load()} does) and the output folder (default {@code target/quickstart}).
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) throws IOException {
    Mnist.Data mnist = args.length > 0 ? Mnist.load(Path.of(args[0])) : Mnist.load();
    Path out = Path.of(args.length > 1 ? args[1] : "target/quickstart");
    Files.createDirectories(out);
    Keras.setRandomSeed(1);

    var inputs = Input.of(28, 28, 1);
    var x = new Conv2D(32, 3, 3).activation("relu").apply(inputs);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dense(64).activation("relu").apply(x);
    var outputs = new Dense(10).activation("softmax").apply(x);
    Model model = Model.of(inputs, outputs);
    model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
    model.summary();

    model.fit(mnist.train().x(), mnist.train().y(), Fit.epochs(1).batchSize(64));
    Map<String, Double> scores = model.evaluate(mnist.test().x(), mnist.test().y());

    Path saved = out.resolve("cnn.jkeras");
    Path export = out.resolve("savedmodel");
    model.save(saved);
    model.export(export);

    FloatNdArray some = mnist.test().x().slice(org.tensorflow.ndarray.index.Indices.range(0, 100));
    FloatNdArray before = model.predict(some);
    double maxDiff;
    try (Model reloaded = Model.load(saved)) {
      maxDiff = maxAbsDiff(before, reloaded.predict(some));
    }
    model.close();

    System.out.println(String.format(Locale.ROOT,
        "RESULT task=quickstart epochs=1 train_images=%d test_accuracy=%.4f test_loss=%.4f"
            + " reload_max_abs_diff=%.3e saved=%s export=%s",
        mnist.train().size(), scores.get("accuracy"), scores.get("loss"), maxDiff, saved, export));
  }

  private static double maxAbsDiff(FloatNdArray a, FloatNdArray b) {
    double[] max = {0};
    a.scalars().forEachIndexed((index, value) ->
        max[0] = Math.max(max[0], Math.abs(value.getFloat() - b.getFloat(index))));
    return max[0];
  }
}
