package io.jkeras.utils;

import io.jkeras.DType;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.util.Shapes;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Keras' {@code keras.utils.plot_model} / {@code model_to_dot}: the layer graph as a Graphviz DOT file, one
 * box per layer (name, class, input and output shapes) and one edge per tensor passed between layers, rendered
 * to PNG, SVG or PDF by Graphviz' {@code dot} program when it is on the {@code PATH}. Without Graphviz the DOT
 * file is still written and the returned {@link Result} (and a log line) says how to render it.
 *
 * <pre>{@code
 * ModelPlotter.Result r = ModelPlotter.plot(model, Path.of("model.png"));
 * System.out.println(r.message());   // "Wrote model.png" or "... Graphviz 'dot' is not on the PATH ..."
 *
 * String dot = ModelPlotter.toDot(model, ModelPlotter.options().showShapes(false).rankdir("LR"));
 * }</pre>
 *
 * <p>Unlike Keras' {@code plot_model}, whose {@code show_layer_names} and {@code show_shapes} default to false,
 * names and shapes are shown by default. Nested models are drawn as one box ({@code expand_nested=False}).
 */
public final class ModelPlotter {
  private static final System.Logger LOG = System.getLogger(ModelPlotter.class.getName());

  private ModelPlotter() {}

  /** What {@link #plot} wrote: the DOT file, the image when Graphviz made one, and a line for the user. */
  public record Result(Path dotFile, Optional<Path> image, String message) {}

  /** Keras' {@code plot_model} arguments; start from {@link ModelPlotter#options()}. */
  public static final class Options {
    private boolean showShapes = true;
    private boolean showDtype;
    private boolean showLayerNames = true;
    private boolean showLayerActivations;
    private boolean showTrainable;
    private String rankdir = "TB";
    private int dpi = 200;
    private String splines = "ortho";
    private String dotExecutable;

    private Options() {}

    /** Input and output shapes in each box (default true). */
    public Options showShapes(boolean on) {
      this.showShapes = on;
      return this;
    }

    /** The output dtype in each box (default false). */
    public Options showDtype(boolean on) {
      this.showDtype = on;
      return this;
    }

    /** The layer name before the class name (default true). */
    public Options showLayerNames(boolean on) {
      this.showLayerNames = on;
      return this;
    }

    /** The activation of layers that have one (Dense, Conv2D, ...; default false). */
    public Options showLayerActivations(boolean on) {
      this.showLayerActivations = on;
      return this;
    }

    /** Whether layers with weights are trainable (default false). */
    public Options showTrainable(boolean on) {
      this.showTrainable = on;
      return this;
    }

    /** {@code TB} (top to bottom, the default) or {@code LR} (left to right). */
    public Options rankdir(String rankdir) {
      if (!List.of("TB", "LR", "BT", "RL").contains(rankdir)) {
        throw new IllegalArgumentException(
            "plot_model: rankdir must be one of TB, LR, BT, RL, got '" + rankdir + "'");
      }
      this.rankdir = rankdir;
      return this;
    }

    /** Image resolution in dots per inch (default 200). */
    public Options dpi(int dpi) {
      if (dpi <= 0) {
        throw new IllegalArgumentException("plot_model: dpi must be positive, got " + dpi);
      }
      this.dpi = dpi;
      return this;
    }

    /** How Graphviz draws edges: {@code ortho} (default), {@code curved}, {@code polyline}, {@code spline}, {@code line}. */
    public Options splines(String splines) {
      if (!List.of("ortho", "curved", "polyline", "spline", "line").contains(splines)) {
        throw new IllegalArgumentException("plot_model: splines must be one of ortho, curved, polyline,"
            + " spline, line, got '" + splines + "'");
      }
      this.splines = splines;
      return this;
    }

    /** The Graphviz program to run instead of {@code dot} found on the PATH (a path or a name). */
    public Options dotExecutable(String program) {
      this.dotExecutable = Objects.requireNonNull(program, "dotExecutable");
      return this;
    }
  }

  /** Default options: layer names and shapes shown, top to bottom, 200 dpi, orthogonal edges. */
  public static Options options() {
    return new Options();
  }

  /** The DOT text of the model's layer graph with the default options. */
  public static String toDot(Model model) {
    return toDot(model, options());
  }

