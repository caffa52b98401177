package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.Batch;
import io.jkeras.backend.RuntimeOptions;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.Flatten;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.L2;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * An Embedding table's gradient reaches the optimizer as looked-up rows (Keras' IndexedSlices on TensorFlow):
 * SGD and Adagrad then write the batch's rows only, with no dense gradient of the table in the graph, and the
 * update is Keras' (numbers: {@code OptimizerParityTest}).
 */
class SparseEmbeddingUpdateTest {
  private static final int VOCAB = 20_000;
  private static final int DIM = 4;
  private static final int[][] IDS = {{3, 3, 17, 19_999}, {17, 42, 3, 5}};

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  private static Model model(boolean regularized) {
    SymbolicTensor ids = Input.of("ids", DType.INT32, 4);
    Embedding emb = new Embedding(VOCAB, DIM);
    if (regularized) {
      emb.embeddingsRegularizer(new L2(1e-3));
    }
    return Model.of(ids, new Dense(1).apply(new Flatten().apply(emb.apply(ids))));
  }

  private static Batch batch() {
    IntNdArray x = NdArrays.ofInts(Shape.of(2, 4));
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 4; j++) {
        x.setInt(IDS[i][j], i, j);
      }
    }
    FloatNdArray y = NdArrays.wrap(Shape.of(2, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(1f, -2f));
    return new Batch(List.of(x), List.of(y), List.of());
  }

  private static TfModelRuntime runtime(Model m, Optimizer o) {
    return TfModelRuntimeTest.create(m, Compile.optimizer(o).loss("mse"),
        RuntimeOptions.defaults().intraOpThreads(1).interOpThreads(1).seed(3));
  }

  /** The rows of the table that differ between two snapshots. */
  private static Set<Integer> changedRows(float[] before, float[] after) {
    Set<Integer> rows = new TreeSet<>();
    for (int i = 0; i < before.length; i++) {
      if (before[i] != after[i]) {
        rows.add(i / DIM);
      }
    }
    return rows;
  }

  @Test
  void sgdWritesOnlyTheLookedUpRows() {
    try (Model m = model(false); TfModelRuntime rt = runtime(m, new SGD(0.5))) {
      assertEquals(0, GradientCheck.countOps(rt.graph(), "UnsortedSegmentSum"), "no dense gradient of the table");
      assertEquals(1, GradientCheck.countOps(rt.graph(), "ScatterSub"), "the table's rows are scattered");
      float[] before = rt.getWeights().get("embedding/embeddings");
      rt.trainStep(batch());
      float[] after = rt.getWeights().get("embedding/embeddings");
      assertEquals(new TreeSet<>(List.of(3, 5, 17, 42, 19_999)), changedRows(before, after));
    }
  }

  @Test
  void adagradWritesOnlyTheLookedUpRowsOfTableAndAccumulator() {
    try (Model m = model(false); TfModelRuntime rt = runtime(m, new Adagrad(0.5))) {
      assertEquals(0, GradientCheck.countOps(rt.graph(), "UnsortedSegmentSum"), "no dense gradient of the table");
      assertEquals(1, GradientCheck.countOps(rt.graph(), "ScatterAdd"), "accumulator rows");
      assertEquals(1, GradientCheck.countOps(rt.graph(), "ScatterSub"), "table rows");
      float[] before = rt.getWeights().get("embedding/embeddings");
      rt.trainStep(batch());
      float[] after = rt.getWeights().get("embedding/embeddings");
      assertEquals(new TreeSet<>(List.of(3, 5, 17, 42, 19_999)), changedRows(before, after));
      float[] acc = rt.getOptimizerState().entrySet().stream()
          .filter(e -> e.getKey().contains("embedding") && e.getKey().contains("accumulator"))
          .findFirst().orElseThrow().getValue();
      float[] initial = new float[acc.length];
      Arrays.fill(initial, (float) new Adagrad().initialAccumulatorValue());
      assertEquals(new TreeSet<>(List.of(3, 5, 17, 42, 19_999)), changedRows(initial, acc));
    }
  }

  @Test
  void adamSquaresEachLookedUpRowBeforeSummingThem() {
    // Keras: v = (1-β2)·Σ g_i² over the rows of one id; a dense gradient would give (1-β2)·(Σ g_i)². Row 3 is
    // looked up three times, row 5 once: with the Dense kernel's gradient per position, the two differ for row 3.
    try (Model m = model(false); TfModelRuntime rt = runtime(m, new Adam(0.1))) {
      rt.trainStep(batch());
      float[] v = rt.getOptimizerState().entrySet().stream()
          .filter(e -> e.getKey().contains("embedding") && e.getKey().endsWith("velocity"))
          .findFirst().orElseThrow().getValue();
      float[] mom = rt.getOptimizerState().entrySet().stream()
          .filter(e -> e.getKey().contains("embedding") && e.getKey().endsWith("momentum"))
          .findFirst().orElseThrow().getValue();
      // m = 0.1·G (summed rows), v = 0.001·S (summed squares); S > G² when the rows of id 3 differ.
      double g3 = mom[3 * DIM] / 0.1;
      double s3 = v[3 * DIM] / 0.001;
      assertTrue(s3 > g3 * g3 * (1 + 1e-3), "Σg² " + s3 + " vs (Σg)² " + g3 * g3);
      double g5 = mom[5 * DIM] / 0.1;
      assertEquals(g5 * g5, v[5 * DIM] / 0.001, 1e-5 * g5 * g5, "one lookup: Σg² = (Σg)²");
      assertEquals(0f, v[100 * DIM], "rows outside the batch get no second moment");
    }
  }

  @Test
  void aRegularizedTableGetsADenseGradientAsInKeras() {
    // The penalty reads the whole table: Keras sums it with the rows into a dense gradient, and so does jkeras.
    try (Model m = model(true); TfModelRuntime rt = runtime(m, new SGD(0.5))) {
      assertEquals(0, GradientCheck.countOps(rt.graph(), "ScatterSub"));
      float[] before = rt.getWeights().get("embedding/embeddings");
      rt.trainStep(batch());
      float[] after = rt.getWeights().get("embedding/embeddings");
      assertEquals(VOCAB, changedRows(before, after).size(), "weight decay by the penalty moves every row");
      assertNotEquals(before[100 * DIM], after[100 * DIM]);
    }
  }
}
