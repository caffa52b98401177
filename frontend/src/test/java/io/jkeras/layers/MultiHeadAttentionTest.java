package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MultiHeadAttention: Keras 3's weight layout, parameter counts, shapes, call arguments, JSON and summary. */
class MultiHeadAttentionTest {

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  private static List<String> weights(Layer layer) {
    List<String> out = new ArrayList<>();
    for (Variable v : layer.weights()) {
      out.add(v.path() + " " + Shapes.format(v.shape()));
    }
    return out;
  }

  @Test
  void kerasWeightLayoutAndParameterCount() {
    SymbolicTensor x = Input.of(10, 32);
    MultiHeadAttention mha = new MultiHeadAttention(2, 16);
    SymbolicTensor y = mha.apply(x, x);
    assertEquals("(None, 10, 32)", Shapes.format(y.shape()));
    // Keras: 3 * (32*2*16 + 2*16) + (2*16*32 + 32) = 4,224.
    assertEquals(4224, mha.countParams());
    assertEquals(List.of(
        "multi_head_attention/query/kernel (32, 2, 16)", "multi_head_attention/query/bias (2, 16)",
        "multi_head_attention/key/kernel (32, 2, 16)", "multi_head_attention/key/bias (2, 16)",
        "multi_head_attention/value/kernel (32, 2, 16)", "multi_head_attention/value/bias (2, 16)",
        "multi_head_attention/attention_output/kernel (2, 16, 32)",
        "multi_head_attention/attention_output/bias (32,)"), weights(mha));
  }

  @Test
  void crossAttentionWithKeyValueDimAndOutputShape() {
    SymbolicTensor q = Input.of(8, 16);
    SymbolicTensor v = Input.of(4, 6);
    SymbolicTensor k = Input.of(4, 5);
    MultiHeadAttention mha = new MultiHeadAttention(3, 4).valueDim(2).outputShape(7).useBias(false);
    SymbolicTensor y = mha.apply(q, v, k);
    assertEquals("(None, 8, 7)", Shapes.format(y.shape()));
    // query 16*3*4, key 5*3*4, value 6*3*2, output 3*2*7; no biases.
    assertEquals(16 * 12 + 5 * 12 + 6 * 6 + 3 * 2 * 7, mha.countParams());
    assertEquals("multi_head_attention/key/kernel (5, 3, 4)", weights(mha).get(1));

    MultiHeadAttention scores = new MultiHeadAttention(2, 4);
    List<SymbolicTensor> out = scores.call(q, v).returnAttentionScores(true).applyAll();
    assertEquals("(None, 8, 16)", Shapes.format(out.get(0).shape()));
    assertEquals("(None, 2, 8, 4)", Shapes.format(out.get(1).shape()));

    // Rank 4: attention over both middle axes (Keras' default attention_axes), kernels unchanged.
    SymbolicTensor img = Input.of(3, 5, 8);
    MultiHeadAttention m4 = new MultiHeadAttention(2, 4);
    List<SymbolicTensor> o4 = m4.call(img, img).returnAttentionScores(true).applyAll();
    assertEquals("(None, 3, 5, 8)", Shapes.format(o4.get(0).shape()));
    assertEquals("(None, 2, 3, 5, 3, 5)", Shapes.format(o4.get(1).shape()));
    assertEquals(3 * (8 * 8 + 8) + (8 * 8 + 8), m4.countParams());
  }

