package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.Model;
import io.jkeras.saving.KerasSerializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks every layer family's tests share: config and model JSON round trips, summary rows. */
final class LayerChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LayerChecks() {}

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

  /** The config survives the registry directly and through JSON text, giving the same class and config. */
  static void assertConfigRoundTrips(Layer layer) {
    Map<String, Object> config = layer.getConfig();
    Layer back = LayerRegistry.fromConfig(layer.className(), config);
    assertEquals(layer.getClass(), back.getClass());
    assertEquals(config, back.getConfig(), layer.className());
    try {
      String json = JSON.writeValueAsString(serialize(config));
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = JSON.readValue(json, Map.class);
      Layer again = LayerRegistry.fromConfig(layer.className(), parsed);
      JsonNode text = JSON.readTree(JSON.writeValueAsString(serialize(again.getConfig())));
      assertEquals(JSON.readTree(json), text, layer.className());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The model's JSON rebuilds a model with the same layers, shapes, parameters, summary and JSON. */
  static Model assertModelRoundTrips(Model model) {
    String json = model.toJson();
    Model copy = Model.fromJson(json);
    assertEquals(model.countParams(), copy.countParams());
    assertEquals(model.summaryString(), copy.summaryString());
    assertEquals(json, copy.toJson());
    return copy;
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
}
