package io.jkeras.layers;

import static io.jkeras.layers.LayerTestSupport.assertModelJsonRoundTrips;
import static io.jkeras.layers.LayerTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.initializers.GlorotUniform;
import io.jkeras.initializers.Orthogonal;
import io.jkeras.initializers.Zeros;
import io.jkeras.util.Shapes;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** SimpleRNN, LSTM, GRU and masking against Keras 3: shapes, parameter counts, weights, masks, config, summary. */
class RecurrentLayersTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  @Test
  void lstmParametersAndWeightsAsKeras() {
    var rows = Input.of(28, 28);
    LSTM l = new LSTM(128);
    assertEquals("(None, 128)", shape(l.apply(rows)));
    // Keras: 4 * (units * (input + units) + units)
    assertEquals(4L * (128 * (28 + 128) + 128), l.countParams());
    assertEquals(80_384, l.countParams());
    assertEquals(List.of("kernel", "recurrent_kernel", "bias"), l.weights().stream().map(v -> v.name()).toList());
    assertEquals(Shape.of(28, 512), l.weights().get(0).shape());
    assertEquals(Shape.of(128, 512), l.weights().get(1).shape());
    assertEquals(Shape.of(512), l.weights().get(2).shape());
    assertEquals("lstm", l.name());
  }

  @Test
  void gruAndSimpleRnnParameters() {
    var x = Input.of(10, 8);
    GRU g = new GRU(32);
    assertEquals("(None, 32)", shape(g.apply(x)));
    assertEquals(3L * (32 * (8 + 32) + 2 * 32), g.countParams()); // 4,032
    assertEquals(Shape.of(2, 96), g.weights().get(2).shape());
    GRU before = new GRU(32).resetAfter(false);
    before.apply(x);
    assertEquals(3L * (32 * (8 + 32) + 32), before.countParams()); // 3,936
    SimpleRNN s = new SimpleRNN(4);
    assertEquals("(None, 4)", shape(s.apply(x)));
    assertEquals(4 * (8 + 4) + 4, s.countParams()); // 52
    assertEquals("simple_rnn", s.name());
    assertEquals("gru", g.name());
    SimpleRNN noBias = new SimpleRNN(4).useBias(false);
    noBias.apply(x);
    assertEquals(48, noBias.countParams());
  }

  @Test
  void kerasDefaults() {
    LSTM l = new LSTM(8);
    Map<String, Object> c = l.getConfig();
    assertEquals("tanh", c.get("activation"));
    assertEquals("sigmoid", c.get("recurrent_activation"));
    assertEquals(true, c.get("use_bias"));
    assertEquals(true, c.get("unit_forget_bias"));
    assertInstanceOf(GlorotUniform.class, c.get("kernel_initializer"));
    assertInstanceOf(Orthogonal.class, c.get("recurrent_initializer"));
    assertInstanceOf(Zeros.class, c.get("bias_initializer"));
    assertEquals(false, c.get("return_sequences"));
    assertEquals(false, c.get("return_state"));
    assertEquals(false, c.get("go_backwards"));
    assertEquals(0.0, c.get("dropout"));
    assertEquals(true, new GRU(3).getConfig().get("reset_after"));
    assertFalse(new SimpleRNN(3).getConfig().containsKey("recurrent_activation"));
  }

  @Test
  void unitForgetBiasStartsTheForgetGateAtOne() {
    LSTM l = new LSTM(3);
    l.apply(Input.of(2, 5));
    float[] bias = l.weights().get(2).initializer().generate(Shape.of(12), new SplittableRandom(1));
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, bias);
    LSTM plain = new LSTM(3).unitForgetBias(false);
    plain.apply(Input.of(2, 5));
    assertArrayEquals(new float[12], plain.weights().get(2).initializer().generate(Shape.of(12),
        new SplittableRandom(1)));
  }

  @Test
  void sequencesStatesAndInitialStates() {
    var x = Input.of(7, 5);
    List<SymbolicTensor> outs = new LSTM(4).returnSequences(true).returnState(true).applyAll(List.of(x));
    assertEquals(3, outs.size());
    assertEquals("(None, 7, 4)", shape(outs.get(0)));
    assertEquals("(None, 4)", shape(outs.get(1)));
    assertEquals("(None, 4)", shape(outs.get(2)));
    List<SymbolicTensor> gru = new GRU(4).returnState(true).applyAll(List.of(x));
    assertEquals(2, gru.size());
    // Keras' initial_state: the encoder's states start the decoder.
    var y = new LSTM(4).apply(x, outs.get(1), outs.get(2));
    assertEquals("(None, 4)", shape(y));
    var bad = assertThrows(IllegalArgumentException.class, () -> new LSTM(4).apply(x, outs.get(1)));
    assertTrue(bad.getMessage().contains("optionally 2 initial states"), bad.getMessage());
    var badState = assertThrows(IllegalArgumentException.class,
        () -> new LSTM(5).apply(x, outs.get(1), outs.get(2)));
    assertTrue(badState.getMessage().contains("initial state 0 must have shape (batch, 5)"), badState.getMessage());
  }

  @Test
  void badInputsAndUnsupportedArgumentsAreClearErrors() {
    var e = assertThrows(IllegalArgumentException.class, () -> new LSTM(4).apply(Input.of(8)));
    assertTrue(e.getMessage().contains("'lstm' (LSTM): expects an input of rank 3"), e.getMessage());
    var d = assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(4).stateful(true));
    assertTrue(d.getMessage().contains("'stateful' = true is not supported"), d.getMessage());
    assertEquals(1.0, new GRU(4).dropout(1.5).dropout(), "clipped to [0, 1] as Keras");
    assertEquals(0.25, new GRU(4).recurrentDropout(0.25).getConfig().get("recurrent_dropout"));
    assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
    // Unknown timesteps are fine for the model language (the runtime needs them).
    assertEquals("(None, None, 4)", shape(new SimpleRNN(4).returnSequences(true).apply(Input.of(-1, 3))));
  }

  @Test
  void masksPropagateLikeKeras() {
    var ids = Input.of("tokens", DType.INT32, 6);
    var e = new Embedding(50, 8).maskZero(true).apply(ids);
    assertEquals("(None, 6)", e.maskShape().map(Shapes::format).orElse("none"));
    var seq = new LSTM(4).returnSequences(true).apply(e);
    assertTrue(seq.hasMask(), "return_sequences keeps the mask");
    var dense = new Dense(3).apply(seq);
    assertTrue(dense.hasMask(), "Dense supports masking");
    var last = new GRU(2).apply(dense);
    assertFalse(last.hasMask(), "the last output has no time axis, so no mask");
    assertFalse(new Embedding(50, 8).apply(ids).hasMask(), "mask_zero=False: no mask");
    var flat = new Flatten().apply(seq);
    assertFalse(flat.hasMask(), "a layer without masking support drops the mask");
    var m = new Masking(-1.0).apply(Input.of(5, 3));
    assertEquals("(None, 5)", m.maskShape().map(Shapes::format).orElse("none"));
    List<SymbolicTensor> withState = new LSTM(2).returnSequences(true).returnState(true).applyAll(List.of(m));
    assertTrue(withState.get(0).hasMask());
    assertFalse(withState.get(1).hasMask());
  }

  @Test
  void jsonRoundTripAndSummaryRows() {
    var ids = Input.of("tokens", DType.INT32, 12);
    var x = new Embedding(100, 16).maskZero(true).apply(ids);
    x = new LSTM(32).returnSequences(true).unitForgetBias(false).goBackwards(true).apply(x);
    x = new GRU(8).resetAfter(false).returnSequences(true).recurrentActivation("hard_sigmoid").apply(x);
    x = new SimpleRNN(4).activation("relu").apply(x);
    Model model = Model.of(ids, new Dense(1).apply(x));
    Model copy = assertModelJsonRoundTrips(model);
    LSTM l = assertInstanceOf(LSTM.class, copy.getLayer("lstm"));
    assertFalse(l.unitForgetBias());
    assertTrue(l.goBackwards());
    assertTrue(copy.getLayer("simple_rnn").getConfig().get("activation").equals("relu"));
    String summary = model.summaryString();
    assertTrue(summary.contains("│ lstm (LSTM)                     │ (None, 12, 32)         │         6,272 │"),
        summary);
    assertTrue(summary.contains("│ gru (GRU)                       │ (None, 12, 8)          │           984 │"),
        summary);
    assertTrue(summary.contains("│ simple_rnn (SimpleRNN)          │ (None, 4)              │            52 │"),
        summary);
  }

  @Test
  void sequentialLstmClassifierAsTheMnistSample() {
    Sequential s = new Sequential().add(Input.of(28, 28)).add(new LSTM(128))
        .add(new Dense(10).activation("softmax"));
    assertEquals(80_384 + 1_290, s.countParams());
    Model m = Model.fromJson(s.toJson());
    assertEquals(81_674, m.countParams());
  }

  @Test
  void maskingLayerRoundTrips() {
    var x = Input.of(5, 3);
    Model model = Model.of(x, new LSTM(2).apply(new Masking(-1.0).apply(x)));
    Model copy = Model.fromJson(model.toJson());
    assertEquals(-1.0, ((Masking) copy.getLayer("masking")).maskValue());
    assertEquals(model.toJson(), copy.toJson());
  }

  @Test
  void encoderDecoderWithInitialStatesRoundTrips() {
    var encoderIn = Input.of("encoder", 7, 5);
    var decoderIn = Input.of("decoder", 4, 3);
    List<SymbolicTensor> enc = new LSTM(6).returnState(true).applyAll(List.of(encoderIn));
    var dec = new LSTM(6).returnSequences(true).apply(decoderIn, enc.get(1), enc.get(2));
    Model model = Model.of(List.of(encoderIn, decoderIn), new Dense(3).activation("softmax").apply(dec));
    Model copy = assertModelJsonRoundTrips(model);
    assertEquals("(None, 4, 3)", shape(copy.outputs().get(0)));
    assertTrue(model.summaryString().contains("Connected to"), "states make it a non-chain graph");
  }
}
