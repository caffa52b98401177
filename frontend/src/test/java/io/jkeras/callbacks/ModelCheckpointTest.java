package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filepath pattern and the monitor direction; training with checkpoints is tested with a runtime. */
class ModelCheckpointTest {
  private static final Map<String, Double> LOGS = new LinkedHashMap<>();

  static {
    LOGS.put("loss", 0.123456789);
    LOGS.put("val_loss", 1.5e-05);
    LOGS.put("val_accuracy", 0.98765);
    LOGS.put("big", 12345678901234567.0);
    LOGS.put("neg", -0.5);
  }

  /** Expected values are Python's {@code pattern.format(epoch=3, batch=7, **logs)}. */
  @Test
  void filepathIsFormattedAsPythonFormatsIt() {
    String[][] cases = {
        {"ckpt-{epoch:02d}-{val_loss:.4f}.weights.npz", "ckpt-03-0.0000.weights.npz"},
        {"{epoch}_{loss}", "3_0.123456789"},
        {"{val_loss}", "1.5e-05"},
        {"{big}", "1.2345678901234568e+16"},
        {"{neg:08.3f}", "-000.500"},
        {"{loss:.3g}", "0.123"},
        {"{val_loss:.2e}", "1.50e-05"},
        {"{val_accuracy:.1%}", "98.8%"},
        {"{val_accuracy:g}", "0.98765"},
        {"{{x}}-{epoch:3d}", "{x}-  3"},
        {"{loss:10.4f}", "    0.1235"},
        {"{val_loss:g}", "1.5e-05"},
        {"b{batch:04d}", "b0007"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], ModelCheckpoint.filePath(c[0], 2, 6, LOGS), c[0]);
    }
  }

  @Test
  void unknownFieldsAndIntegerCodesOnFloatsAreClearErrors() {
    String msg = assertThrows(IllegalArgumentException.class,
        () -> ModelCheckpoint.filePath("m-{val_acc:.2f}.jkeras", 0, null, LOGS)).getMessage();
    assertTrue(msg.contains("no value for 'val_acc'; available: epoch, [loss, val_loss, val_accuracy, big, neg]"),
        msg);
    msg = assertThrows(IllegalArgumentException.class,
        () -> ModelCheckpoint.filePath("m-{loss:02d}", 0, null, LOGS)).getMessage();
    assertTrue(msg.contains("format code 'd'"), msg);
    // {batch} exists only when saving every N batches.
    assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.filePath("{batch}", 0, null, LOGS));
  }

  @Test
  void autoModeMinimizesLossesAndMaximizesAccuracies() {
    for (String min : new String[] {"loss", "val_loss", "val_classification_output_loss", "val_mae",
        "mean_squared_error", "val_sparse_categorical_crossentropy"}) {
      assertFalse(ModelCheckpoint.autoMaximize(min), min);
    }
    for (String max : new String[] {"accuracy", "val_accuracy", "val_auc", "precision", "val_recall",
        "val_classification_output_accuracy", "sparse_top_k_categorical_accuracy"}) {
      assertTrue(ModelCheckpoint.autoMaximize(max), max);
    }
    String msg = assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.autoMaximize("val_score"))
        .getMessage();
    assertTrue(msg.contains("pass mode(\"max\") or mode(\"min\")"), msg);
  }

  @Test
  void badArguments() {
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("m.jkeras").mode("best"));
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("m.jkeras").saveFreq("batch"));
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("m.jkeras").saveFreq(0));
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint(""));
  }
}
