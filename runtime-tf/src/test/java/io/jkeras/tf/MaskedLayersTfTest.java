package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Add;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.Masking;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Softmax;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Layers that use masks as Keras 3 does: GlobalAveragePooling1D averages the unmasked steps, Softmax sends masked
 * positions to -1e9 and zeroes them, the merge layers combine masks (OR) and, for Maximum/Minimum/Multiply,
 * values; Concatenate concatenates masks along the steps. Expected values are written out from Keras' code.
 */
class MaskedLayersTfTest {

  @BeforeEach
  void clear() {
    Keras.clearSession();
  }

  private static void assertRows(float[][] want, FloatNdArray got, int sample, String what) {
    for (int t = 0; t < want.length; t++) {
      for (int f = 0; f < want[t].length; f++) {
        assertEquals(want[t][f], got.getFloat(sample, t, f), 1e-6, what + " [" + t + "][" + f + "]");
      }
    }
  }

  @Test
  void globalAveragePoolingAveragesTheUnmaskedSteps() {
    SymbolicTensor x = Input.of(4, 2);
    SymbolicTensor m = new Masking(0.0).apply(x);
    SymbolicTensor avg = new GlobalAveragePooling1D().apply(m);
    SymbolicTensor avgKeep = new GlobalAveragePooling1D().keepdims(true).apply(m);
    SymbolicTensor max = new GlobalMaxPooling1D().apply(m); // Keras' GlobalMaxPooling1D takes no mask
    assertFalse(avg.hasMask());
    try (Model model = Model.of(x, List.of(avg, avgKeep, max))) {
      float[][][] in = {{{1, -2}, {0, 0}, {3, -4}, {0, 0}}, {{-1, -1}, {-2, -3}, {-3, -5}, {0, 0}}};
      Map<String, FloatNdArray> out = model.predictOutputs(in);
      List<String> names = model.outputNames();
      FloatNdArray a = out.get(names.get(0));
      // Sample 0: steps 0 and 2 -> (1 + 3) / 2, (-2 - 4) / 2; sample 1: three steps.
      assertEquals(2f, a.getFloat(0, 0), 1e-6);
      assertEquals(-3f, a.getFloat(0, 1), 1e-6);
      assertEquals(-2f, a.getFloat(1, 0), 1e-6);
      assertEquals(-3f, a.getFloat(1, 1), 1e-6);
      assertEquals(-3f, out.get(names.get(1)).getFloat(1, 0, 1), 1e-6);
      // The max sees the padded zeros.
      assertEquals(0f, out.get(names.get(2)).getFloat(1, 0), 0f);
      assertEquals(0f, out.get(names.get(2)).getFloat(0, 1), 0f);
    }
  }

  @Test
  void softmaxLeavesMaskedPositionsOut() {
    // Batch 1: the mask (1, 3) broadcasts to (1, 3, 3) as (1, 1, 3), as in Keras: column 1 is masked.
    SymbolicTensor x = Input.of(3, 3);
    SymbolicTensor y = new Softmax().apply(new Masking(0.0).apply(x));
    assertTrue(y.hasMask());
    try (Model model = Model.of(x, y)) {
      FloatNdArray p = model.predict(new float[][][] {{{1, 2, 3}, {0, 0, 0}, {4, 5, 6}}});
      double e = Math.exp(2);
      assertRows(new float[][] {
          {(float) (1 / (1 + e)), 0, (float) (e / (1 + e))},
          {0.5f, 0, 0.5f},
          {(float) (1 / (1 + e)), 0, (float) (e / (1 + e))}}, p, 0, "softmax");
    }
  }

  @Test
  void softmaxWithAnExplicitMask() {
    // Keras' Softmax()(scores, mask=keep): keep (batch, 1, 3) of 0/1 floats, kept where > 0.5.
    SymbolicTensor scores = Input.of(2, 3);
    SymbolicTensor keep = Input.of(1, 3);
    SymbolicTensor y = new Softmax().applyCall(List.of(scores), Map.of("mask", keep)).get(0);
    try (Model model = Model.of(List.of(scores, keep), y)) {
      float[][][] s = {{{1, 2, 3}, {0, 5, -1}}, {{1, 1, 1}, {2, 0, 2}}};
      float[][][] k = {{{1, 0, 1}}, {{0, 0, 0}}};
      FloatNdArray p = model.predict(List.of(s, k));
      double e2 = Math.exp(2);
      assertRows(new float[][] {{(float) (1 / (1 + e2)), 0, (float) (e2 / (1 + e2))},
          {(float) (1 / (1 + Math.exp(-1))), 0, (float) (Math.exp(-1) / (1 + Math.exp(-1)))}}, p, 0, "sample 0");
      // Everything masked: zeros, not a uniform distribution.
      assertRows(new float[][] {{0, 0, 0}, {0, 0, 0}}, p, 1, "sample 1");
    }
  }