  /** The DOT text of the model's layer graph (Keras' {@code model_to_dot}). */
  public static String toDot(Model model, Options options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    if (!model.hasGraph()) {
      throw new IllegalStateException("plot_model: model '" + model.name() + "' has not yet been built."
          + " Give it an input shape first (Input.of(...) or build(shape)).");
    }
    StringBuilder dot = new StringBuilder();
    dot.append("digraph ").append(quote(model.name())).append(" {\n");
    dot.append("  graph [rankdir=").append(options.rankdir).append(", concentrate=true, dpi=")
        .append(options.dpi).append(", splines=").append(options.splines).append("];\n");
    // HTML-like labels draw their own table, so the node itself has no border or margin (as in Keras).
    dot.append("  node [shape=record, fontname=\"Helvetica\", border=0, margin=0];\n");
    List<Layer> layers = model.layers();
    for (Layer layer : layers) {
      dot.append("  ").append(quote(layer.name())).append(" [label=")
          .append(label(model, layer, options)).append("];\n");
    }
    for (String[] edge : edges(model, layers)) {
      dot.append("  ").append(quote(edge[0])).append(" -> ").append(quote(edge[1]))
          .append(" [penwidth=2];\n");
    }
    dot.append("}\n");
    return dot.toString();
  }

  /** Writes the plot with the default options; see {@link #plot(Model, Path, Options)}. */
  public static Result plot(Model model, Path toFile) {
    return plot(model, toFile, options());
  }

  /**
   * Writes the plot to {@code toFile}. A {@code .dot} (or {@code .gv}) file gets the DOT text only; for
   * {@code .png}, {@code .svg}, {@code .pdf} or {@code .jpg} the DOT text goes next to it ({@code model.dot}
   * beside {@code model.png}) and Graphviz' {@code dot} renders the image. Without Graphviz only the DOT file
   * is written; the result's {@code image} is then empty and its message says how to render the image later.
   *
   * @throws UncheckedIOException when a file cannot be written
   * @throws IllegalStateException when Graphviz is there but fails to render
   */
  public static Result plot(Model model, Path toFile, Options options) {
    Objects.requireNonNull(toFile, "toFile");
    String text = toDot(model, options);
    String fileName = toFile.getFileName().toString();
    int dotPos = fileName.lastIndexOf('.');
    String ext = dotPos < 0 ? "" : fileName.substring(dotPos + 1).toLowerCase(Locale.ROOT);
    if (!List.of("dot", "gv", "png", "svg", "pdf", "jpg", "jpeg").contains(ext)) {
      throw new IllegalArgumentException("plot_model: to_file must end in .png, .svg, .pdf, .jpg or .dot,"
          + " got '" + toFile + "'");
    }
    Path dotFile = ext.equals("dot") || ext.equals("gv") ? toFile
        : toFile.resolveSibling(fileName.substring(0, dotPos) + ".dot");
    try {
      Path parent = toFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(dotFile, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("plot_model: cannot write " + dotFile + ": " + e.getMessage(), e);
    }
    if (dotFile.equals(toFile)) {
      return new Result(dotFile, Optional.empty(), "Wrote " + dotFile);
    }
    Optional<String> program = options.dotExecutable != null
        ? Optional.of(options.dotExecutable) : findOnPath("dot");
    if (program.isEmpty() || !runnable(program.get())) {
      String message = "Graphviz 'dot' is not on the PATH: wrote " + dotFile + " only; render it with"
          + " 'dot -T" + ext + " " + dotFile + " -o " + toFile + "' once Graphviz is installed";
      LOG.log(System.Logger.Level.WARNING, message);
      return new Result(dotFile, Optional.empty(), message);
    }
    render(program.get(), ext.equals("jpeg") ? "jpg" : ext, dotFile, toFile);
    return new Result(dotFile, Optional.of(toFile), "Wrote " + toFile + " (and " + dotFile + ")");
  }

  // ------------------------------------------------------------------------------------------------ labels

  private static String label(Model model, Layer layer, Options o) {
    String className = layer.className();
    StringBuilder t = new StringBuilder(
        "<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\">");
    int colspan = Math.max(1, (o.showShapes ? 2 : 0) + (o.showDtype ? 1 : 0) + (o.showTrainable ? 1 : 0));
    t.append("<tr><td colspan=\"").append(colspan).append("\" bgcolor=\"black\">")
        .append("<font point-size=\"16\" color=\"white\">");
    if (o.showLayerNames) {
      t.append("<b>").append(html(layer.name())).append("</b> (").append(html(className)).append(')');
    } else {
      t.append("<b>").append(html(className)).append("</b>");
    }
    t.append("</font></td></tr>");
    Object activation = o.showLayerActivations ? layer.getConfig().get("activation") : null;
    if (activation != null) {
      t.append("<tr><td bgcolor=\"white\" colspan=\"").append(colspan).append("\"><font point-size=\"14\">")
          .append("Activation: <b>").append(html(String.valueOf(activation))).append("</b></font></td></tr>");
    }
    List<String> cols = new ArrayList<>();
    Node node = nodeInModel(model, layer);
    if (o.showShapes) {
      if (!(layer instanceof InputLayer)) {
        String in = node == null ? "?" : shapes(node.inputs());
        cols.add(cell("Input shape: <b>" + html(in) + "</b>"));
      }
      String out = node == null ? "?" : shapes(node.outputs());
      cols.add(cell("Output shape: <b>" + html(out) + "</b>"));
    }
    if (o.showDtype) {
      String dtype = node == null ? "?" : dtypes(node.outputs());
      cols.add(cell("Output dtype: <b>" + html(dtype) + "</b>"));
    }
    if (o.showTrainable && !layer.weights().isEmpty()) {
      cols.add(layer.trainable()
          ? "<td bgcolor=\"forestgreen\"><font point-size=\"14\" color=\"white\"><b>Trainable</b></font></td>"
          : "<td bgcolor=\"firebrick\"><font point-size=\"14\" color=\"white\"><b>Non-trainable</b></font></td>");
    }
    if (!cols.isEmpty()) {
      t.append("<tr>").append(String.join("", cols)).append("</tr>");
    }
    return t.append("</table>>").toString();
  }

  private static String cell(String content) {
    return "<td bgcolor=\"white\"><font point-size=\"14\">" + content + "</font></td>";
  }

  /** The layer's call that belongs to this model (a shared layer has others elsewhere). */
  private static Node nodeInModel(Model model, Layer layer) {
    for (Node n : layer.inboundNodes()) {
      if (model.graph().contains(n)) {
        return n;
      }
    }
    return null;
  }

  /** One shape as Keras prints a tuple, several as a list of tuples. */
  private static String shapes(List<SymbolicTensor> tensors) {
    if (tensors.size() == 1) {
      return Shapes.format(tensors.get(0).shape());
    }
    List<String> parts = new ArrayList<>();
    for (SymbolicTensor t : tensors) {
      parts.add(Shapes.format(t.shape()));
    }
    return "[" + String.join(", ", parts) + "]";
  }

  private static String dtypes(List<SymbolicTensor> tensors) {
    List<String> parts = new ArrayList<>();
    for (SymbolicTensor t : tensors) {
      DType d = t.dtype();
      parts.add(d.kerasName());
    }
    return tensors.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]";
  }

