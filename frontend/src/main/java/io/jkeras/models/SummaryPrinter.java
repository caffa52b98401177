package io.jkeras.models;

import io.jkeras.DType;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.SymbolicTensor;
import io.jkeras.Variable;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;

/**
 * Keras 3's {@code model.summary()} text, as Keras prints it when its output is not a terminal: a port of
 * {@code keras.src.utils.summary_utils.print_summary} and of the parts of the {@code rich} library it uses
 * (table column widths, word wrapping with an ellipsis for words too long for their cell, box characters).
 *
 * <pre>{@code
 * String text = SummaryPrinter.summarize(model);        // 76 characters wide, as Keras without a terminal
 * String wide = SummaryPrinter.summarize(model, 108);   // Keras' line_length=108
 * }</pre>
 */
public final class SummaryPrinter {
  /**
   * The terminal width Keras assumes when standard output is not a terminal ({@code shutil.get_terminal_size}'s
   * fallback); Keras caps its default line length at this minus 4.
   */
  public static final int DEFAULT_TERMINAL_COLUMNS = 80;

  private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

  private SummaryPrinter() {}

  /** The summary with Keras' default line length for a non-terminal output (76 characters). */
  public static String summarize(Model model) {
    return summarize(model, new Options());
  }

  /**
   * The summary with the given total line length (Keras' {@code line_length}); 0 or less for Keras' default.
   */
  public static String summarize(Model model, int lineLength) {
    return summarize(model, new Options().lineLength(lineLength));
  }

  /**
   * The arguments of Keras' {@code model.summary()}: {@code line_length}, {@code positions}, {@code
   * expand_nested}, {@code show_trainable} and {@code layer_range}.
   *
   * <pre>{@code
   * SummaryPrinter.summarize(model, new SummaryPrinter.Options().expandNested(true).showTrainable(true));
   * }</pre>
   */
  public static final class Options {
    private int lineLength;
    private double[] positions;
    private boolean expandNested;
    private boolean showTrainable;
    private String[] layerRange;

    /** Total width of the table's lines; 0 for Keras' default. */
    public Options lineLength(int lineLength) {
      this.lineLength = lineLength;
      return this;
    }

    /** Relative right edges of the columns, e.g. {@code 0.45, 0.80, 1.0}; Keras' defaults otherwise. */
    public Options positions(double... positions) {
      this.positions = positions.clone();
      return this;
    }

    /** Also lists the layers of nested models, indented under the model's row. */
    public Options expandNested(boolean expandNested) {
      this.expandNested = expandNested;
      return this;
    }

    /** Adds a "Trainable" column: Y, N, or - for layers without weights. */
    public Options showTrainable(boolean showTrainable) {
      this.showTrainable = showTrainable;
      return this;
    }

    /**
     * Prints only the layers from the first whose name matches {@code first} to the last whose name matches
     * {@code last} (regular expressions matched at the start of the name, as Python's {@code re.match}).
     */
    public Options layerRange(String first, String last) {
      this.layerRange = new String[] {first, last};
      return this;
    }
  }

