package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Weight order as Keras 3's {@code Layer.weights} (keras/src/layers/layer.py) lists it: for each layer its own
 * {@code _trainable_variables + _non_trainable_variables}, then its sub-layers' weights in order; {@code
 * trainable_weights}/{@code non_trainable_weights} filter that list; {@code get_weights}/{@code set_weights}
 * follow it.
 */
class WeightOrderTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  private static List<String> paths(List<Variable> vars) {
    List<String> out = new ArrayList<>();
    vars.forEach(v -> out.add(v.path()));
    return out;
  }

  /** Input(4) → Dense(3) → BatchNormalization → Dense(2). */
  private static Model denseBnDense() {
    var in = Input.of(4);
    var x = new Dense(3).apply(in);
    x = new BatchNormalization().apply(x);
    return Model.of(in, new Dense(2).apply(x));
  }

  @Test
  void batchNormalizationListsGammaBetaMovingMeanMovingVariance() {
    var bn = new BatchNormalization();
    bn.apply(Input.of(5));
    List<String> names = new ArrayList<>();
    bn.weights().forEach(v -> names.add(v.name()));
    assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), names);
  }

  @Test
  void modelListsWeightsLayerByLayerAsKeras() {
    Model m = denseBnDense();
    assertEquals(List.of("dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
        "batch_normalization/moving_mean", "batch_normalization/moving_variance", "dense_1/kernel",
        "dense_1/bias"), paths(m.weights()));
    assertEquals(List.of("dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
        "dense_1/kernel", "dense_1/bias"), paths(m.trainableWeights()));
    assertEquals(List.of("batch_normalization/moving_mean", "batch_normalization/moving_variance"),
        paths(m.nonTrainableWeights()));
  }

  @Test
  void freezingALayerKeepsTheOrderAndFiltersAsKeras() {
    Model m = denseBnDense();
    List<String> before = paths(m.weights());
    ((Dense) m.getLayer("dense")).trainable(false);
    assertEquals(before, paths(m.weights()));
    // Keras: [v for v in self.weights if v.trainable] / if not v.trainable.
    assertEquals(List.of("batch_normalization/gamma", "batch_normalization/beta", "dense_1/kernel",
        "dense_1/bias"), paths(m.trainableWeights()));
    assertEquals(List.of("dense/kernel", "dense/bias", "batch_normalization/moving_mean",
        "batch_normalization/moving_variance"), paths(m.nonTrainableWeights()));
    m.trainable(false);
    assertEquals(List.of(), m.trainableWeights());
    assertEquals(before, paths(m.nonTrainableWeights()));
  }

  @Test
  void nestedModelWeightsTakeTheNestedLayersPlace() {
    var innerIn = Input.of(4);
    var h = new Dense(3).apply(innerIn);
    Model inner = Model.of(innerIn, new BatchNormalization().apply(h));
    var in = Input.of(4);
    Model outer = Model.of(in, new Dense(2).apply(inner.apply(in)));
    assertEquals(List.of("dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
        "batch_normalization/moving_mean", "batch_normalization/moving_variance", "dense_1/kernel",
        "dense_1/bias"), paths(outer.weights()));
  }

  @Test
  void setAndGetWeightsTakeArraysInKerasOrder() {
    Model m = denseBnDense();
    // The shapes Keras' model.get_weights() gives for this model, in its order.
    List<Shape> keras = List.of(Shape.of(4, 3), Shape.of(3), Shape.of(3), Shape.of(3), Shape.of(3), Shape.of(3),
        Shape.of(3, 2), Shape.of(2));
    List<FloatNdArray> values = new ArrayList<>();
    for (int i = 0; i < keras.size(); i++) {
      FloatNdArray a = NdArrays.ofFloats(keras.get(i));
      final float fill = i;
      a.scalars().forEach(s -> s.setFloat(fill));
      values.add(a);
    }
    m.setWeights(values);
    List<FloatNdArray> back = m.getWeights();
    assertEquals(keras.size(), back.size());
    for (int i = 0; i < keras.size(); i++) {
      assertEquals(keras.get(i), back.get(i).shape(), "weight " + i);
      assertEquals(i, back.get(i).getFloat(new long[back.get(i).rank()]), "weight " + i);
    }
    // moving_mean is Keras' weight 4: a (3, 2) array there is rejected, naming it.
    values.set(4, NdArrays.ofFloats(Shape.of(3, 2)));
    var e = assertThrows(IllegalArgumentException.class, () -> m.setWeights(values));
    assertEquals(true, e.getMessage().contains("batch_normalization/moving_mean"), e.getMessage());
  }
}
