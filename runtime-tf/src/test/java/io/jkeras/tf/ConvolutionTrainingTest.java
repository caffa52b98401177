package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv1D;
import io.jkeras.layers.Conv2DTranspose;
import io.jkeras.layers.Conv3D;
import io.jkeras.layers.Cropping1D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.DepthwiseConv2D;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.SeparableConv2D;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import io.jkeras.regularizers.L2;
import io.jkeras.training.Fit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * The new convolution, pooling and resizing layers inside {@code fit} (the full training step graph) and in a
 * SavedModel export.
 */
class ConvolutionTrainingTest {

  private static FloatNdArray random(Random r, long... dims) {
    Shape s = Shape.of(dims);
    float[] v = new float[Math.toIntExact(s.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return NdArrays.wrap(s, DataBuffers.of(v));
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

  @Test
  void aModelOfTheNewLayersTrainsAndExports() throws java.io.IOException {
    Keras.clearSession();
    Keras.setRandomSeed(4);
    SymbolicTensor image = Input.of("image", 6, 6, 1);
    SymbolicTensor i = new ZeroPadding2D(1).apply(image);
    i = new DepthwiseConv2D(3).depthMultiplier(2).activation("relu").apply(i);
    i = new SeparableConv2D(4, 3).padding("same").activation("relu").apply(i);
    i = new Conv2DTranspose(4, 2).strides(2).apply(i);
    i = new Cropping2D(1).apply(new UpSampling2D().interpolation("bilinear").apply(i));
    SymbolicTensor imageFeatures = new GlobalMaxPooling2D().apply(i);
    SymbolicTensor sequence = Input.of("sequence", 12, 2);
    SymbolicTensor s = new Conv1D(4, 3).padding("causal").dilationRate(2).activation("tanh").apply(sequence);
    s = new MaxPooling1D().apply(new Cropping1D(1, 1).apply(s));
    SymbolicTensor sequenceFeatures = new GlobalAveragePooling1D().apply(s);
    SymbolicTensor sequenceMax = new GlobalMaxPooling1D().apply(s);
    SymbolicTensor volume = Input.of("volume", 4, 4, 4, 1);
    SymbolicTensor v = new Conv3D(3, 2).padding("same").kernelRegularizer(new L2(1e-3)).activation("relu")
        .apply(volume);
    SymbolicTensor volumeFeatures = new GlobalAveragePooling2D().apply(
        new io.jkeras.layers.Reshape(4, 16, 3).apply(v));
    SymbolicTensor all = new Concatenate().apply(List.of(imageFeatures, sequenceFeatures, sequenceMax,
        volumeFeatures));
    Model model = Model.of(List.of(image, sequence, volume), new Dense(2).activation("softmax").apply(all));
    model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(5));
    model.compile(Compile.optimizer(new io.jkeras.optimizers.Adam(0.02)).loss("sparse_categorical_crossentropy"));

    Random r = new Random(2);
    int n = 64;
    FloatNdArray xi = random(r, n, 6, 6, 1);
    FloatNdArray xs = random(r, n, 12, 2);
    FloatNdArray xv = random(r, n, 4, 4, 4, 1);
    float[] labels = new float[n];
    for (int k = 0; k < n; k++) {
      labels[k] = xs.getFloat(k, 11, 0) + xi.getFloat(k, 2, 2, 0) > 0 ? 1 : 0;
    }
    FloatNdArray y = NdArrays.wrap(Shape.of(n), DataBuffers.of(labels));
    try (model) {
      Map<String, List<Double>> history = model.fit(List.of(xi, xs, xv), y,
          Fit.epochs(10).batchSize(16).verbose(0)).history();
      List<Double> loss = history.get("loss");
      assertEquals(10, loss.size());
      assertTrue(loss.get(9) < loss.get(0), "loss " + loss);
      FloatNdArray expected = model.predict(List.of(xi, xs, xv));
      assertEquals(Shape.of(n, 2), expected.shape());
      // The exported SavedModel (inference graph, batch dimension dynamic) gives the same predictions.
      java.nio.file.Path dir = tmp.resolve("model");
      model.export(dir);
      try (SavedModel served = SavedModel.load(dir)) {
        var part = org.tensorflow.ndarray.index.Indices.range(0, 5);
        FloatNdArray got = served.predict(Map.of("image", xi.slice(part), "sequence", xs.slice(part),
            "volume", xv.slice(part))).values().iterator().next();
        assertEquals(Shape.of(5, 2), got.shape());
        for (int k = 0; k < 5; k++) {
          for (int j = 0; j < 2; j++) {
            assertEquals(expected.getFloat(k, j), got.getFloat(k, j), 1e-5);
          }
        }
      }
    }
  }
}