  /** The summary with Keras' optional arguments. */
  public static String summarize(Model model, Options options) {
    boolean sequentialLike;
    List<Layer> layers;
    FunctionalGraph graph = null;
    if (model instanceof Sequential) {
      sequentialLike = true;
      layers = model.layers();
    } else {
      graph = model.graph();
      layers = graph.layers();
      sequentialLike = isSequentialLike(graph);
    }

    double[] positions;
    List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
    StringBuilder alignment = new StringBuilder("llr");
    int defaultLineLength;
    if (sequentialLike) {
      defaultLineLength = 88;
      positions = options.positions != null ? options.positions : new double[] {0.45, 0.80, 1.0};
    } else {
      defaultLineLength = 108;
      positions = options.positions != null ? options.positions : new double[] {0.3, 0.56, 0.74, 1.0};
      header.add("Connected to");
      alignment.append('l');
    }
    if (options.showTrainable) {
      defaultLineLength += 12;
      double[] p = new double[positions.length + 1];
      for (int i = 0; i < positions.length; i++) {
        p[i] = positions[i] * 0.90;
      }
      p[positions.length] = 1.0;
      positions = p;
      header.add("Trainable");
      alignment.append('c');
    }
    if (positions.length != header.size()) {
      throw new IllegalArgumentException("summary: " + header.size() + " column positions needed, got "
          + java.util.Arrays.toString(options.positions));
    }
    defaultLineLength = Math.min(defaultLineLength, DEFAULT_TERMINAL_COLUMNS - 4);
    int length = options.lineLength > 0 ? options.lineLength : defaultLineLength;
    int[] widths = columnWidths(positions, length);

    int[] range = layerIndexRange(layers, options.layerRange);
    List<String[]> rows = new ArrayList<>();
    for (Layer layer : layers.subList(range[0], range[1])) {
      addRows(rows, layer, 0, sequentialLike, graph, options);
    }
    String[] headerCells = header.toArray(new String[0]);
    char[] align = alignment.toString().toCharArray();

    StringBuilder out = new StringBuilder();
    out.append("Model: \"").append(model.name()).append("\"\n");
    renderTable(out, headerCells, align, rows, widths);

    List<Variable> trainable = model.trainableWeights();
    List<Variable> nonTrainable = model.nonTrainableWeights();
    long trainableCount = countParams(trainable);
    long nonTrainableCount = countParams(nonTrainable);
    double trainableBytes = memoryBytes(trainable);
    double nonTrainableBytes = memoryBytes(nonTrainable);
    // Keras counts the optimizer's variables once it is built (training started or a compiled model loaded):
    // float32 slots and learning rate, an int64 step counter.
    java.util.Map<String, Long> optimizer = model.optimizerVariableSizes();
    long optimizerCount = 0;
    double optimizerBytes = 0;
    for (java.util.Map.Entry<String, Long> e : optimizer.entrySet()) {
      optimizerCount += e.getValue();
      optimizerBytes += e.getValue() * (e.getKey().equals("iteration") ? 8.0 : 4.0);
    }
    out.append(" Total params: ").append(thousands(trainableCount + nonTrainableCount + optimizerCount))
        .append(" (").append(readableMemorySize(trainableBytes + nonTrainableBytes + optimizerBytes))
        .append(")\n");
    out.append(" Trainable params: ").append(thousands(trainableCount))
        .append(" (").append(readableMemorySize(trainableBytes)).append(")\n");
    out.append(" Non-trainable params: ").append(thousands(nonTrainableCount))
        .append(" (").append(readableMemorySize(nonTrainableBytes)).append(")\n");
    if (!optimizer.isEmpty()) {
      out.append(" Optimizer params: ").append(thousands(optimizerCount))
          .append(" (").append(readableMemorySize(optimizerBytes)).append(")\n");
    }
    return out.toString();
  }

  /** Keras' {@code print_layer}: the layer's row, then with expand_nested the rows of a nested model's layers. */
  private static void addRows(List<String[]> rows, Layer layer, int nestedLevel, boolean sequentialLike,
      FunctionalGraph graph, Options options) {
    String prefix = nestedLevel > 0 ? "   ".repeat(nestedLevel) + "└ " : "";
    List<String> fields = new ArrayList<>();
    fields.add(prefix + layer.name() + " (" + layer.className() + ")");
    fields.add(formatLayerShape(layer));
    fields.add(layer.isBuilt() ? thousands(layer.countParams()) : "0 (unbuilt)");
    if (!sequentialLike) {
      fields.add(connections(layer, graph));
    }
    if (options.showTrainable) {
      fields.add(layer.weights().isEmpty() ? "-" : layer.trainable() ? "Y" : "N");
    }
    rows.add(fields.toArray(new String[0]));
    if (options.expandNested && layer instanceof Model nested) {
      List<Layer> inner = nested instanceof Sequential || nested.hasGraph() ? nested.layers() : List.of();
      for (Layer l : inner) {
        addRows(rows, l, nestedLevel + 1, sequentialLike, graph, options);
      }
    }
  }

