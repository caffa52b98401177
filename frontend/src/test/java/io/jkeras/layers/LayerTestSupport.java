package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.saving.KerasSerializable;
import io.jkeras.util.Shapes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.function.Executable;

/**
 * Checks shared by the layer tests: config round trips, model JSON round trips, summary rows, errors, shapes.
 */
final class LayerTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayerTestSupport() {}

  static String shape(SymbolicTensor t) {
    return Shapes.format(t.shape());
  }

  /** Nested serializables as Keras writes them: {class_name, config}. */
  static Object serialize(Object v) {
    if (v instanceof KerasSerializable k) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("class_name", k.className());
      m.put("config", serialize(k.getConfig()));
      return m;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((key, value) -> m.put((String) key, serialize(value)));
      return m;
    }
    return v;
  }

  /** getConfig → registry → getConfig is the same (class and config), directly and through JSON text. */
  static void assertConfigRoundTrips(Layer layer) {
    Map<String, Object> config = layer.getConfig();
    Layer back = LayerRegistry.fromConfig(layer.className(), config);
    assertEquals(layer.getClass(), back.getClass());
    assertEquals(config, back.getConfig(), layer.className());
    try {
      String json = JSON.writeValueAsString(serialize(config));
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = JSON.readValue(json, Map.class);
      Layer fromJson = LayerRegistry.fromConfig(layer.className(), parsed);
      JsonNode again = JSON.readTree(JSON.writeValueAsString(serialize(fromJson.getConfig())));
      assertEquals(JSON.readTree(json), again, layer.className() + " through JSON");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** {@link #assertConfigRoundTrips(Layer)} for each layer. */
  static void assertConfigRoundTrips(List<Layer> layers) {
    layers.forEach(LayerTestSupport::assertConfigRoundTrips);
  }

  /** Model JSON → model: same JSON, parameter count and summary; returns the copy. */
  static Model assertModelJsonRoundTrips(Model model) {
    String json = model.toJson();
    Model copy = Model.fromJson(json);
    assertEquals(json, copy.toJson());
    assertEquals(model.countParams(), copy.countParams());
    assertEquals(model.summaryString(), copy.summaryString());
    return copy;
  }

  /**
   * The summary has a row {@code name (Class) │ shape │ params} (params with thousands separators); a long
   * {@code (Class)} wraps onto the next line, as Keras' table does.
   */
  static void assertSummaryRow(String summary, String name, String className, String shape, String params) {
    String cells = " +│ " + Pattern.quote(shape) + " +│ +" + Pattern.quote(params) + " │";
    Pattern row = Pattern.compile("│ " + Pattern.quote(name + " (" + className + ")") + cells + "|│ "
        + Pattern.quote(name) + cells + "\\n│ " + Pattern.quote("(" + className + ")") + " +│ +│ +│");
    assertTrue(row.matcher(summary).find(), "no row for " + name + " " + shape + " " + params + " in\n" + summary);
  }

  /** The summary line of the layer {@code name}, which must read {@code name (Class)}, the shape and params. */
  static void assertSummaryRow(Model model, Layer layer, String shape, String params) {
    String label = layer.name() + " (" + layer.className() + ")";
    // Wide enough that no cell wraps onto a second line.
    String summary = model.summaryString(200);
    List<String> rows = summary.lines().filter(l -> l.contains(label)).toList();
    assertEquals(1, rows.size(), () -> label + " in\n" + summary);
    String[] cells = rows.get(0).split("│");
    assertEquals(label, cells[1].strip(), rows.get(0));
    assertEquals(shape, cells[2].strip(), rows.get(0));
    assertEquals(params, cells[3].strip(), rows.get(0));
    assertTrue(rows.get(0).startsWith("│"), rows.get(0));
  }

  /** An {@link IllegalArgumentException} whose message holds every fragment. */
  static void assertError(Executable e, String... fragments) {
    String message = assertThrows(IllegalArgumentException.class, e).getMessage();
    for (String f : fragments) {
      assertTrue(message.contains(f), "'" + f + "' not in: " + message);
    }
  }
}
