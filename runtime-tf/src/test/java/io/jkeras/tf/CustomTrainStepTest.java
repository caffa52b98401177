package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.ops.Ops;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.SGD;
import io.jkeras.training.Fit;
import io.jkeras.training.StepContext;
import io.jkeras.training.TrainStep;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** {@code Compile.trainStep}: a training step written in ops, with gradients and optimizers of the user's own. */
class CustomTrainStepTest {

  private static Model mlp() {
    SymbolicTensor in = Input.of(4);
    return Model.of(in, new Dense(2).apply(new Dense(8).activation("tanh").apply(in)));
  }

  /** Keras' "Customizing what happens in fit" first example: the compiled step written out by hand. */
  static final TrainStep MSE_STEP = step -> {
    SymbolicTensor pred = step.model().apply(step.x(0));
    SymbolicTensor loss = Ops.mean(Ops.square(Ops.subtract(step.y(0), pred)));
    var weights = step.trainableWeights();
    step.applyGradients(step.gradients(loss, weights), weights);
    return Map.of("loss", loss);
  };

  @Test
  void aHandWrittenStepTrainsAsTheCompiledOne() {
    Random r = new Random(2);
    FloatNdArray x = OpsLayerTest.random(r, 16, 4);
    FloatNdArray y = OpsLayerTest.random(r, 16, 2);
    double[][] losses = new double[2][8];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      Model m = mlp();
      m.runtimeOptions(RuntimeOptions.defaults().seed(4).intraOpThreads(1).interOpThreads(1));
      m.compile(k == 0 ? Compile.optimizer(new Adam(0.01)).trainStep(MSE_STEP)
          : Compile.optimizer(new Adam(0.01)).loss("mse"));
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      for (int s = 0; s < 8; s++) {
        losses[k][s] = m.trainOnBatch(x, y).get("loss");
      }
    }
    assertTrue(losses[0][7] < losses[0][0], "learns");
    for (int s = 0; s < 8; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-6 * losses[1][s], "step " + s);
    }
  }

  @Test
  void fitWithoutTargetsTrainsAnAutoencoderAndEvaluateRunsTheStepWithoutUpdates() {
    Random r = new Random(3);
    FloatNdArray x = OpsLayerTest.random(r, 64, 4);
    SymbolicTensor in = Input.of(4);
    Model ae = Model.of(in, new Dense(4).apply(new Dense(2).activation("tanh").apply(in)));
    ae.runtimeOptions(RuntimeOptions.defaults().seed(1));
    TrainStep step = s -> {
      SymbolicTensor rec = s.model().apply(s.x(0));
      SymbolicTensor loss = Ops.mean(Ops.square(Ops.subtract(s.x(0), rec)));
      s.applyGradients(s.gradients(loss, s.trainableWeights()), s.trainableWeights());
      return StepContext.logs("loss", loss, "twice", Ops.multiply(loss, 2.0));
    };
    ae.compile(Compile.optimizer(new Adam(0.02)).trainStep(step));
    double before = ae.evaluate(x, null).get("loss");
    double again = ae.evaluate(x, null).get("loss");
    assertEquals(before, again, 1e-7, "evaluate changes nothing");
    var history = ae.fit(x, null, Fit.epochs(5).batchSize(16).verbose(0));
    List<Double> epochLoss = history.history().get("loss");
    assertEquals(5, epochLoss.size());
    assertEquals(2 * epochLoss.get(4), history.history().get("twice").get(4), 1e-5);
    double after = ae.evaluate(x, null).get("loss");
    assertTrue(after < 0.8 * before, "the autoencoder learns: " + before + " -> " + after);
  }

  @Test
  void twoOptimizersUpdateTheirOwnWeights() {
    Random r = new Random(6);
    FloatNdArray x = OpsLayerTest.random(r, 8, 4);
    FloatNdArray y = OpsLayerTest.random(r, 8, 2);
    SymbolicTensor in = Input.of(4);
    Dense first = new Dense(3);
    Dense second = new Dense(2);
    Model m = Model.of(in, second.apply(first.apply(in)));
    SGD slow = new SGD(0.0);
    m.compile(Compile.optimizer(new SGD(0.1)).trainStep(s -> {
      SymbolicTensor loss = Ops.mean(Ops.square(Ops.subtract(s.y(0), s.model().apply(s.x(0)))));
      var a = first.weights();
      var b = second.weights();
      var grads = s.gradients(loss, s.trainableWeights());
      s.applyGradients(grads.subList(0, 2), a);
      s.applyGradients(slow, grads.subList(2, 4), b);
      return Map.of("loss", loss);
    }));
    List<FloatNdArray> w0 = m.getWeights();
    m.trainOnBatch(x, y);
    List<FloatNdArray> w1 = m.getWeights();
    assertTrue(w0.get(0).getFloat(0, 0) != w1.get(0).getFloat(0, 0), "the first layer moved");
    assertEquals(w0.get(2).getFloat(0, 0), w1.get(2).getFloat(0, 0), 0f, "learning rate 0 keeps the second");
  }

  @Test
  void aStepReturningAVectorIsRefusedWithItsName() {
    Model m = mlp();
    m.compile(Compile.optimizer("adam").trainStep(s -> Map.of("per_sample", Ops.sum(s.x(0), -1))));
    Random r = new Random(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.trainOnBatch(OpsLayerTest.random(r, 2, 4), OpsLayerTest.random(r, 2, 2)));
    assertTrue(e.getMessage().contains("per_sample") && e.getMessage().contains("scalar"), e.getMessage());
  }
}
