package io.jkeras.tf;

import java.util.Random;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * A learnable 10-class image task for short real training runs: 28x28 uniform noise with a bright 6x6 patch whose
 * position (one of 10 spots) is the label. Chance level is 10% accuracy and a cross-entropy of ln(10) = 2.30, so
 * a run that learned something is easy to tell from one that did not.
 */
final class PatchImages {
  final FloatNdArray images;
  final IntNdArray labels;

  PatchImages(int n, long seed) {
    Random r = new Random(seed);
    images = NdArrays.ofFloats(Shape.of(n, 28, 28, 1));
    labels = NdArrays.ofInts(Shape.of(n));
    for (int i = 0; i < n; i++) {
      int label = r.nextInt(10);
      labels.setInt(label, i);
      int top = 2 + (label / 5) * 14 + r.nextInt(3);
      int left = 1 + (label % 5) * 5 + r.nextInt(2);
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          boolean patch = y >= top && y < top + 6 && x >= left && x < Math.min(28, left + 6);
          images.setFloat(0.5f * r.nextFloat() + (patch ? 0.5f : 0f), i, y, x, 0);
        }
      }
    }
  }
}
