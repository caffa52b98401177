package io.jkeras;

import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import java.util.List;
import java.util.Map;

/** The seed programs and small graph examples, shared by the summary, serialization and graph tests. */
public final class ExampleModels {
  private ExampleModels() {}

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

  /** Two inputs through one Dense (shared), concatenated, then Dense(1). */
  public static Model sharedLayerModel() {
    var a = Input.of(16);
    var b = Input.of(16);
    var shared = new Dense(8);
    var merged = new Concatenate().apply(shared.apply(a), shared.apply(b));
    return Model.of(List.of(a, b), new Dense(1).apply(merged));
  }

  /** An encoder model used as a layer: Input(32) -> encoder -> Dense(4). */
  public static Model nestedModel() {
    var in = Input.of(32);
    var encoder = Model.of(in, new Dense(16).name("code").apply(in)).name("encoder");
    var x = Input.of(32);
    return Model.of(x, new Dense(4).apply(encoder.apply(x)));
  }

}
