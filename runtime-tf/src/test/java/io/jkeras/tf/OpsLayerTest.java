package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Dense;
import io.jkeras.ops.Ops;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Layers written in ops: the same numbers as the built-in lowerings, gradients, addLoss. */
class OpsLayerTest {

  /** Keras' Dense written in ops: {@code relu(x @ kernel + bias)}. */
  static final class OpsDense extends BaseLayer<OpsDense> {
    private final int units;
    private Variable kernel;
    private Variable bias;

    OpsDense(int units) {
      this.units = units;
    }

    @Override
    protected void build(Shape in) {
      kernel = addWeight("kernel", Shape.of(in.get(in.numDimensions() - 1), units), "glorot_uniform", true);
      bias = addWeight("bias", Shape.of(units), "zeros", true);
    }

    @Override
    public SymbolicTensor call(SymbolicTensor x) {
      return Ops.relu(Ops.add(Ops.matmul(x, kernel), bias));
    }
  }

  static FloatNdArray random(Random r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat((float) r.nextGaussian()));
    return a;
  }

  @Test
  void opsDenseHasTheBuiltInShapeAndParams() {
    SymbolicTensor x = Input.of(5);
    OpsDense d = new OpsDense(3);
    SymbolicTensor y = d.apply(x);
    assertEquals(List.of(-1L, 3L), java.util.Arrays.stream(y.shape().asArray()).boxed().toList());
    assertEquals(18, d.countParams());
    assertEquals(List.of("kernel", "bias"), d.weights().stream().map(Variable::name).toList());
  }

  @Test
  void opsDenseTrainsAsTheBuiltInDense() {
    Random r = new Random(3);
    FloatNdArray x = random(r, 16, 5);
    FloatNdArray y = random(r, 16, 2);
    double[][] losses = new double[2][10];
    FloatNdArray[] predictions = new FloatNdArray[2];
    List<FloatNdArray> weights = null;
    for (int k = 0; k < 2; k++) {
      SymbolicTensor in = Input.of(5);
      SymbolicTensor h = k == 0 ? new OpsDense(4).apply(in) : new Dense(4).activation("relu").apply(in);
      Model m = Model.of(in, new Dense(2).apply(h));
      m.runtimeOptions(RuntimeOptions.defaults().seed(1).intraOpThreads(1).interOpThreads(1));
      m.compile(Compile.optimizer("adam").loss("mse"));
      if (weights == null) {
        weights = m.getWeights();
      } else {
        m.setWeights(weights);
      }
      for (int s = 0; s < 10; s++) {
        losses[k][s] = m.trainOnBatch(x, y).get("loss");
      }
      predictions[k] = m.predict(x);
    }
    assertTrue(losses[0][9] < losses[0][0], "learns");
    for (int s = 0; s < 10; s++) {
      assertEquals(losses[1][s], losses[0][s], 1e-6 * Math.abs(losses[1][s]), "step " + s);
    }
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(predictions[1].getFloat(i, j), predictions[0].getFloat(i, j), 1e-6);
      }
    }
  }

  @Test
  void opsDenseGradientMatchesFiniteDifferences() {
    SymbolicTensor in = Input.of(5);
    Model m = Model.of(in, new OpsDense(3).apply(in));
    try (GradientCheck g = new GradientCheck(m, 3, false, 11)) {
      g.check(40, 1e-2, 2e-2);
    }
  }
}
