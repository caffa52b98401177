package io.jkeras.samples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.datasets.Mnist;
import io.jkeras.samples.SeedPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.index.Indices;

/**
 * The benchmark's hand-written graph is the same model as jkeras' seed CNN: from the same weights, on the same
 * MNIST batches, the two give the same losses step after step (Adam included) — a check of jkeras' lowering,
 * loss and optimizer against independent raw TF code.
 */
class RawTfCnnTest {
  @ParameterizedTest
  @EnumSource(RawTfCnn.GraphOps.class)
  void rawGraphAndJkerasTrainAlike(RawTfCnn.GraphOps ops) throws Exception {
    Mnist.Data mnist = Mnist.load();
    FloatNdArray x = mnist.train().x();
    IntNdArray y = mnist.train().y();
    Keras.clearSession();
    try (Model model = SeedPrograms.functionalCnn()) {
      assertEquals(121_930, model.countParams());
      model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(11));
      model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy"));
      Map<String, float[]> start = model.runtime().getWeights();
      List<Float> rawLosses = new ArrayList<>();
      List<Double> jkLosses = new ArrayList<>();
      org.tensorflow.proto.ConfigProto oneThread = org.tensorflow.proto.ConfigProto.newBuilder()
          .setUsePerSessionThreads(true).setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
      try (RawTfCnn raw = new RawTfCnn(new ArrayList<>(start.values()), oneThread, ops)) {
        for (int step = 0; step < 30; step++) {
          var xb = x.slice(Indices.range(step * 32L, step * 32L + 32));
          var yb = y.slice(Indices.range(step * 32L, step * 32L + 32));
          rawLosses.add(raw.step(xb, yb));
          jkLosses.add(model.trainOnBatch(xb, yb).get("loss"));
        }
      }
      // Float rounding differences (op order inside oneDNN kernels) grow over 30 Adam steps; 2.5e-3 was seen when
      // other tests had run TF in the same JVM first. A different model would differ by far more than 5e-3.
      for (int i = 0; i < rawLosses.size(); i++) {
        assertEquals(rawLosses.get(i), jkLosses.get(i), 5e-3 * Math.max(1, rawLosses.get(i)),
            "step " + i + ": raw " + rawLosses + " jkeras " + jkLosses);
      }
      assertEquals(rawLosses.get(0), jkLosses.get(0), 1e-5, "same weights, same batch: same first loss");
      double first = (rawLosses.get(0) + rawLosses.get(1) + rawLosses.get(2)) / 3;
      double last = (rawLosses.get(27) + rawLosses.get(28) + rawLosses.get(29)) / 3;
      assertTrue(last < first * 0.7, "loss falls: " + rawLosses);
    }
  }

  /**
   * The in-graph-data variant (the training set in variables, batches sliced in the graph) trains exactly as the
   * fed graph: same batches, same weights, same losses; and a wider hidden Dense layer gives its own shapes.
   */
  @Test
  void inGraphDataTrainsAsFedBatches() throws Exception {
    Mnist.Data mnist = Mnist.load();
    FloatNdArray x = mnist.train().x().slice(Indices.range(0, 320));
    IntNdArray y = mnist.train().y().slice(Indices.range(0, 320));
    Keras.clearSession();
    try (Model model = SeedPrograms.functionalCnn()) {
      model.runtimeOptions(RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(12));
      List<float[]> start = new ArrayList<>(model.runtime().getWeights().values());
      org.tensorflow.proto.ConfigProto config = org.tensorflow.proto.ConfigProto.newBuilder()
          .setUsePerSessionThreads(true).setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
      try (RawTfCnn fed = new RawTfCnn(start, config);
          RawTfCnn inGraph = new RawTfCnn(start, config, 64, 32, 320)) {
        inGraph.loadData(x, y);
        for (int step = 0; step < 10; step++) {
          float a = fed.step(x.slice(Indices.range(step * 32L, step * 32L + 32)),
              y.slice(Indices.range(step * 32L, step * 32L + 32)));
          float b = inGraph.stepAt(step * 32L);
          assertEquals(a, b, 1e-5 * Math.max(1, a), "step " + step);
        }
      }
    }
    assertEquals(org.tensorflow.ndarray.Shape.of(1600, 256), RawTfCnn.weightShapes(256).get(4));
  }

  /** The profile reports the kernels each variant runs: Eigen's MaxPoolGradV2 in the plain graph, none in jkeras'. */
  @Test
  void profileNamesTheKernelsOfEachVariant() throws Exception {
    Mnist.Data mnist = Mnist.load();
    FloatNdArray x = mnist.train().x().slice(Indices.range(0, 16));
    IntNdArray y = mnist.train().y().slice(Indices.range(0, 16));
    List<float[]> start = CnnBenchmark.glorot(new java.util.SplittableRandom(3));
    org.tensorflow.proto.ConfigProto config = org.tensorflow.proto.ConfigProto.newBuilder()
        .setUsePerSessionThreads(true).setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
    for (RawTfCnn.GraphOps ops : RawTfCnn.GraphOps.values()) {
      try (RawTfCnn raw = new RawTfCnn(start, config, ops)) {
        Map<String, Double> ms = raw.profile(x, y, 2, 3);
        assertTrue(ms.values().stream().allMatch(v -> v >= 0) && ms.values().stream().anyMatch(v -> v > 0), "" + ms);
        boolean v2Grad = ms.keySet().stream().anyMatch(k -> k.startsWith("MaxPoolGradV2 "));
        boolean fused = ms.keySet().stream().anyMatch(k -> k.contains("/FusedConv2D/"));
        assertEquals(ops == RawTfCnn.GraphOps.PLAIN, v2Grad, ops + ": " + ms.keySet());
        assertEquals(ops == RawTfCnn.GraphOps.TUNED, fused, ops + ": " + ms.keySet());
      }
    }
  }
}
