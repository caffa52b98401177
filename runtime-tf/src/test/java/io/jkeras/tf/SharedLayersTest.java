package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.SGD;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Layers shared between models are one set of variables, as in Keras: a sub-model predicts with the weights the
 * whole model trained, and alternating training steps between two compiled models sharing layers (the VAE and
 * GAN patterns) match Keras 3.15.1 step by step (fixture from tools/keras-crosscheck/make_shared_layers.py).
 */
class SharedLayersTest {

  private static final class Models implements AutoCloseable {
    final Model encoder;
    final Model decoder;
    final Model whole;

    Models() {
      SymbolicTensor x = Input.of("x", 5);
      SymbolicTensor h = new Dense(4).activation("tanh").name("enc_hidden").apply(x);
      encoder = Model.of(x, new Dense(2).name("enc_z").apply(h)).name("encoder");
      SymbolicTensor z = Input.of("z", 2);
      SymbolicTensor d = new Dense(4).activation("relu").name("dec_hidden").apply(z);
      decoder = Model.of(z, new Dense(3).name("dec_out").apply(d)).name("decoder");
      SymbolicTensor xw = Input.of("x_whole", 5);
      whole = Model.of(xw, decoder.apply(encoder.apply(xw))).name("whole");
    }

    @Override
    public void close() {
      whole.close();
      decoder.close();
      encoder.close();
    }
  }

  private static JsonNode fixture() throws IOException {
    try (InputStream in = SharedLayersTest.class.getResourceAsStream("/shared-layers/alternating.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  private static FloatNdArray matrix(JsonNode array, int columns) {
    float[] v = floats(array);
    return NdArrays.wrap(Shape.of(v.length / columns, columns), DataBuffers.of(v, true, false));
  }

  private static float[] values(FloatNdArray a) {
    float[] out = new float[Math.toIntExact(a.size())];
    a.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static void setInitialWeights(Model model, JsonNode initial) {
    java.util.List<FloatNdArray> values = new java.util.ArrayList<>();
    for (io.jkeras.Variable v : model.weights()) {
      float[] f = floats(initial.get(v.path()));
      values.add(NdArrays.wrap(v.shape(), DataBuffers.of(f, true, false)));
    }
    model.setWeights(values);
  }

  @Test
  void alternatingStepsOfTwoModelsSharingLayersMatchKeras() throws IOException {
    JsonNode fx = fixture();
    try (Models m = new Models()) {
      setInitialWeights(m.whole, fx.get("initial_weights"));
      m.whole.compile(Compile.optimizer(new SGD(0.1)).loss("mse"));
      m.decoder.compile(Compile.optimizer(new SGD(0.05)).loss("mse"));
      int step = 0;
      for (JsonNode s : fx.get("steps")) {
        double lw = m.whole.trainOnBatch(matrix(s.get("whole_x"), 5), matrix(s.get("whole_y"), 3)).get("loss");
        assertEquals(s.get("whole_loss").asDouble(), lw, 1e-5, "whole's loss at step " + step);
        double ld = m.decoder.trainOnBatch(matrix(s.get("decoder_x"), 2), matrix(s.get("decoder_y"), 3))
            .get("loss");
        assertEquals(s.get("decoder_loss").asDouble(), ld, 1e-5, "decoder's loss at step " + step);
        step++;
      }
      // Every model sees the newest values: the whole model's weights, the sub-models' predictions.
      Map<String, FloatNdArray> byPath = new LinkedHashMap<>();
      for (int i = 0; i < m.whole.weights().size(); i++) {
        byPath.put(m.whole.weights().get(i).path(), m.whole.getWeights().get(i));
      }
      fx.get("final_weights").fields().forEachRemaining(e ->
          assertArrayEquals(floats(e.getValue()), values(byPath.get(e.getKey())), 1e-5f, e.getKey()));
      assertArrayEquals(floats(fx.get("decoder_prediction")),
          values(m.decoder.predict(matrix(fx.get("probe_z"), 2))), 1e-5f, "decoder.predict");
      assertArrayEquals(floats(fx.get("encoder_prediction")),
          values(m.encoder.predict(matrix(fx.get("probe_x"), 5))), 1e-5f, "encoder.predict");
    }
  }

  @Test
  void aSubModelPredictsWithTheWeightsTheWholeModelTrainedEvenAfterItIsClosed() throws IOException {
    JsonNode fx = fixture();
    FloatNdArray probe = matrix(fx.get("probe_z"), 2);
    try (Models m = new Models()) {
      float[] before = values(m.decoder.predict(probe)); // the decoder's runtime exists before training
      m.whole.compile(Compile.optimizer(new SGD(0.5)).loss("mse"));
      JsonNode s = fx.get("steps").get(0);
      for (int i = 0; i < 3; i++) {
        m.whole.trainOnBatch(matrix(s.get("whole_x"), 5), matrix(s.get("whole_y"), 3));
      }
      float[] trained = values(m.decoder.predict(probe));
      Map<String, float[]> wholeWeights = m.whole.runtime().getWeights();
      assertEquals(false, java.util.Arrays.equals(before, trained), "the decoder still predicts as before training");
      // decoder(z) computed by hand from the whole model's weights.
      assertArrayEquals(decode(wholeWeights, floats(fx.get("probe_z"))), trained, 1e-5f);
      m.whole.close();
      assertArrayEquals(trained, values(m.decoder.predict(probe)), 0f, "after the whole model was closed");
    }
  }

  private static float[] decode(Map<String, float[]> w, float[] z) {
    int rows = z.length / 2;
    float[] out = new float[rows * 3];
    for (int r = 0; r < rows; r++) {
      float[] h = new float[4];
      for (int j = 0; j < 4; j++) {
        float acc = w.get("dec_hidden/bias")[j];
        for (int i = 0; i < 2; i++) {
          acc += z[r * 2 + i] * w.get("dec_hidden/kernel")[i * 4 + j];
        }
        h[j] = Math.max(0f, acc);
      }
      for (int k = 0; k < 3; k++) {
        float acc = w.get("dec_out/bias")[k];
        for (int j = 0; j < 4; j++) {
          acc += h[j] * w.get("dec_out/kernel")[j * 3 + k];
        }
        out[r * 3 + k] = acc;
      }
    }
    return out;
  }
}
