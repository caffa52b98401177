package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.util.Naming;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keras assigns automatic names when a layer or model is constructed ({@code Layer.__init__} →
 * {@code auto_name}), not when it is first used; a name given as an argument takes no automatic one.
 */
class ConstructionNamingTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void layersAreNumberedInConstructionOrderNotUseOrder() {
    Dense first = new Dense(3);
    Dense second = new Dense(2);
    var in = Input.of(4);
    // Keras: first, second = Dense(3), Dense(2); second(first(x)) still names them dense, dense_1.
    var h = new Dense(3).apply(in);
    second.apply(first.apply(h));
    assertEquals("dense", first.name());
    assertEquals("dense_1", second.name());
  }

  @Test
  void aNameGivenRightAwayTakesNoAutomaticName() {
    Dense out = new Dense(10).name("classification_output");
    Dense next = new Dense(1);
    // Keras: Dense(10, name="classification_output"), then Dense(1) is "dense".
    assertEquals("classification_output", out.name());
    assertEquals("dense", next.name());
    assertEquals("flatten", new Flatten().name());
  }

  @Test
  void bidirectionalCopiesAreNamedAndTakeNoAutomaticName() {
    var bi = new io.jkeras.layers.Bidirectional(new io.jkeras.layers.LSTM(4));
    // Keras: Bidirectional(LSTM(4)) makes forward_lstm and backward_lstm from config, with explicit names.
    assertEquals("bidirectional", bi.name());
    assertEquals("forward_lstm", bi.forwardLayer().name());
    assertEquals("backward_lstm", bi.backwardLayer().name());
    assertEquals("lstm_1", new io.jkeras.layers.LSTM(2).name());
  }

  @Test
  void modelsAreNamedAtConstruction() {
    var a = Input.of(2);
    Model m1 = Model.of(a, new Dense(1).apply(a));
    var b = Input.of(2);
    Model m2 = Model.of(b, new Dense(1).apply(b));
    // Asking the second model first does not change which is "functional".
    assertEquals("functional_1", m2.name());
    assertEquals("functional", m1.name());
    assertEquals("input_layer_1", b.layer().name());
  }

  @Test
  void releaseGivesBackOnlyTheLastName() {
    assertEquals("dense", Naming.uniqueName("dense"));
    assertEquals("dense_1", Naming.uniqueName("dense"));
    Naming.release("dense", "dense");          // not the last one taken: nothing happens
    assertEquals("dense_2", Naming.uniqueName("dense"));
    Naming.release("dense", "dense_2");
    assertEquals("dense_2", Naming.uniqueName("dense"));
  }
}
