package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.training.Fit;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;

/**
 * {@code RuntimeOptions.deterministic(true)} with a seed: two trainings of a model with convolutions, batch
 * normalization, dropout and shuffled batches end with bit-identical weights, with TF's default thread pools
 * otherwise (no {@link Keras#setRandomSeed}: the runtime's seed alone decides).
 */
class DeterminismTest {

  private static Map<String, float[]> train(RuntimeOptions options) {
    Keras.clearSession();
    var in = Input.of(12, 12, 1);
    var x = new Conv2D(8, 3, 3).activation("relu").apply(in);
    x = new BatchNormalization().apply(x);
    x = new MaxPooling2D(2, 2).apply(x);
    x = new Flatten().apply(x);
    x = new Dropout(0.3).apply(x);
    x = new Dense(16).activation("relu").apply(x);
    try (Model m = Model.of(in, new Dense(4).activation("softmax").apply(x))) {
      m.runtimeOptions(options);
      m.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
      Random r = new Random(5);
      FloatNdArray images = NdArrays.ofFloats(Shape.of(96, 12, 12, 1));
      images.scalars().forEach(s -> s.setFloat(r.nextFloat()));
      int[] labels = new int[96];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = images.getFloat(i, 3, 3, 0) > 0.5f ? (images.getFloat(i, 8, 8, 0) > 0.5f ? 3 : 2) : i % 2;
      }
      m.fit(images, labels, Fit.epochs(3).batchSize(16).validationSplit(0.25).verbose(0)); // shuffled
      return m.runtime().getWeights();
    }
  }

  @Test
  void twoSeededDeterministicRunsGiveBitIdenticalWeights() {
    RuntimeOptions opts = RuntimeOptions.defaults().seed(1234).deterministic(true);
    Map<String, float[]> a = train(opts);
    Map<String, float[]> b = train(RuntimeOptions.defaults().seed(1234).deterministic(true));
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      // Bit for bit: compare the raw int bits (Arrays.equals on floats treats -0.0 and 0.0 as different, NaNs as
      // equal, which is what bit identity means).
      assertTrue(Arrays.equals(a.get(k), b.get(k)), "weight " + k + " differs between the two runs");
    }
    // A different seed trains differently (the seed reaches initialization, dropout and shuffling).
    Map<String, float[]> c = train(RuntimeOptions.defaults().seed(99).deterministic(true));
    assertFalse(Arrays.equals(a.get("dense/kernel"), c.get("dense/kernel")));
  }

  @Test
  void theSwitchFixesInterOpParallelismToOneThread() {
    ConfigProto on = TfModelRuntime.sessionConfig(RuntimeOptions.defaults().deterministic(true).intraOpThreads(2));
    assertEquals(1, on.getInterOpParallelismThreads());
    assertEquals(2, on.getIntraOpParallelismThreads());
    assertTrue(on.getUsePerSessionThreads());
    ConfigProto off = TfModelRuntime.sessionConfig(RuntimeOptions.defaults());
    assertEquals(0, off.getInterOpParallelismThreads());
    assertFalse(off.getUsePerSessionThreads());
  }
}
