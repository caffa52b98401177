package io.jkeras.samples.mnist;

import java.util.Objects;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;

/**
 * MNIST as the job uses it: images {@code (N, 28, 28, 1)} with values in [0, 1], labels {@code (N)} in 0..9.
 */
public record MnistData(
    FloatNdArray trainImages, IntNdArray trainLabels, FloatNdArray testImages, IntNdArray testLabels) {

  public MnistData {
    Objects.requireNonNull(trainImages, "trainImages");
    Objects.requireNonNull(trainLabels, "trainLabels");
    Objects.requireNonNull(testImages, "testImages");
    Objects.requireNonNull(testLabels, "testLabels");
    check("train", trainImages, trainLabels);
    check("test", testImages, testLabels);
  }

  private static void check(String part, FloatNdArray images, IntNdArray labels) {
    if (images.rank() < 2 || labels.rank() != 1 || images.shape().get(0) != labels.shape().get(0)) {
      throw new IllegalArgumentException("MNIST " + part + " set: images " + images.shape()
          + " and labels " + labels.shape() + " do not match: expected (N, 28, 28, 1) and (N)");
    }
  }

  /** Number of training images. */
  public long trainSize() {
    return trainImages.shape().get(0);
  }

  /** A dense copy of the first {@code n} test images. */
  public FloatNdArray firstTestImages(int n) {
    if (n > testImages.shape().get(0)) {
      throw new IllegalArgumentException(
          "MNIST test set has " + testImages.shape().get(0) + " images, " + n + " asked for");
    }
    FloatNdArray view = testImages.slice(Indices.range(0, n));
    FloatNdArray copy = NdArrays.ofFloats(Shape.of(view.shape().asArray()));
    view.copyTo(copy);
    return copy;
  }
}
