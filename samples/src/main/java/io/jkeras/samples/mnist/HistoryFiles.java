package io.jkeras.samples.mnist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Files made from a training History: the per-epoch values as CSV (the layout of Keras' {@code CSVLogger}) and
 * a PNG chart with one panel per metric, training and validation curves together.
 *
 * <pre>{@code
 * HistoryFiles.writeCsv(history, Path.of("target/mnist/history.csv"));
 * HistoryFiles.writeChart(history, Path.of("target/mnist/history.png"));
 * }</pre>
 */
public final class HistoryFiles {
  private HistoryFiles() {}

  /**
   * Writes {@code epoch,<metrics in sorted order>} and one row per epoch, epochs counted from 0, as Keras'
   * {@code CSVLogger} does.
   */
  public static Path writeCsv(Map<String, List<Double>> history, Path file) throws IOException {
    int epochs = epochs(history);
    List<String> keys = new ArrayList<>(new TreeSet<>(history.keySet()));
    StringBuilder csv = new StringBuilder("epoch");
    for (String k : keys) {
      csv.append(',').append(k);
    }
    csv.append('\n');
    for (int e = 0; e < epochs; e++) {
      csv.append(e);
      for (String k : keys) {
        csv.append(',').append(history.get(k).get(e));
      }
      csv.append('\n');
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Writes a PNG with one panel per metric ({@code loss}, {@code accuracy}, ...), each showing the training
   * values and, when present, the {@code val_} ones, against epochs 1..E.
   */
  public static Path writeChart(Map<String, List<Double>> history, Path file) throws IOException {
    String name = file.getFileName().toString();
    if (!name.endsWith(".png")) {
      throw new IllegalArgumentException("chart file must end in .png, got '" + file + "'");
    }
    int epochs = epochs(history);
    double[] x = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      x[e] = e + 1;
    }
    List<XYChart> panels = new ArrayList<>();
    List<String> metrics = new ArrayList<>(history.keySet());
    if (metrics.remove("loss")) {
      metrics.add(0, "loss"); // loss first, then the metrics
    }
    for (String metric : metrics) {
      if (metric.startsWith("val_")) {
        continue;
      }
      XYChart chart = new XYChartBuilder().width(520).height(400).title(metric + " per epoch")
          .xAxisTitle("epoch").yAxisTitle(metric).build();
      chart.getStyler().setXAxisDecimalPattern("0").setXAxisTickMarkSpacingHint(60)
          .setYAxisDecimalPattern("0.0###").setLegendPosition(LegendPosition.OutsideS)
          .setLegendLayout(LegendLayout.Horizontal);
      addSeries(chart, "training", x, history.get(metric));
      List<Double> val = history.get("val_" + metric);
      if (val != null) {
        addSeries(chart, "validation", x, val);
      }
      panels.add(chart);
    }
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("history has no training metrics to chart: " + history.keySet());
    }
    System.setProperty("java.awt.headless", "true"); // servers and CI have no display
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // XChart adds ".png" itself to a name without it, so give the name without the extension.
    String base = file.toString().substring(0, file.toString().length() - ".png".length());
    BitmapEncoder.saveBitmap(panels, 1, panels.size(), base, BitmapFormat.PNG);
    return file;
  }

  private static void addSeries(XYChart chart, String label, double[] x, List<Double> values) {
    double[] y = values.stream().mapToDouble(Double::doubleValue).toArray();
    XYSeries s = chart.addSeries(label, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
  }

  private static int epochs(Map<String, List<Double>> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("history is empty: no metrics recorded");
    }
    int epochs = -1;
    for (Map.Entry<String, List<Double>> e : history.entrySet()) {
      if (epochs >= 0 && e.getValue().size() != epochs) {
        throw new IllegalArgumentException("history: '" + e.getKey() + "' has " + e.getValue().size()
            + " values, other metrics " + epochs);
      }
      epochs = e.getValue().size();
    }
    return epochs;
  }
}
