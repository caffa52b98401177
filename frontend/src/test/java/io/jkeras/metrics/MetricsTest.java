package io.jkeras.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.losses.Losses;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** Keras 3's metric names and the resolution of "accuracy" (keras/src/trainers/compile_utils.py get_metric). */
class MetricsTest {
  static final Shape TEN = Shape.of(-1, 10);
  static final Shape ONE = Shape.of(-1, 1);

  @Test
  void accuracyResolvesByLossAndShape() {
    Metric m = Metrics.get("accuracy", Losses.get("sparse_categorical_crossentropy"), TEN);
    assertInstanceOf(SparseCategoricalAccuracy.class, m);
    assertEquals("accuracy", m.name());
    assertInstanceOf(CategoricalAccuracy.class, Metrics.get("accuracy", Losses.get("categorical_crossentropy"), TEN));
    assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", Losses.get("binary_crossentropy"), TEN));
    assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", Losses.get("mse"), ONE));
    assertInstanceOf(BinaryAccuracy.class, Metrics.get("acc", Losses.get("sparse_categorical_crossentropy"), ONE));
    // the name is the string given, as in Keras' logs
    assertEquals("acc", Metrics.get("acc", Losses.get("categorical_crossentropy"), TEN).name());
    assertEquals("Accuracy", Metrics.get("Accuracy", Losses.get("categorical_crossentropy"), TEN).name());
  }

  @Test
  void namesAsKerasAccepts() {
    Object[][] cases = {
        {"mae", MeanAbsoluteError.class}, {"MAE", MeanAbsoluteError.class},
        {"mean_absolute_error", MeanAbsoluteError.class}, {"mse", MeanSquaredError.class},
        {"root_mean_squared_error", RootMeanSquaredError.class}, {"RootMeanSquaredError", RootMeanSquaredError.class},
        {"precision", Precision.class}, {"recall", Recall.class}, {"auc", AUC.class}, {"AUC", AUC.class},
        {"sparse_categorical_accuracy", SparseCategoricalAccuracy.class},
        {"categorical_accuracy", CategoricalAccuracy.class}, {"binary_accuracy", BinaryAccuracy.class},
        {"top_k_categorical_accuracy", TopKCategoricalAccuracy.class},
        {"sparse_top_k_categorical_accuracy", SparseTopKCategoricalAccuracy.class},
        {"sparse_categorical_crossentropy", SparseCategoricalCrossentropy.class},
        {"categorical_crossentropy", CategoricalCrossentropy.class},
        {"binary_crossentropy", BinaryCrossentropy.class}, {"bce", BinaryCrossentropy.class},
        {"kl_divergence", KLDivergence.class}, {"mape", MeanAbsolutePercentageError.class},
        {"MSLE", MeanSquaredLogarithmicError.class}, {"hinge", Hinge.class}, {"squared_hinge", SquaredHinge.class},
        {"categorical_hinge", CategoricalHinge.class}, {"poisson", Poisson.class},
        {"log_cosh_error", LogCoshError.class}};
    for (Object[] c : cases) {
      Metric m = Metrics.get((String) c[0], Losses.get("mse"), TEN);
      assertInstanceOf((Class<?>) c[1], m, (String) c[0]);
      assertEquals(c[0], m.name());
      Metrics.checkName((String) c[0]);
    }
  }

  @Test
  void defaultNamesAndArguments() {
    assertEquals("precision", new Precision().name());
    assertEquals("recall", new Recall().name());
    assertEquals("auc", new AUC().name());
    assertEquals(200, new AUC().numThresholds());
    assertEquals("ROC", new AUC().curve());
    assertEquals("interpolation", new AUC().summationMethod());
    assertEquals(0.5, new BinaryAccuracy().threshold());
    assertEquals(5, new TopKCategoricalAccuracy().k());
    assertEquals(5, new SparseTopKCategoricalAccuracy().k());
    assertEquals("top_k_categorical_accuracy", new TopKCategoricalAccuracy().name());
    assertEquals("mean_absolute_error", new MeanAbsoluteError().name());
    assertEquals("root_mean_squared_error", new RootMeanSquaredError().name());
    assertEquals("logcosh", new LogCoshError().name()); // Keras' default name for LogCoshError
    assertEquals(0.5, new Precision().threshold());
    double[] t = new AUC().numThresholds(5).thresholdValues();
    assertEquals(-1e-7, t[0], 0);
    assertEquals(0.25, t[1], 1e-15);
    assertEquals(0.75, t[3], 1e-15);
    assertEquals(1 + 1e-7, t[4], 0);
  }

  @Test
  void badNamesAndArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.checkName("acuracy"));
    assertTrue(e.getMessage().contains("'acuracy'") && e.getMessage().contains("accuracy"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.get("Mae", null, TEN));
    assertThrows(IllegalArgumentException.class, () -> new AUC().curve("XY"));
    assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy().k(0));
  }

  @Test
  void configRoundTrip() {
    AUC auc = new AUC().numThresholds(50).curve("PR");
    AUC back = (AUC) Metrics.fromConfig(java.util.Map.of("class_name", "AUC", "config", auc.getConfig()));
    assertEquals(50, back.numThresholds());
    assertEquals("PR", back.curve());
    BinaryAccuracy b = (BinaryAccuracy) Metrics.fromConfig(java.util.Map.of("class_name", "BinaryAccuracy",
        "config", ((BaseMetric) new BinaryAccuracy().threshold(0.7).name("acc")).getConfig()));
    assertEquals(0.7, b.threshold());
    assertEquals("acc", b.name());
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.fromConfig(java.util.Map.of("class_name", "F1Score", "config", java.util.Map.of())));
  }
}