  // ------------------------------------------------------------------------------------------------ edges

  private static List<String[]> edges(Model model, List<Layer> layers) {
    Set<List<String>> seen = new LinkedHashSet<>();
    if (model instanceof Sequential) {
      // A Sequential lists no InputLayer; its layers are simply chained.
      for (int i = 0; i + 1 < layers.size(); i++) {
        seen.add(List.of(layers.get(i).name(), layers.get(i + 1).name()));
      }
    } else {
      for (Layer layer : layers) {
        for (Node node : layer.inboundNodes()) {
          if (!model.graph().contains(node)) {
            continue;
          }
          for (SymbolicTensor in : node.inputs()) {
            seen.add(List.of(in.layer().name(), layer.name()));
          }
        }
      }
    }
    List<String[]> out = new ArrayList<>();
    for (List<String> e : seen) {
      out.add(new String[] {e.get(0), e.get(1)});
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------ text

  private static String quote(String id) {
    return "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String html(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  // ------------------------------------------------------------------------------------------------ Graphviz

  private static Optional<String> findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, windows ? program + ".exe" : program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  private static boolean runnable(String program) {
    if (program.contains(File.separator)) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p);
    }
    return findOnPath(program).isPresent();
  }

  private static void render(String program, String format, Path dotFile, Path image) {
    List<String> command = List.of(program, "-T" + format, dotFile.toString(), "-o", image.toString());
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("plot_model: '" + String.join(" ", command) + "' took over 120 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("plot_model: '" + String.join(" ", command) + "' failed with exit status "
            + p.exitValue() + (output.isEmpty() ? "" : ": " + output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("plot_model: cannot run '" + program + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("plot_model: interrupted while running Graphviz", e);
    }
  }
}
