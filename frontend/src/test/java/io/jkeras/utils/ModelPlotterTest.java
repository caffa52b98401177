package io.jkeras.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.Input;
import io.jkeras.Keras;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras' model_to_dot: one box per layer, edges from each layer's inbound tensors, shapes in the boxes. */
class ModelPlotterTest {

  @TempDir Path tmp;

  @BeforeEach
  void freshNames() {
    Keras.clearSession();
  }

  /** input(8) feeds two Dense layers whose outputs are concatenated (4 + 3 = 7) and fed to Dense(1). */
  private static Model branching() {
    var x = Input.of(8);
    var a = new Dense(4).apply(x);
    var b = new Dense(3).activation("relu").apply(x);
    var c = new Concatenate().apply(List.of(a, b));
    var y = new Dense(1).apply(c);
    return Model.of(x, y);
  }

  private static String box(String title, String shapesRow) {
    return "<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\">"
        + "<tr><td colspan=\"2\" bgcolor=\"black\"><font point-size=\"16\" color=\"white\">" + title
        + "</font></td></tr><tr>" + shapesRow + "</tr></table>>";
  }

  private static String cell(String text) {
    return "<td bgcolor=\"white\"><font point-size=\"14\">" + text + "</font></td>";
  }

  @Test
  void dotOfBranchingModel() {
    String expected = "digraph \"functional\" {\n"
        + "  graph [rankdir=TB, concentrate=true, dpi=200, splines=ortho];\n"
        + "  node [shape=record, fontname=\"Helvetica\", border=0, margin=0];\n"
        + "  \"input_layer\" [label=" + box("<b>input_layer</b> (InputLayer)",
            cell("Output shape: <b>(None, 8)</b>")) + "];\n"
        + "  \"dense\" [label=" + box("<b>dense</b> (Dense)",
            cell("Input shape: <b>(None, 8)</b>") + cell("Output shape: <b>(None, 4)</b>")) + "];\n"
        + "  \"dense_1\" [label=" + box("<b>dense_1</b> (Dense)",
            cell("Input shape: <b>(None, 8)</b>") + cell("Output shape: <b>(None, 3)</b>")) + "];\n"
        + "  \"concatenate\" [label=" + box("<b>concatenate</b> (Concatenate)",
            cell("Input shape: <b>[(None, 4), (None, 3)]</b>") + cell("Output shape: <b>(None, 7)</b>"))
        + "];\n"
        + "  \"dense_2\" [label=" + box("<b>dense_2</b> (Dense)",
            cell("Input shape: <b>(None, 7)</b>") + cell("Output shape: <b>(None, 1)</b>")) + "];\n"
        + "  \"input_layer\" -> \"dense\" [penwidth=2];\n"
        + "  \"input_layer\" -> \"dense_1\" [penwidth=2];\n"
        + "  \"dense\" -> \"concatenate\" [penwidth=2];\n"
        + "  \"dense_1\" -> \"concatenate\" [penwidth=2];\n"
        + "  \"concatenate\" -> \"dense_2\" [penwidth=2];\n"
        + "}\n";
    assertEquals(expected, ModelPlotter.toDot(branching()));
  }

  @Test
  void optionsChangeTheBoxes() {
    String dot = ModelPlotter.toDot(branching(),
        ModelPlotter.options().showShapes(false).showLayerNames(false).showLayerActivations(true)
            .showTrainable(true).rankdir("LR"));
    assertTrue(dot.contains("graph [rankdir=LR,"), dot);
    assertFalse(dot.contains("shape:"), dot);
    // dense_1's box: class only, its relu activation, and the trainable badge (it has weights).
    assertTrue(dot.contains("\"dense_1\" [label=<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\""
        + " cellpadding=\"10\"><tr><td colspan=\"1\" bgcolor=\"black\"><font point-size=\"16\" color=\"white\">"
        + "<b>Dense</b></font></td></tr><tr><td bgcolor=\"white\" colspan=\"1\"><font point-size=\"14\">"
        + "Activation: <b>relu</b></font></td></tr><tr><td bgcolor=\"forestgreen\"><font point-size=\"14\""
        + " color=\"white\"><b>Trainable</b></font></td></tr></table>>];"), dot);
    // The input layer has no weights: no badge.
    assertTrue(dot.contains("<b>InputLayer</b></font></td></tr></table>>];"), dot);
  }

