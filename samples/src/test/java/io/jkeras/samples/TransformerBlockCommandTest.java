package io.jkeras.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.Model;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** {@code jkeras transformer-block}: the model's Keras numbers, the generated task, and a tiny run. */
class TransformerBlockCommandTest {

  @BeforeEach
  void fresh() {
    Keras.clearSession();
  }

  @Test
  void modelHasKerasParameterCounts() {
    Model model = TransformerBlockCommand.build();
    // Embeddings 10*32 + 8*32; MultiHeadAttention(2, 16) on 32: 3*(32*2*16 + 2*16) + (2*16*32 + 32) = 4,224;
    // two LayerNormalization 2*32; Dense 32->64, 64->32, 32->10.
    assertEquals(320 + 256 + 4224 + 64 + (32 * 64 + 64) + (64 * 32 + 32) + 64 + (32 * 10 + 10),
        model.countParams());
    assertEquals(4224, model.getLayer("multi_head_attention").countParams());
  }

  @Test
  void dataIsReversedAndAccuracyCountsTokens() {
    var d = TransformerBlockCommand.Data.generate(5, 7);
    int len = TransformerBlockCommand.LENGTH;
    for (int i = 0; i < 5; i++) {
      for (int t = 0; t < len; t++) {
        assertEquals(d.tokens().getInt(i, len - 1 - t), d.y().getInt(i, t));
        assertEquals(t, d.positions().getInt(i, t));
      }
    }
    // Probabilities that put the target first everywhere but at one position.
    FloatNdArray p = NdArrays.ofFloats(Shape.of(5, len, TransformerBlockCommand.VOCABULARY));
    for (int i = 0; i < 5; i++) {
      for (int t = 0; t < len; t++) {
        int c = i == 0 && t == 0 ? (d.y().getInt(i, t) + 1) % TransformerBlockCommand.VOCABULARY : d.y().getInt(i, t);
        p.setFloat(1f, i, t, c);
      }
    }
    assertEquals(1 - 1.0 / (5 * len), TransformerBlockCommand.tokenAccuracy(p, d.y()), 1e-12);
  }

  @Test
  void tinyRunPrintsSummaryAndResult() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // 8 epochs of 1,024 sequences (about 2 s). Measured (seed 3, one thread, repeatable): held-out token accuracy
    // 0.712, loss 0.780; chance is 0.10 and ln(10) = 2.30.
    int status = Main.run(new String[] {"transformer-block", "--epochs", "8", "--samples", "1024", "--seed", "3",
        "--threads", "1"}, new PrintWriter(out), new PrintWriter(err), Main.DEFAULT_API);
    assertEquals(0, status, err::toString);
    String text = out.toString();
    assertTrue(text.contains("Model: \"transformer_block\""), text);
    assertTrue(text.lines().anyMatch(l -> l.contains("multi_head_att") && l.contains("4,224")), text);
    assertTrue(text.contains(" Total params: 9,450"), text);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("RESULT task=transformer-reverse epochs=8 samples=1024"
        + " seed=3 heldout_token_accuracy=([01]\\.\\d{4}) heldout_loss=(\\d+\\.\\d+) params=9450 train_seconds=\\S+")
        .matcher(text);
    assertTrue(m.find(), text);
    assertTrue(Double.parseDouble(m.group(1)) >= 0.45, "accuracy clearly above chance's 0.10: " + m.group());
    assertTrue(Double.parseDouble(m.group(2)) <= 1.4, "loss clearly below chance's ln(10) = 2.30: " + m.group());
  }

  @Test
  void badOptionsAreUsageErrors() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new String[] {"transformer-block", "--samples", "0"}, new PrintWriter(out),
        new PrintWriter(err), Main.DEFAULT_API);
    assertEquals(2, status);
    assertTrue(err.toString().contains("--samples must be > 0"), err::toString);
  }
}
