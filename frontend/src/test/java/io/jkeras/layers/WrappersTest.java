package io.jkeras.layers;

import static io.jkeras.layers.LayerTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bidirectional and TimeDistributed against Keras 3: shapes, parameters, names, masks, config, summary. */
class WrappersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void bidirectionalShapesParametersAndNames() {
    var x = Input.of(10, 16);
    Bidirectional b = new Bidirectional(new LSTM(64));
    assertEquals("(None, 128)", shape(b.apply(x)));
    assertEquals(2L * 4 * (64 * (16 + 64) + 64), b.countParams()); // 41,472
    assertEquals("bidirectional", b.name());
    assertEquals("forward_lstm", b.forwardLayer().name());
    assertEquals("backward_lstm", b.backwardLayer().name());
    assertTrue(b.backwardLayer().goBackwards());
    assertFalse(b.forwardLayer().goBackwards());
    assertEquals(List.of("forward_lstm/kernel", "forward_lstm/recurrent_kernel", "forward_lstm/bias",
        "backward_lstm/kernel", "backward_lstm/recurrent_kernel", "backward_lstm/bias"),
        b.weights().stream().map(v -> v.path()).toList());
    assertEquals("(None, 64)", shape(new Bidirectional(new LSTM(64), "sum").apply(x)));
    assertEquals("(None, 10, 16)",
        shape(new Bidirectional(new GRU(8).returnSequences(true), "concat").apply(x)));
    var states = new Bidirectional(new LSTM(4).returnState(true), "ave").applyAll(List.of(x));
    assertEquals(5, states.size());
    assertEquals("(None, 4)", shape(states.get(4)));
  }

  @Test
  void bidirectionalForcesZeroOutputForMaskAndPassesTheMask() {
    var ids = Input.of("tokens", DType.INT32, 6);
    var e = new Embedding(20, 4).maskZero(true).apply(ids);
    Bidirectional seq = new Bidirectional(new SimpleRNN(3).returnSequences(true));
    assertTrue(seq.apply(e).hasMask());
    assertTrue(seq.forwardLayer().zeroOutputForMask());
    Bidirectional last = new Bidirectional(new SimpleRNN(3));
    assertFalse(last.apply(e).hasMask());
    assertFalse(last.forwardLayer().zeroOutputForMask());
  }

  @Test
  void bidirectionalErrors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(4), "max"));
    assertTrue(e.getMessage().contains("invalid merge_mode 'max'"), e.getMessage());
    var same = assertThrows(IllegalArgumentException.class,
        () -> new Bidirectional(new LSTM(4), "concat", new LSTM(4)));
    assertTrue(same.getMessage().contains("different go_backwards"), same.getMessage());
  }

  @Test
  void timeDistributedShapesAndParameters() {
    TimeDistributed d = new TimeDistributed(new Dense(10));
    assertEquals("(None, 5, 10)", shape(d.apply(Input.of(5, 32))));
    assertEquals(330, d.countParams());
    assertEquals("time_distributed", d.name());
    TimeDistributed c = new TimeDistributed(new Conv2D(16, 3, 3));
    assertEquals("(None, 8, 26, 26, 16)", shape(c.apply(Input.of(8, 28, 28, 1))));
    assertEquals(160, c.countParams());
    var e = assertThrows(IllegalArgumentException.class, () -> new TimeDistributed(new Dense(2)).apply(Input.of(4)));
    assertTrue(e.getMessage().contains("expects an input of rank >= 3"), e.getMessage());
  }

  @Test
  void jsonRoundTripAndSummaryRows() {
    var x = Input.of(10, 16);
    var y = new Bidirectional(new LSTM(64).returnSequences(true), "sum").apply(x);
    y = new TimeDistributed(new Dense(8)).apply(y);
    y = new Bidirectional(new GRU(4)).apply(y);
    Model model = Model.of(x, y);
    String json = model.toJson();
    Model copy = Model.fromJson(json);
    assertEquals(json, copy.toJson());
    assertEquals(model.countParams(), copy.countParams());
    assertEquals(model.summaryString(), copy.summaryString());
    Bidirectional b = assertInstanceOf(Bidirectional.class, copy.getLayer("bidirectional"));
    assertEquals("sum", b.mergeMode());
    assertEquals("forward_lstm", b.forwardLayer().name());
    assertEquals("backward_lstm", b.backwardLayer().name());
    String summary = model.summaryString();
    assertTrue(summary.contains("│ bidirectional (Bidirectional)   │ (None, 10, 64)         │        41,472 │"),
        summary);
    assertTrue(summary.contains("│ time_distributed                │ (None, 10, 8)          │           520 │"),
        summary);
  }

  /** A layer config as Keras 3 writes it (DTypePolicy, module keys, build_config) is read back. */
  @Test
  void readsKerasBidirectionalConfig() throws Exception {
    String lstm = "{\"units\": 64, \"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\","
        + " \"use_bias\": true, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\":"
        + " \"GlorotUniform\", \"config\": {\"seed\": null}, \"registered_name\": null},"
        + " \"recurrent_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Orthogonal\","
        + " \"config\": {\"seed\": null, \"gain\": 1.0}, \"registered_name\": null},"
        + " \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\","
        + " \"config\": {}, \"registered_name\": null}, \"unit_forget_bias\": true,"
        + " \"kernel_regularizer\": null, \"recurrent_regularizer\": null, \"bias_regularizer\": null,"
        + " \"activity_regularizer\": null, \"kernel_constraint\": null, \"recurrent_constraint\": null,"
        + " \"bias_constraint\": null, \"dropout\": 0.0, \"recurrent_dropout\": 0.0, \"seed\": null,"
        + " \"return_sequences\": false, \"return_state\": false, \"stateful\": false, \"unroll\": false,"
        + " \"zero_output_for_mask\": false, \"trainable\": true, \"dtype\": {\"module\": \"keras\","
        + " \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null},";
    String json = "{\"name\": \"bidirectional\", \"trainable\": true, \"dtype\": {\"module\": \"keras\","
        + " \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null},"
        + " \"merge_mode\": \"concat\","
        + " \"layer\": {\"module\": \"keras.layers\", \"class_name\": \"LSTM\", \"config\": " + lstm
        + " \"name\": \"forward_lstm\", \"go_backwards\": false}, \"registered_name\": null,"
        + " \"build_config\": {\"input_shape\": [null, 10, 16]}},"
        + " \"backward_layer\": {\"module\": \"keras.layers\", \"class_name\": \"LSTM\", \"config\": " + lstm
        + " \"name\": \"backward_lstm\", \"go_backwards\": true}, \"registered_name\": null,"
        + " \"build_config\": {\"input_shape\": [null, 10, 16]}}}";
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> config = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
        java.util.Map.class);
    Bidirectional b = assertInstanceOf(Bidirectional.class, LayerRegistry.fromConfig("Bidirectional", config));
    b.apply(Input.of(10, 16));
    assertEquals(41_472, b.countParams());
    assertEquals("forward_lstm", b.forwardLayer().name());
    assertTrue(b.backwardLayer().goBackwards());
  }
}
