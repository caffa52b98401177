package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Dense;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.metrics.StatefulMetric;
import io.jkeras.ops.Ops;
import io.jkeras.random.Random;
import io.jkeras.random.SeedGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Stateful metrics, random ops and Keras' loss functions written in ops. */
class OpsMetricsRandomTest {

  /** Keras' guide example: true positives of a binary classifier, summed over the epoch. */
  static final class BinaryTruePositives extends StatefulMetric {
    private final MetricVariable tp = addVariable("true_positives");

    BinaryTruePositives() {
      super("binary_true_positives");
    }

    @Override
    public void updateState(SymbolicTensor yTrue, SymbolicTensor yPred, SymbolicTensor sampleWeight) {
      SymbolicTensor hits = Ops.logicalAnd(Ops.equal(yTrue, 1.0), Ops.greater(yPred, 0.5));
      SymbolicTensor perSample = Ops.sum(Ops.cast(hits, DType.FLOAT32), -1);
      tp.assignAdd(Ops.sum(Ops.multiply(perSample, sampleWeight)));
    }

    @Override
    public SymbolicTensor result() {
      return tp.value();
    }
  }

  /** A metric with {@code assign}: the largest prediction seen. */
  static final class LargestPrediction extends StatefulMetric {
    private final MetricVariable largest = addVariable("largest");

    LargestPrediction() {
      super("largest");
    }

    @Override
    public void updateState(SymbolicTensor yTrue, SymbolicTensor yPred, SymbolicTensor sampleWeight) {
      largest.assign(Ops.maximum(largest, Ops.max(yPred)));
    }

    @Override
    public SymbolicTensor result() {
      return largest.value();
    }
  }

  @Test
  void statefulMetricsAccumulateOverTheEpoch() {
    java.util.Random r = new java.util.Random(7);
    FloatNdArray x = OpsLayerTest.random(r, 40, 3);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(40, 1));
    for (int i = 0; i < 40; i++) {
      y.setFloat(r.nextBoolean() ? 1f : 0f, i, 0);
    }
    SymbolicTensor in = Input.of(3);
    Model m = Model.of(in, new Dense(1).activation("sigmoid").apply(in));
    m.compile(Compile.optimizer("sgd").loss("binary_crossentropy")
        .metrics(new BinaryTruePositives(), new LargestPrediction()));
    FloatNdArray p = m.predict(x);
    double tp = 0;
    double largest = 0;
    for (int i = 0; i < 40; i++) {
      if (y.getFloat(i, 0) == 1f && p.getFloat(i, 0) > 0.5f) {
        tp++;
      }
      largest = Math.max(largest, p.getFloat(i, 0));
    }
    var logs = m.evaluate(x, y, io.jkeras.training.Evaluate.batchSize(8));
    assertEquals(tp, logs.get("binary_true_positives"), 1e-6, "summed over 5 batches");
    assertEquals(largest, logs.get("largest"), 1e-6);
    assertEquals(logs, m.evaluate(x, y, io.jkeras.training.Evaluate.batchSize(8)), "reset at each evaluate");
  }

  /** The VAE's Sampling layer: z = mean + exp(log_var / 2) * eps. */
  static final class Sampling extends BaseLayer<Sampling> {
    private final Object seed;

    Sampling(Object seed) {
      this.seed = seed;
    }

    @Override
    public SymbolicTensor call(List<SymbolicTensor> in) {
      SymbolicTensor eps = Random.normal(in.get(0), 0.0, 1.0, seed);
      return Ops.add(in.get(0), Ops.multiply(Ops.exp(Ops.multiply(in.get(1), 0.5)), eps));
    }
  }

  private static Model sampler(Object seed) {
    SymbolicTensor mean = Input.of(50);
    SymbolicTensor logVar = Input.of(50);
    return Model.of(List.of(mean, logVar), new Sampling(seed).apply(mean, logVar));
  }

  @Test
  void normalNoiseHasTheAskedMomentsAndFixedSeedsRepeat() {
    FloatNdArray mean = NdArrays.ofFloats(Shape.of(200, 50));
    FloatNdArray logVar = NdArrays.ofFloats(Shape.of(200, 50));
    mean.scalars().forEach(s -> s.setFloat(3f));
    logVar.scalars().forEach(s -> s.setFloat((float) Math.log(4)));   // stddev 2
    Model m = sampler(new SeedGenerator(11));
    m.runtimeOptions(RuntimeOptions.defaults().seed(3));
    FloatNdArray z = m.predict(List.of(mean, logVar));
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < 200; i++) {
      for (int j = 0; j < 50; j++) {
        double v = z.getFloat(i, j);
        sum += v;
        sq += v * v;
      }
    }
    double mu = sum / 10_000;
    double sd = Math.sqrt(sq / 10_000 - mu * mu);
    assertEquals(3.0, mu, 0.06);
    assertEquals(2.0, sd, 0.06);
    Model again = sampler(new SeedGenerator(11));
    again.runtimeOptions(RuntimeOptions.defaults().seed(3));
    assertEquals(z.getFloat(5, 5), again.predict(List.of(mean, logVar)).getFloat(5, 5), 0f, "same seeds, same draws");
    Model other = sampler(12L);
    assertNotEquals(z.getFloat(5, 5), other.predict(List.of(mean, logVar)).getFloat(5, 5));
  }

  @Test
  void dropoutKeepsTheMeanAndZeroesTheRate() {
    SymbolicTensor in = Input.of(1000);
    Model m = Model.of(in, new io.jkeras.layers.Lambda(t -> Random.dropout(t, 0.25, 5L)).apply(in));
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 1000));
    x.scalars().forEach(s -> s.setFloat(1f));
    FloatNdArray y = m.predict(x);
    int zeros = 0;
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 1000; j++) {
        float v = y.getFloat(i, j);
        zeros += v == 0f ? 1 : 0;
        sum += v;
        assertTrue(v == 0f || Math.abs(v - 4f / 3f) < 1e-6, "kept values are scaled by 1/(1-rate): " + v);
      }
    }
    assertEquals(0.25, zeros / 4000.0, 0.03);
    assertEquals(1.0, sum / 4000, 0.04);
  }

  @Test
  void kerasBinaryCrossentropyInOpsEqualsTheBuiltInLoss() {
    java.util.Random r = new java.util.Random(12);
    FloatNdArray x = OpsLayerTest.random(r, 16, 5);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(16, 3));
    y.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    double[] loss = new double[2];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in = Input.of(5);
      Model m = Model.of(in, new Dense(3).activation("sigmoid").apply(in));
      m.compile(Compile.optimizer("sgd").loss(k == 0 ? Loss.of("bce_in_ops", Losses::binaryCrossentropy)
          : Losses.get("binary_crossentropy")));
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      loss[k] = m.evaluate(x, y).get("loss");
    }
    assertEquals(loss[1], loss[0], 1e-5 * loss[1]);
  }
}
