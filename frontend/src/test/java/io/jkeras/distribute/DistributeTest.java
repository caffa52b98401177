package io.jkeras.distribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.layers.Dense;
import io.jkeras.training.Fit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strategies, scopes and TF_CONFIG without a runtime (no native library). */
class DistributeTest {

  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void tfConfigIsReadAsTensorFlowWritesIt() {
    TfConfig c = TfConfig.parse("{\"cluster\": {\"chief\": [\"host0:2222\"], \"worker\": [\"host1:2222\","
        + " \"host2:2223\"]}, \"task\": {\"type\": \"worker\", \"index\": 1}}");
    assertEquals(3, c.numTasks());
    assertEquals(new TfConfig.Task("worker", 1, "host2:2223"), c.task());
    assertEquals(2, c.rank()); // the chief first, then the workers
    assertFalse(c.isChief());
    assertEquals("/job:chief/replica:0/task:0", c.tasks().get(0).deviceName());
    assertEquals(c, TfConfig.parse(c.toJson()));
    TfConfig w0 = TfConfig.parse("{\"cluster\": {\"worker\": [\"a:1\", \"b:2\"]}, \"task\": {\"type\": \"worker\","
        + " \"index\": 0}}");
    assertTrue(w0.isChief()); // worker 0 when there is no chief
    var strategy = new MultiWorkerMirroredStrategy(w0).collectiveTimeout(Duration.ofSeconds(7));
    assertEquals(2, strategy.numReplicasInSync());
    assertTrue(strategy.isChief());
    assertEquals(0, strategy.workerRank());
    assertEquals(Duration.ofSeconds(7), strategy.collectiveTimeout());
  }

  @Test
  void malformedTfConfigIsNamed() {
    assertTrue(message(() -> TfConfig.parse("{\"cluster\": ")).startsWith("TF_CONFIG is not valid JSON"));
    assertTrue(message(() -> TfConfig.parse("[1]")).contains("TF_CONFIG must be a JSON object"));
    assertTrue(message(() -> TfConfig.parse("{\"task\": {\"type\": \"worker\", \"index\": 0}}"))
        .contains("TF_CONFIG has no \"cluster\""));
    assertTrue(message(() -> TfConfig.parse("{\"cluster\": {\"worker\": [\"a:1\"]}}"))
        .contains("TF_CONFIG has no \"task\""));
    assertTrue(message(() -> TfConfig.parse("{\"cluster\": {\"worker\": \"a:1\"}, \"task\": {\"type\": \"worker\"}}"))
        .contains("cluster job \"worker\" must be a list"));
    assertTrue(message(() -> TfConfig.parse("{\"cluster\": {\"worker\": [\"a\"]}, \"task\": {\"type\": \"worker\"}}"))
        .contains("address \"a\" of job \"worker\" is not host:port"));
    assertTrue(message(() -> TfConfig.parse("{\"cluster\": {\"worker\": [\"a:1\"]}, \"task\": {\"type\": \"chief\","
        + " \"index\": 0}}")).contains("task.type \"chief\" is not a job of the cluster [worker]"));
    assertEquals("TF_CONFIG: task.index 2 is outside the cluster: job \"worker\" has 2 tasks (index 0 to 1)",
        message(() -> TfConfig.parse("{\"cluster\": {\"worker\": [\"a:1\", \"b:1\"]}, \"task\": {\"type\":"
            + " \"worker\", \"index\": 2}}")));
    assertTrue(message(() -> TfConfig.parse("{\"cluster\": {\"worker\": [\"a:1\"]}, \"task\": {\"type\": \"worker\","
        + " \"index\": \"x\"}}")).contains("task.index must be an integer"));
    assertTrue(message(() -> TfConfig.parse("{\"cluster\": {\"worker\": [\"a:1\"], \"ps\": [\"b:1\"]}, \"task\":"
        + " {\"type\": \"worker\", \"index\": 0}}")).contains("ParameterServerStrategy) are not supported"));
    assertTrue(message(() -> new TfConfig(Map.of("worker", List.of("a:1")), "worker", -1))
        .contains("task.index -1 is outside the cluster"));
    assertTrue(message(() -> new MultiWorkerMirroredStrategy(TfConfig.parse("{\"cluster\": {\"worker\": [\"a:1\"]},"
        + " \"task\": {\"type\": \"worker\"}}")).collectiveTimeout(Duration.ZERO)).contains("collectiveTimeout"));
  }

  @Test
  void scopesNestOnTheirThreadAndModelsRecordTheirStrategy() {
    var outer = new MirroredStrategy("/cpu:0", "/cpu:1");
    var inner = new MirroredStrategy("/cpu:0");
    assertFalse(Strategy.hasStrategy());
    Keras.clearSession();
    var x = Input.of(2);
    Model before = Model.of(x, new Dense(1).apply(x));
    try (var a = outer.scope()) {
      assertEquals(outer, Strategy.current().orElseThrow());
      try (var b = inner.scope()) {
        assertEquals(inner, Strategy.current().orElseThrow());
        var bad = assertThrows(IllegalStateException.class, a::close);
        assertTrue(bad.getMessage().contains("reverse order"), bad.getMessage());
      }
      var in = Input.of(4);
      Model m = Model.of(in, new Dense(3).apply(in));
      assertEquals(outer, m.distributeStrategy().orElseThrow());
      // compiling in a scope gives a model made outside one the strategy too
      assertTrue(before.distributeStrategy().isEmpty());
      before.compile(Compile.optimizer("sgd").loss("mse"));
      assertEquals(outer, before.distributeStrategy().orElseThrow());
    }
    assertTrue(Strategy.current().isEmpty());
    assertEquals("[/cpu:0, /cpu:1]", outer.devices().toString());
    assertEquals(new MirroredStrategy.Device("GPU", 3), new MirroredStrategy(
        "/job:localhost/replica:0/task:0/device:GPU:3").devices().get(0));
  }

  @Test
  void aGlobalBatchSmallerThanTheReplicasIsRefusedByFit() {
    Keras.clearSession();
    Model m;
    try (var scope = new MirroredStrategy("/cpu:0", "/cpu:1").scope()) {
      var in = Input.of(4);
      m = Model.of(in, new Dense(1).apply(in));
      m.compile(Compile.optimizer("sgd").loss("mse"));
    }
    String e = message(() -> m.fit(new float[4][4], new float[4][1], Fit.epochs(1).batchSize(1)));
    assertTrue(e.contains("batch_size 1 is the global batch") && e.contains("per-replica batch of 0")
        && e.contains("batch_size of at least 2"), e);
  }
}
