package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import java.util.List;
import java.util.Map;

/**
 * The three programs of the project, written line for line as their Keras originals, with their compile
 * arguments.
 */
public final class SeedPrograms {
  private SeedPrograms() {}

  /** The functional CNN (121,930 parameters). */
  public static Model functionalCnn() {
    var inputs = Input.of(28, 28, 1);
    var x = new Conv2D(32, 3, 3).activation("relu").apply(inputs);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dense(64).activation("relu").apply(x);
    var outputs = new Dense(10).activation("softmax").apply(x);
    return Model.of(inputs, outputs);
  }

  /** The same CNN as a Sequential stack (121,930 parameters). */
  public static Sequential sequentialCnn() {
    return new Sequential(List.of(
        new Conv2D(32, 3, 3).activation("relu").inputShape(28, 28, 1),
        new MaxPooling2D(2, 2),
        new Conv2D(64, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dense(64).activation("relu"),
        new Dense(10).activation("softmax")));
  }

  /** The compile arguments of both CNNs. */
  public static Compile cnnCompile() {
    return Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy");
  }

  /** Image, metadata, audio and video in; a class and a value out (7,932,107 parameters). */
  public static Model multimodal() {
    var image = Input.of("image", 64, 64, 3);
    var metadata = Input.of("metadata", 10);
    var audio = Input.of("audio", 100);
    var video = Input.of("video", 128, 128, 3);
    var x = new Conv2D(32, 3, 3).activation("relu").apply(image);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Conv2D(64, 3, 3).activation("relu").apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    var v = new Flatten().apply(video);
    var merged = new Concatenate().apply(List.of(x, metadata, audio, v));
    var h = new Dense(128).activation("relu").apply(merged);
    var cls = new Dense(10).activation("softmax").name("classification_output").apply(h);
    var reg = new Dense(1).name("regression_output").apply(h);
    return Model.of(
        Map.of("image", image, "metadata", metadata, "audio", audio, "video", video),
        Map.of("classification_output", cls, "regression_output", reg));
  }

  /** The compile arguments of the multimodal model: a loss and metrics per output name. */
  public static Compile multimodalCompile() {
    return Compile.optimizer("adam")
        .loss(Map.of("classification_output", "categorical_crossentropy", "regression_output", "mse"))
        .metrics(Map.of("classification_output", List.of("accuracy"), "regression_output", List.of("mae")));
  }
}
