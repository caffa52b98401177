package io.jkeras.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.SymbolicTensor;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.ops.Ops;
import io.jkeras.saving.ModelSerializer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/**
 * Custom metrics and losses in a model's compile config: a registered metric class is found again when a model
 * is loaded, and a loss written in ops named {@code sparse...} takes class ids as the built-in sparse loss does.
 */
class RegisteredCustomObjectsTest {

  /** Counts the samples seen. */
  static final class SamplesSeen extends StatefulMetric {
    private final MetricVariable count = addVariable("count");

    SamplesSeen() {
      super("samples_seen");
    }

    @Override
    public void updateState(SymbolicTensor yTrue, SymbolicTensor yPred, SymbolicTensor sampleWeight) {
      count.assignAdd(Ops.sum(Ops.onesLike(sampleWeight)));
    }

    @Override
    public SymbolicTensor result() {
      return count.value();
    }
  }

  @Test
  void aRegisteredStatefulMetricIsReadBackFromItsConfig() {
    @SuppressWarnings("unchecked")
    Map<String, Object> serialized = (Map<String, Object>) ModelSerializer.serializeValue(new SamplesSeen());
    assertEquals("SamplesSeen", serialized.get("class_name"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.fromConfig(
        Map.of("class_name", "NeverRegistered", "config", Map.of("name", "x"))));
    assertTrue(e.getMessage().contains("NeverRegistered") && e.getMessage().contains("Metrics.register"),
        e.getMessage());
    Metrics.register("SamplesSeen", SamplesSeen::new);
    Metric back = Metrics.fromConfig(serialized);
    assertInstanceOf(SamplesSeen.class, back);
    assertEquals("samples_seen", back.name());
  }

  @Test
  void aLossInOpsNamedSparseTakesClassIds() {
    Loss sparse = Loss.of("sparse_my_crossentropy", (t, p) -> Ops.mean(p, -1));
    Loss dense = Loss.of("my_mse", (t, p) -> Ops.mean(Ops.square(Ops.subtract(t, p)), -1));
    assertTrue(Losses.isSparse(sparse));
    assertFalse(Losses.isSparse(dense));
    assertTrue(Losses.isSparse(Losses.get("sparse_categorical_crossentropy")));
    // "accuracy" follows the loss, as for sparse_categorical_crossentropy.
    assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("accuracy", sparse, Shape.of(-1, 10)));
    assertInstanceOf(CategoricalAccuracy.class, Metrics.get("accuracy", dense, Shape.of(-1, 10)));
  }
}