  @Test
  void mergesCombineMasksAndValuesLikeKeras() {
    SymbolicTensor a = Input.of(4, 2);
    SymbolicTensor b = Input.of(4, 2);
    SymbolicTensor ma = new Masking(0.0).apply(a);
    SymbolicTensor mb = new Masking(0.0).apply(b);
    SymbolicTensor max = new Maximum().apply(ma, mb);
    SymbolicTensor min = new Minimum().apply(ma, mb);
    SymbolicTensor mul = new Multiply().apply(ma, mb);
    SymbolicTensor add = new Add().apply(ma, mb);
    SymbolicTensor addHalf = new Add().apply(ma, b); // one input without a mask: no mask
    assertTrue(add.hasMask());
    assertFalse(addHalf.hasMask());
    // The OR mask (steps 0-2) reaches the pooling after the Add.
    SymbolicTensor pooled = new GlobalAveragePooling1D().apply(add);
    try (Model model = Model.of(List.of(a, b), List.of(max, min, mul, add, pooled))) {
      // a masks step 1 and 3, b masks step 0 and 3.
      float[][][] av = {{{1, 2}, {0, 0}, {-1, -3}, {0, 0}}};
      float[][][] bv = {{{0, 0}, {-4, -2}, {-2, 5}, {0, 0}}};
      Map<String, FloatNdArray> out = model.predictOutputs(List.of(av, bv));
      List<String> n = model.outputNames();
      // Keras' _apply_merge_op_and_or_mask: a masked position takes the other input's value.
      assertRows(new float[][] {{1, 2}, {-4, -2}, {-1, 5}, {0, 0}}, out.get(n.get(0)), 0, "maximum");
      assertRows(new float[][] {{1, 2}, {-4, -2}, {-2, -3}, {0, 0}}, out.get(n.get(1)), 0, "minimum");
      // Multiply: masked entries count as 1; step 3, masked in both, is 0.
      assertRows(new float[][] {{1, 2}, {-4, -2}, {2, -15}, {0, 0}}, out.get(n.get(2)), 0, "multiply");
      assertRows(new float[][] {{1, 2}, {-4, -2}, {-3, 2}, {0, 0}}, out.get(n.get(3)), 0, "add");
      FloatNdArray p = out.get(n.get(4));
      assertEquals((1 - 4 - 3) / 3f, p.getFloat(0, 0), 1e-6);
      assertEquals((2 - 2 + 2) / 3f, p.getFloat(0, 1), 1e-6);
    }
  }

  @Test
  void concatenateJoinsMasksAlongTheSteps() {
    SymbolicTensor a = Input.of(3, 2);
    SymbolicTensor b = Input.of(2, 2);
    SymbolicTensor joined = new Concatenate(1).apply(List.of(new Masking(0.0).apply(a), b));
    assertEquals(List.of(-1L, 5L), java.util.Arrays.stream(joined.maskShape().orElseThrow().asArray()).boxed()
        .toList());
    SymbolicTensor pooled = new GlobalAveragePooling1D().apply(joined);
    // Along the features: the OR of the masks, all true where an input has none.
    SymbolicTensor wide = new Concatenate().apply(List.of(new Masking(0.0).apply(a), a));
    SymbolicTensor pooledWide = new GlobalAveragePooling1D().apply(wide);
    try (Model model = Model.of(List.of(a, b), List.of(pooled, pooledWide))) {
      float[][][] av = {{{1, 2}, {0, 0}, {3, 4}}};
      float[][][] bv = {{{0, 0}, {5, 6}}};
      Map<String, FloatNdArray> out = model.predictOutputs(List.of(av, bv));
      List<String> n = model.outputNames();
      // Steps of a: 0 and 2 unmasked; b has no mask, so both of its steps count (its zero step too).
      assertEquals((1 + 3 + 0 + 5) / 4f, out.get(n.get(0)).getFloat(0, 0), 1e-6);
      assertEquals((2 + 4 + 0 + 6) / 4f, out.get(n.get(0)).getFloat(0, 1), 1e-6);
      assertEquals((1 + 0 + 3) / 3f, out.get(n.get(1)).getFloat(0, 0), 1e-6);
    }
  }

  @Test
  void gradientsFlowThroughMaskedLayers() {
    // Token ids (0 is padding) so that only the weights are checked: a step of an input would move the mask.
    SymbolicTensor ids = Input.of(4);
    SymbolicTensor m = new Embedding(4, 3).maskZero(true).apply(ids);
    SymbolicTensor merged = new Concatenate().apply(List.of(new Maximum().apply(m, new Multiply().apply(m, m)),
        new Minimum().apply(m, new Add().apply(m, m))));
    SymbolicTensor y = new GlobalAveragePooling1D().apply(merged);
    try (GradientCheck g = new GradientCheck(Model.of(ids, y), 2, false, 5, false, 4)) {
      float[] in = g.inputValues().get(0);
      in[0] = 1; // every sample keeps an unmasked step
      in[1] = 0;
      in[4] = 2;
      g.check(12, 1e-2, 2e-2);
    }
  }

  @Test
  void gradientsFlowThroughMaskedSoftmax() {
    // Batch 1: the (1, 3) mask broadcasts over the (1, 3, 3) input as Keras' does.
    SymbolicTensor ids = Input.of(3);
    SymbolicTensor y = new Softmax().apply(new Embedding(4, 3).maskZero(true).apply(ids));
    try (GradientCheck g = new GradientCheck(Model.of(ids, y), 1, false, 6, false, 4)) {
      float[] in = g.inputValues().get(0);
      in[0] = 2;
      in[1] = 0;
      in[2] = 3;
      g.check(12, 1e-2, 2e-2);
    }
  }
}