  @Test
  void badCallsNameTheLayerAndShapes() {
    SymbolicTensor q = Input.of(8, 16);
    String m = assertThrows(IllegalArgumentException.class,
        () -> new MultiHeadAttention(2, 4).apply(q, Input.of(4, 6), Input.of(5, 6))).getMessage();
    assertTrue(m.contains("multi_head_attention") && m.contains("(None, 4, 6)") && m.contains("(None, 5, 6)"), m);
    m = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 4).apply(Input.of(16)))
        .getMessage();
    assertTrue(m.contains("query and value"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> new MultiHeadAttention(2, 4).call(q, q).attentionMask(Input.of(8, 9)).apply()).getMessage();
    assertTrue(m.contains("attention_mask") && m.contains("(None, 8, 9)"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> new MultiHeadAttention(2, 4).attentionAxes(2).apply(Input.of(3, 4, 5), Input.of(3, 4, 5)))
        .getMessage();
    assertTrue(m.contains("attention_axes"), m);
    m = assertThrows(IllegalArgumentException.class,
        () -> new MultiHeadAttention(2, 4).applyCall(List.of(q, q), Map.of("query_mask", q))).getMessage();
    assertTrue(m.contains("query_mask"), m);
    assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 4));
    assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 4).dropout(1.0));
    MultiHeadAttention built = new MultiHeadAttention(2, 4);
    built.apply(q, q);
    m = assertThrows(IllegalArgumentException.class, () -> built.apply(Input.of(8, 12), Input.of(8, 12)))
        .getMessage();
    assertTrue(m.contains("(None, 8, 12)"), m);
    // Keyword arguments are for layers that take them.
    assertThrows(IllegalArgumentException.class,
        () -> new Dense(2).applyCall(List.of(q), Map.of("training", true)));
  }

  @Test
  void configAndJsonRoundTripKeepCallArguments() {
    SymbolicTensor x = Input.of(6, 8);
    SymbolicTensor mask = Input.of(6, 6);
    MultiHeadAttention mha = new MultiHeadAttention(2, 4).dropout(0.1).seed(3).name("self_attention");
    SymbolicTensor y = mha.call(x, x).attentionMask(mask).useCausalMask(true).apply();
    Model model = Model.of(List.of(x, mask), new Add().apply(x, y));
    Map<String, Object> c = mha.getConfig();
    assertEquals(2, c.get("num_heads"));
    assertEquals(4, c.get("key_dim"));
    assertEquals(4, c.get("value_dim"));
    assertEquals(0.1, c.get("dropout"));
    assertEquals(3L, c.get("seed"));
    assertEquals(null, c.get("output_shape"));
    String json = model.toJson();
    assertTrue(json.contains("\"use_causal_mask\":true") || json.contains("\"use_causal_mask\": true"), json);
    Model back = Model.fromJson(json);
    assertEquals(json, back.toJson());
    assertEquals(model.countParams(), back.countParams());
    MultiHeadAttention again = (MultiHeadAttention) back.getLayer("self_attention");
    assertEquals(Map.of("use_causal_mask", true),
        Map.of("use_causal_mask", again.inboundNodes().get(0).callArguments().get("use_causal_mask")));
  }

  @Test
  void readsKerasJsonWithKeywordQueryAndValue() {
    // Keras writes mha(query=q, value=v, use_causal_mask=True) with the tensors among the node's kwargs.
    String json = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", \"trainable\": true,"
        + " \"layers\": [{\"class_name\": \"InputLayer\", \"name\": \"q\", \"config\": {\"batch_shape\":"
        + " [null, 5, 8], \"dtype\": \"float32\", \"sparse\": false, \"name\": \"q\"}, \"inbound_nodes\": []},"
        + " {\"class_name\": \"MultiHeadAttention\", \"name\": \"mha\", \"config\": {\"name\": \"mha\","
        + " \"trainable\": true, \"dtype\": \"float32\", \"num_heads\": 2, \"key_dim\": 4, \"value_dim\": 4,"
        + " \"dropout\": 0.0, \"use_bias\": true, \"output_shape\": null, \"attention_axes\": null,"
        + " \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\","
        + " \"config\": {\"seed\": null}, \"registered_name\": null}, \"seed\": null}, \"inbound_nodes\":"
        + " [{\"args\": [], \"kwargs\": {\"query\": " + tensor("q") + ", \"value\": " + tensor("q")
        + ", \"use_causal_mask\": true}}]}],"
        + " \"input_layers\": [[\"q\", 0, 0]], \"output_layers\": [[\"mha\", 0, 0]]}}";
    Model model = Model.fromJson(json);
    MultiHeadAttention mha = (MultiHeadAttention) model.getLayer("mha");
    assertEquals(3 * (8 * 8 + 8) + (8 * 8 + 8), mha.countParams());
    assertEquals(true, mha.inboundNodes().get(0).callArguments().get("use_causal_mask"));
    assertEquals("(None, 5, 8)", Shapes.format(model.outputs().get(0).shape()));
  }

  private static String tensor(String layer) {
    return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 5, 8], \"dtype\":"
        + " \"float32\", \"keras_history\": [\"" + layer + "\", 0, 0]}}";
  }

  @Test
  void summaryRow() {
    SymbolicTensor x = Input.of(10, 32);
    SymbolicTensor y = new MultiHeadAttention(2, 16).apply(x, x);
    Model model = Model.of(x, new LayerNormalization().apply(new Add().apply(x, y)));
    String s = model.summaryString(150);
    String row = s.lines().filter(l -> l.contains("multi_head_attention")).findFirst().orElseThrow();
    assertTrue(row.matches("│ multi_head_attention \\(MultiHeadAttention\\) +│ \\(None, 10, 32\\) +│ +4,224 │ "
        + "input_layer\\[0\\]\\[0\\], input_layer\\[0\\]\\[0\\] +│"), s);
    assertTrue(s.contains(" Total params: 4,288 (16.75 KB)"), s);
  }
}
