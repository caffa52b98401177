package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.optimizers.Adam;
import io.jkeras.ops.Ops;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * Issue 13's proofs: LayerNormalization and a Conv2D + BatchNormalization + ReLU residual block written as
 * custom layers in ops give the built-in layers' outputs and training steps.
 */
class OpsProofsTest {

  /** Keras' LayerNormalization over the last axis, in ops. */
  static final class OpsLayerNorm extends BaseLayer<OpsLayerNorm> {
    private Variable gamma;
    private Variable beta;

    @Override
    protected void build(Shape in) {
      long c = in.get(in.numDimensions() - 1);
      gamma = addWeight("gamma", Shape.of(c), "ones", true);
      beta = addWeight("beta", Shape.of(c), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      List<SymbolicTensor> mv = Ops.moments(x, true, -1);
      return Ops.batchNormalization(x, mv.get(0), mv.get(1), -1, beta, gamma, 1e-3);
    }
  }

  /**
   * relu(batch_norm(conv3x3(x))) + x, with Keras' BatchNormalization maths (momentum 0.99, epsilon 1e-3). The
   * convolution has no bias, as in ResNets: a bias before BatchNormalization has no gradient in exact maths, and
   * Adam blows its rounding noise up into full-size steps that differ between any two op orders.
   */
  static final class OpsResidualBlock extends BaseLayer<OpsResidualBlock> {
    private Variable kernel;
    private Variable gamma;
    private Variable beta;
    private Variable movingMean;
    private Variable movingVariance;

    @Override
    protected void build(Shape in) {
      long c = in.get(3);
      kernel = addWeight("kernel", Shape.of(3, 3, c, c), "glorot_uniform", true);
      gamma = addWeight("gamma", Shape.of(c), "ones", true);
      beta = addWeight("beta", Shape.of(c), "zeros", true);
      movingMean = addWeight("moving_mean", Shape.of(c), "zeros", false);
      movingVariance = addWeight("moving_variance", Shape.of(c), "ones", false);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x, boolean training) {
      SymbolicTensor h = Ops.conv(x, kernel, new int[] {1, 1}, "same", new int[] {1, 1});
      SymbolicTensor normed;
      if (training) {
        List<SymbolicTensor> mv = Ops.moments(h, false, 0, 1, 2);
        movingMean.assign(Ops.add(Ops.multiply(movingMean, 0.99), Ops.multiply(mv.get(0), 0.01)));
        movingVariance.assign(Ops.add(Ops.multiply(movingVariance, 0.99), Ops.multiply(mv.get(1), 0.01)));
        normed = Ops.batchNormalization(h, mv.get(0), mv.get(1), -1, beta, gamma, 1e-3);
      } else {
        normed = Ops.batchNormalization(h, movingMean, movingVariance, -1, beta, gamma, 1e-3);
      }
      return Ops.add(Ops.relu(normed), x);
    }
  }

  private static double[] trainBoth(Function<SymbolicTensor, SymbolicTensor> ops,
      Function<SymbolicTensor, SymbolicTensor> builtIn, FloatNdArray x, FloatNdArray y, double[][] predictions) {
    double[][] losses = new double[2][10];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in = Input.of((int) x.shape().get(1), (int) x.shape().get(2), (int) x.shape().get(3));
      SymbolicTensor h = (k == 0 ? ops : builtIn).apply(in);
      Model m = Model.of(in, new Dense(2).apply(new Flatten().apply(h)));
      m.runtimeOptions(RuntimeOptions.defaults().seed(3).intraOpThreads(1).interOpThreads(1));
      m.compile(Compile.optimizer(new Adam(0.01)).loss("mse"));
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      for (int s = 0; s < 10; s++) {
        losses[k][s] = m.trainOnBatch(x, y).get("loss");
      }
      FloatNdArray p = m.predict(x);

      double[] flat = new double[(int) p.size()];
      int[] i = {0};
      p.scalars().forEach(v -> flat[i[0]++] = v.getFloat());
      predictions[k] = flat;
    }
    assertTrue(losses[0][9] < losses[0][0], "learns: " + losses[0][0] + " -> " + losses[0][9]);
    for (int s = 0; s < 10; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-6 * Math.max(1, losses[1][s]), "step " + s);
    }
    for (int i = 0; i < predictions[0].length; i++) {
      assertEquals(predictions[1][i], predictions[0][i], 1e-6 * Math.max(1, Math.abs(predictions[1][i])),
          "prediction " + i);
    }
    return losses[0];
  }

  @Test
  void layerNormalizationInOpsTrainsAsTheBuiltIn() {
    Random r = new Random(21);
    FloatNdArray x = OpsLayerTest.random(r, 8, 3, 4, 5);
    FloatNdArray y = OpsLayerTest.random(r, 8, 2);
    trainBoth(t -> new OpsLayerNorm().apply(t), t -> new LayerNormalization().apply(t), x, y, new double[2][]);
  }

  @Test
  void residualConvBatchNormReluBlockInOpsTrainsAsTheBuiltIns() {
    Random r = new Random(22);
    FloatNdArray x = OpsLayerTest.random(r, 8, 6, 6, 3);
    FloatNdArray y = OpsLayerTest.random(r, 8, 2);
    trainBoth(t -> new OpsResidualBlock().apply(t), t -> {
      SymbolicTensor h = new Conv2D(3, 3).padding("same").useBias(false).apply(t);
      h = new Activation("relu").apply(new BatchNormalization().apply(h));
      return new Add().apply(h, t);
    }, x, y, new double[2][]);
  }

  @Test
  void opsLayerNormGradientMatchesFiniteDifferences() {
    SymbolicTensor in = Input.of(2, 6);
    Model m = Model.of(in, new OpsLayerNorm().apply(in));
    try (GradientCheck g = new GradientCheck(m, 3, false, 5)) {
      g.check(40, 1e-2, 2e-2);
    }
  }
}