  @Test
  void sequentialIsAChainWithoutInputLayer() {
    var m = new Sequential(List.of(new Dense(5).inputShape(3), new Dense(2)));
    String dot = ModelPlotter.toDot(m);
    assertEquals(2, dot.lines().filter(l -> l.contains("[label=")).count(), dot);
    assertEquals(List.of("  \"dense\" -> \"dense_1\" [penwidth=2];"),
        dot.lines().filter(l -> l.contains("->")).toList());
    assertTrue(dot.contains("Input shape: <b>(None, 3)</b>"), dot);
    assertTrue(dot.contains("Output shape: <b>(None, 2)</b>"), dot);
  }

  @Test
  void withoutGraphvizTheDotFileIsKeptAndTheMessageSaysSo() throws Exception {
    Path png = tmp.resolve("plots/model.png");
    var r = ModelPlotter.plot(branching(), png,
        ModelPlotter.options().dotExecutable(tmp.resolve("no-such-dot").toString()));
    assertEquals(tmp.resolve("plots/model.dot"), r.dotFile());
    assertTrue(r.image().isEmpty());
    assertFalse(Files.exists(png));
    assertTrue(Files.readString(r.dotFile()).startsWith("digraph \"functional\" {"));
    assertTrue(r.message().startsWith("Graphviz 'dot' is not on the PATH: wrote "), r.message());
    assertTrue(r.message().contains("dot -Tpng"), r.message());
  }

  @Test
  void dotFileOnlyWhenAskedForDot() throws Exception {
    Path file = tmp.resolve("model.dot");
    Model m = branching();
    var r = ModelPlotter.plot(m, file);
    assertEquals(file, r.dotFile());
    assertTrue(r.image().isEmpty());
    assertEquals("Wrote " + file, r.message());
    assertEquals(ModelPlotter.toDot(m), Files.readString(file));
  }

  @Test
  void badArgumentsAreNamed() {
    var m = branching();
    var e = assertThrows(IllegalArgumentException.class, () -> ModelPlotter.plot(m, tmp.resolve("model.bmp")));
    assertEquals("plot_model: to_file must end in .png, .svg, .pdf, .jpg or .dot, got '"
        + tmp.resolve("model.bmp") + "'", e.getMessage());
    var r = assertThrows(IllegalArgumentException.class, () -> ModelPlotter.options().rankdir("XY"));
    assertEquals("plot_model: rankdir must be one of TB, LR, BT, RL, got 'XY'", r.getMessage());
    var s = assertThrows(IllegalStateException.class, () -> ModelPlotter.toDot(new Sequential()));
    assertTrue(s.getMessage().contains("has not yet been built"), s.getMessage());
  }

  @Test
  void rendersPngAndSvgWhenGraphvizIsInstalled() throws Exception {
    boolean hasDot = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "dot")));
    assumeTrue(hasDot, "Graphviz is not installed");
    var png = ModelPlotter.plot(branching(), tmp.resolve("m.png"));
    assertEquals(tmp.resolve("m.png"), png.image().orElseThrow());
    byte[] head = Files.readAllBytes(tmp.resolve("m.png"));
    assertEquals((byte) 0x89, head[0]);
    assertEquals('P', head[1]);
    var svg = ModelPlotter.plot(branching(), tmp.resolve("m.svg"));
    assertTrue(Files.readString(svg.image().orElseThrow()).contains("<svg"));
  }
}
