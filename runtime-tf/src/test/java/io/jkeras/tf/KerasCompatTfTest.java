package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.Adam;
import io.jkeras.training.Fit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** Keras 3 conventions checked on the TensorFlow runtime: weight order and the summary's optimizer line. */
class KerasCompatTfTest {
  private static final float[][] X = new float[16][4];
  private static final float[][] Y = new float[16][3];

  static {
    Random r = new Random(5);
    for (int i = 0; i < X.length; i++) {
      for (int j = 0; j < 4; j++) {
        X[i][j] = (float) r.nextGaussian();
      }
      for (int j = 0; j < 3; j++) {
        Y[i][j] = X[i][j] - X[i][j + 1];
      }
    }
  }

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void adamOptimizerParamsAreCountedAsKerasCountsThem() {
    SymbolicTensor in = Input.of(4);
    try (Model m = Model.of(in, new Dense(3).apply(in))) {
      m.compile(Compile.optimizer(new Adam()).loss("mse"));
      assertFalse(m.summaryString().contains("Optimizer params"), m.summaryString());
      m.fit(X, Y, Fit.epochs(1).batchSize(8).verbose(0));
      // Keras: Dense 4→3 has 15 weights; Adam's variables are a momentum and a velocity per weight (2·15),
      // the iteration (int64) and the learning rate: 32 values, 30·4 + 8 + 4 = 132 bytes.
      String s = m.summaryString();
      assertTrue(s.endsWith(" Total params: 47 (192.00 B)\n Trainable params: 15 (60.00 B)\n"
          + " Non-trainable params: 0 (0.00 B)\n Optimizer params: 32 (132.00 B)\n"), s);
      assertEquals(Map.of("iteration", 1L, "learning_rate", 1L, "adam/dense_kernel_momentum", 12L,
          "adam/dense_kernel_velocity", 12L, "adam/dense_bias_momentum", 3L, "adam/dense_bias_velocity", 3L),
          m.optimizerVariableSizes());
    }
  }

  @Test
  void runtimeVariablesFollowKerasWeightOrder() {
    SymbolicTensor in = Input.of(4);
    SymbolicTensor x = new Dense(3).apply(in);
    x = new BatchNormalization().apply(x);
    try (Model m = Model.of(in, new Dense(3).apply(x))) {
      m.compile(Compile.optimizer(new Adam()).loss("mse"));
      m.fit(X, Y, Fit.epochs(1).batchSize(8).verbose(0));
      List<String> keras = List.of("dense/kernel", "dense/bias", "batch_normalization/gamma",
          "batch_normalization/beta", "batch_normalization/moving_mean", "batch_normalization/moving_variance",
          "dense_1/kernel", "dense_1/bias");
      List<String> paths = new ArrayList<>();
      for (Variable v : m.weights()) {
        paths.add(v.path());
      }
      assertEquals(keras, paths);
      Map<String, float[]> byPath = m.runtime().getWeights();
      assertEquals(keras, new ArrayList<>(byPath.keySet()));
      // get_weights()[i] is the runtime's value of weights()[i]: training moved the moving variance off 1.
      List<FloatNdArray> w = m.getWeights();
      for (int i = 0; i < keras.size(); i++) {
        float[] flat = new float[(int) w.get(i).size()];
        w.get(i).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(flat, false, false));
        assertArrayEquals(byPath.get(keras.get(i)), flat, keras.get(i));
      }
      // set_weights in that order round-trips through the runtime.
      m.setWeights(w);
      assertArrayEquals(byPath.get("batch_normalization/moving_variance"),
          m.runtime().getWeights().get("batch_normalization/moving_variance"));
    }
  }
}