  /** Keras' {@code get_layer_index_bound_by_layer_name}. */
  private static int[] layerIndexRange(List<Layer> layers, String[] range) {
    if (range == null) {
      return new int[] {0, layers.size()};
    }
    List<Integer> lower = new ArrayList<>();
    List<Integer> upper = new ArrayList<>();
    java.util.regex.Pattern first = java.util.regex.Pattern.compile(range[0]);
    java.util.regex.Pattern last = java.util.regex.Pattern.compile(range[1]);
    for (int i = 0; i < layers.size(); i++) {
      if (first.matcher(layers.get(i).name()).lookingAt()) {
        lower.add(i);
      }
      if (last.matcher(layers.get(i).name()).lookingAt()) {
        upper.add(i);
      }
    }
    if (lower.isEmpty() || upper.isEmpty()) {
      throw new IllegalArgumentException(
          "summary: layer_range " + java.util.Arrays.toString(range) + " matches no layer name");
    }
    int minLower = Collections.min(lower);
    int maxUpper = Collections.max(upper);
    if (minLower > maxUpper) {
      return new int[] {Collections.min(upper), Collections.max(lower) + 1};
    }
    return new int[] {minLower, maxUpper + 1};
  }

  /**
   * Keras' rule: a functional graph prints as a chain (no "Connected to" column) when every depth holds one node
   * with at most one input tensor and no layer has two nodes in the graph.
   */
  static boolean isSequentialLike(FunctionalGraph graph) {
    Set<Node> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
    for (List<Node> atDepth : graph.nodesByDepth().values()) {
      if (atDepth.size() > 1 || (atDepth.size() == 1 && atDepth.get(0).inputs().size() > 1)) {
        return false;
      }
      nodes.addAll(atDepth);
    }
    for (Layer layer : graph.layers()) {
      int inModel = 0;
      for (Node node : layer.inboundNodes()) {
        if (nodes.contains(node) && ++inModel > 1) {
          return false;
        }
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- fields

  /** Keras' {@code format_layer_shape}: the shapes of the layer's last node, "?" before the layer is used. */
  static String formatLayerShape(Layer layer) {
    List<Shape> shapes;
    if (!layer.inboundNodes().isEmpty()) {
      List<Node> nodes = layer.inboundNodes();
      shapes = new ArrayList<>();
      for (SymbolicTensor t : nodes.get(nodes.size() - 1).outputs()) {
        shapes.add(t.shape());
      }
    } else if (layer.isBuilt() && !layer.buildInputShapes().isEmpty()) {
      try {
        shapes = layer.computeOutputShapes(layer.buildInputShapes());
      } catch (RuntimeException e) {
        return "?";
      }
    } else {
      return "?";
    }
    if (shapes.size() == 1) {
      return formatShape(shapes.get(0));
    }
    List<String> parts = new ArrayList<>();
    if (layer instanceof Model m && m.hasGraph() && m.outputsByName()) {
      // A model with dict outputs returns a dict; Python prints it without quotes once Keras strips them.
      List<String> names = m.outputNames();
      for (int i = 0; i < shapes.size(); i++) {
        parts.add(names.get(i) + ": " + formatShape(shapes.get(i)));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    for (Shape s : shapes) {
      parts.add(formatShape(s));
    }
    return "[" + String.join(", ", parts) + "]";
  }

  /** Keras' {@code format_shape}: {@code (None, 26, 26, 32)}; a rank-1 shape prints as {@code (None)}. */
  static String formatShape(Shape shape) {
    List<String> dims = new ArrayList<>();
    for (int i = 0; i < shape.numDimensions(); i++) {
      long d = shape.get(i);
      dims.add(d == Shape.UNKNOWN_SIZE ? "None" : Long.toString(d));
    }
    return "(" + String.join(", ", dims) + ")";
  }

  /** Keras' {@code get_connections}: {@code layer[node][tensor]} for each input of the layer's nodes here. */
  private static String connections(Layer layer, FunctionalGraph graph) {
    List<String> parts = new ArrayList<>();
    for (Node node : layer.inboundNodes()) {
      if (!graph.contains(node)) {
        continue;
      }
      for (SymbolicTensor t : node.inputs()) {
        parts.add(t.layer().name() + "[" + t.nodeIndex() + "][" + t.tensorIndex() + "]");
      }
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static long countParams(List<Variable> weights) {
    long n = 0;
    for (Variable v : weights) {
      n += v.size();
    }
    return n;
  }

  /** Keras' {@code weight_memory_size}: bytes of the distinct weights (bool counts one bit). */
  static double memoryBytes(List<Variable> weights) {
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long bits = 0;
    for (Variable v : weights) {
      if (seen.add(v)) {
        bits += v.size() * bitSize(v.dtype());
      }
    }
    return bits / 8.0;
  }

  private static int bitSize(DType dtype) {
    return dtype == DType.BOOL ? 1 : dtype.byteSize() * 8;
  }

  /** Keras' {@code readable_memory_size}: {@code 476.29 KB}, two decimals rounded as Python's format does. */
  public static String readableMemorySize(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    double size = bytes;
    for (String unit : units) {
      if (size / 1024 < 1) {
        return twoDecimals(size) + " " + unit;
      }
      size /= 1024;
    }
    return twoDecimals(size) + " " + units[units.length - 1];
  }

  /** Python's {@code "{:.2f}"}: correctly rounded from the double's exact value, ties to even. */
  private static String twoDecimals(double v) {
    return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String thousands(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  // ---------------------------------------------------------------- the rich table

  /** Keras' column widths from relative positions, then rich's reduction to fit the table width. */
  static int[] columnWidths(double[] positions, int lineLength) {
    int n = positions.length;
    int[] padded = new int[n];
    int current = 0;
    for (int i = 0; i < n; i++) {
      int width = (int) (positions[i] * lineLength) - current;
      if (width < 4) {
        throw new IllegalArgumentException(
            "Insufficient console width to print summary: line length " + lineLength);
      }
      current += width;
      padded[i] = width + 2; // rich adds one space of padding on each side
    }
    int available = lineLength - (n + 1); // the vertical borders
    int total = 0;
    for (int w : padded) {
      total += w;
    }
    if (total > available) {
      // Fixed-width columns cannot wrap, so rich's last resort applies: ratio_reduce with equal ratios.
      int[] ones = new int[n];
      java.util.Arrays.fill(ones, 1);
      padded = ratioReduce(total - available, ones, padded, padded);
    }
    return padded;
  }

  /** rich's {@code ratio_reduce}; Python's {@code round} rounds halves to even, as {@link Math#rint}. */
  private static int[] ratioReduce(int total, int[] ratios, int[] maximums, int[] values) {
    int[] r = new int[ratios.length];
    int totalRatio = 0;
    for (int i = 0; i < r.length; i++) {
      r[i] = maximums[i] != 0 ? ratios[i] : 0;
      totalRatio += r[i];
    }
    if (totalRatio == 0) {
      return values.clone();
    }
    int remaining = total;
    int[] result = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      if (r[i] != 0 && totalRatio > 0) {
        int distributed = (int) Math.min(maximums[i], Math.rint((double) r[i] * remaining / totalRatio));
        result[i] = values[i] - distributed;
        remaining -= distributed;
        totalRatio -= r[i];
      } else {
        result[i] = values[i];
      }
    }
    return result;
  }

  private static void renderTable(StringBuilder out, String[] header, char[] align, List<String[]> rows,
      int[] widths) {
    out.append(rule('┏', '━', '┳', '┓', widths));
    appendRow(out, header, align, widths, '┃');
    out.append(rows.isEmpty() ? rule('└', '─', '┴', '┘', widths) : rule('┡', '━', '╇', '┩', widths));
    for (int i = 0; i < rows.size(); i++) {
      appendRow(out, rows.get(i), align, widths, '│');
      out.append(i == rows.size() - 1 ? rule('└', '─', '┴', '┘', widths) : rule('├', '─', '┼', '┤', widths));
    }
  }

  private static String rule(char left, char fill, char cross, char rightEnd, int[] widths) {
    StringBuilder sb = new StringBuilder().append(left);
    for (int i = 0; i < widths.length; i++) {
      if (i > 0) {
        sb.append(cross);
      }
      sb.append(String.valueOf(fill).repeat(widths[i]));
    }
    return sb.append(rightEnd).append('\n').toString();
  }

  private static void appendRow(StringBuilder out, String[] cells, char[] align, int[] widths, char bar) {
    List<List<String>> wrapped = new ArrayList<>();
    int height = 0;
    for (int i = 0; i < cells.length; i++) {
      List<String> lines = wrap(cells[i], widths[i] - 2, align[i]);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int line = 0; line < height; line++) {
      out.append(bar);
      for (int i = 0; i < cells.length; i++) {
        int w = widths[i] - 2;
        List<String> lines = wrapped.get(i);
        String text = line < lines.size() ? lines.get(line) : " ".repeat(w);
        out.append(' ').append(text).append(' ').append(bar);
      }
      out.append('\n');
    }
  }

  /**
   * rich's {@code Text.wrap} for one paragraph with overflow "ellipsis": breaks between words; a word longer
   * than the width starts its own line and is cut with "…"; each line is justified to exactly {@code width}.
   */
  static List<String> wrap(String text, int width, char justify) {
    List<Integer> breaks = divideLine(text, width);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int b : breaks) {
      lines.add(text.substring(start, b));
      start = b;
    }
    lines.add(text.substring(start));
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      line = rstripEnd(line, width);
      if (justify == 'r') {
        line = truncate(line.stripTrailing(), width);
        out.add(" ".repeat(Math.max(0, width - line.length())) + line);
      } else if (justify == 'c') {
        line = truncate(line.stripTrailing(), width);
        int left = (width - line.length()) / 2;
        out.add(" ".repeat(left) + line + " ".repeat(width - left - line.length()));
      } else {
        line = truncate(line, width);
        out.add(line + " ".repeat(Math.max(0, width - line.length())));
      }
    }
    return out;
  }

  /** rich's {@code divide_line} with {@code fold=False}. */
  private static List<Integer> divideLine(String text, int width) {
    List<Integer> breaks = new ArrayList<>();
    int cellOffset = 0;
    Matcher m = WORD.matcher(text);
    int position = 0;
    while (position < text.length() && m.find(position) && m.start() == position) {
      int start = m.start();
      String word = m.group();
      int wordLength = word.stripTrailing().length();
      int remaining = width - cellOffset;
      if (remaining >= wordLength) {
        cellOffset += word.length();
      } else if (wordLength > width) {
        if (start > 0) {
          breaks.add(start);
        }
        cellOffset = word.length();
      } else if (cellOffset > 0 && start > 0) {
        breaks.add(start);
        cellOffset = word.length();
      }
      position = m.end();
    }
    return breaks;
  }

  /** rich's {@code rstrip_end}: drops trailing whitespace beyond {@code size}. */
  private static String rstripEnd(String line, int size) {
    if (line.length() <= size) {
      return line;
    }
    int excess = line.length() - size;
    int ws = line.length() - line.stripTrailing().length();
    return line.substring(0, line.length() - Math.min(ws, excess));
  }

  /** rich's {@code truncate} with overflow "ellipsis". */
  private static String truncate(String line, int width) {
    if (line.length() > width) {
      return line.substring(0, width - 1) + "…";
    }
    return line;
  }
}
