package io.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras 3's loss names, aliases, defaults and config keys (keras/src/losses/__init__.py, losses.py). */
class LossesTest {

  @Test
  void functionNamesAndAliasesNameTheLossInLogs() {
    Object[][] cases = {
        {"sparse_categorical_crossentropy", SparseCategoricalCrossentropy.class},
        {"categorical_crossentropy", CategoricalCrossentropy.class},
        {"binary_crossentropy", BinaryCrossentropy.class}, {"bce", BinaryCrossentropy.class},
        {"BCE", BinaryCrossentropy.class},
        {"mean_squared_error", MeanSquaredError.class}, {"mse", MeanSquaredError.class},
        {"MSE", MeanSquaredError.class},
        {"mean_absolute_error", MeanAbsoluteError.class}, {"mae", MeanAbsoluteError.class},
        {"MAE", MeanAbsoluteError.class},
        {"huber", Huber.class}, {"kl_divergence", KLDivergence.class}, {"kld", KLDivergence.class},
        {"KLD", KLDivergence.class}, {"hinge", Hinge.class}, {"log_cosh", LogCosh.class},
        {"mape", MeanAbsolutePercentageError.class}, {"MSLE", MeanSquaredLogarithmicError.class},
        {"squared_hinge", SquaredHinge.class}, {"categorical_hinge", CategoricalHinge.class},
        {"poisson", Poisson.class}, {"cosine_similarity", CosineSimilarity.class}};
    for (Object[] c : cases) {
      Loss l = Losses.get((String) c[0]);
      assertInstanceOf((Class<?>) c[1], l, (String) c[0]);
      assertEquals(c[0], l.name());
    }
  }

  @Test
  void classNamesKeepKerasDefaultNames() {
    assertEquals("huber_loss", Losses.get("Huber").name());
    assertEquals("mean_squared_error", Losses.get("MeanSquaredError").name());
    assertEquals("kl_divergence", Losses.get("KLDivergence").name());
    assertEquals("log_cosh", Losses.get("LogCosh").name());
    assertEquals("sparse_categorical_crossentropy", new SparseCategoricalCrossentropy().name());
  }

  @Test
  void unknownNameListsKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("msee"));
    assertTrue(e.getMessage().contains("'msee'") && e.getMessage().contains("mse")
        && e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
    // Keras' names are case-sensitive apart from the listed upper-case aliases
    assertThrows(IllegalArgumentException.class, () -> Losses.get("Mse"));
  }

  @Test
  void defaultsAndConfig() {
    assertFalse(new SparseCategoricalCrossentropy().fromLogits());
    CategoricalCrossentropy cce = new CategoricalCrossentropy();
    assertFalse(cce.fromLogits());
    assertEquals(0.0, cce.labelSmoothing());
    assertEquals(1.0, new Huber().delta());
    assertEquals(Map.of("name", "binary_crossentropy", "reduction", "sum_over_batch_size", "from_logits", true,
        "label_smoothing", 0.1, "axis", -1),
        new BinaryCrossentropy().fromLogits(true).labelSmoothing(0.1).getConfig());
    assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossentropy().labelSmoothing(1.5));
    assertThrows(IllegalArgumentException.class, () -> new Huber().delta(0));
    Loss back = Losses.fromConfig(Map.of("class_name", "CategoricalCrossentropy", "config",
        new CategoricalCrossentropy().fromLogits(true).labelSmoothing(0.2).getConfig()));
    assertTrue(((CategoricalCrossentropy) back).fromLogits());
    assertEquals(0.2, ((CategoricalCrossentropy) back).labelSmoothing());
    assertTrue(Losses.isSparse(Losses.get("sparse_categorical_crossentropy")));
    assertFalse(Losses.isSparse(Losses.get("categorical_crossentropy")));
  }
}
