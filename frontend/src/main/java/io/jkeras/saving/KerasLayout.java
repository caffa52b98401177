package io.jkeras.saving;

import io.jkeras.Model;
import io.jkeras.Variable;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MultiHeadAttention;
import io.jkeras.layers.RNN;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.optimizers.Adadelta;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import io.jkeras.util.Naming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where Keras 3 keeps each weight and optimizer variable in {@code model.weights.h5}, as {@code
 * keras.src.saving.saving_lib} walks a model (checked against files Keras 3.15.1 writes, docs/SAVING.md):
 *
 * <ul>
 *   <li>a model's layers under {@code layers/<key>}, the key being the snake_case class name numbered per class
 *       in layer order ({@code dense}, {@code dense_1}, {@code lstm}); a nested model adds its own {@code
 *       layers/} level ({@code layers/functional/layers/dense});
 *   <li>a layer's own variables (trainable first, then non-trainable) as datasets {@code 0, 1, ...} of {@code
 *       <path>/vars}; sub-layers under the attribute that holds them in Keras: an RNN's cell ({@code
 *       layers/lstm/cell/vars}), Bidirectional's {@code forward_layer}/{@code backward_layer}, TimeDistributed's
 *       {@code layer}, MultiHeadAttention's {@code query_dense}, {@code key_dense}, {@code value_dense} and
 *       {@code output_dense};
 *   <li>the optimizer's variables as {@code optimizer/vars/0, 1, ...}: {@code iteration} (int64), {@code
 *       learning_rate} (unless a schedule drives it), then the slot variables in the order each Keras optimizer's
 *       {@code build} creates them ({@link #optimizerSlots}).
 * </ul>
 */
final class KerasLayout {
  private KerasLayout() {}

  /**
   * One layer's group: its store path (without {@code /vars}), the name Keras writes as the group's {@code
   * name} attribute, and the variables saved there in order (often none).
   */
  record Entry(String path, String name, List<Variable> variables) {}

  /** Every group Keras writes for {@code model}'s layers, in Keras' walk order (weightless layers included). */
  static List<Entry> entries(Model model) {
    List<Entry> out = new ArrayList<>();
    walkModel(model, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  /** The groups that hold variables: store path → variables. */
  static Map<String, List<Variable>> weightGroups(Model model) {
    Map<String, List<Variable>> out = new LinkedHashMap<>();
    for (Entry e : entries(model)) {
      if (!e.variables().isEmpty()) {
        out.put(e.path(), e.variables());
      }
    }
    return out;
  }

  private static void walkModel(Model model, String prefix, List<Entry> out, Set<Layer> seen) {
    Map<String, Integer> used = new HashMap<>();
    for (Layer layer : model.layers()) {
      addLayer(layer, prefix + "layers/" + uniqueKey(layer, used), out, seen);
    }
  }

  /** Keras' {@code _get_unique_name}: {@code dense}, then {@code dense_1}, {@code dense_2}, ... per class. */
  private static String uniqueKey(Layer layer, Map<String, Integer> used) {
    String base = Naming.toSnakeCase(layer.className());
    Integer n = used.get(base);
    if (n == null) {
      used.put(base, 0);
      return base;
    }
    used.put(base, n + 1);
    return base + "_" + (n + 1);
  }

  private static void addLayer(Layer layer, String path, List<Entry> out, Set<Layer> seen) {
    if (!seen.add(layer)) {
      return; // Keras saves a layer once, where its walk first meets it
    }
    if (layer instanceof Model inner) {
      out.add(new Entry(path, layer.name(), List.of()));
      walkModel(inner, path + "/", out, seen);
    } else if (layer instanceof Bidirectional b) {
      out.add(new Entry(path, layer.name(), List.of()));
      // Keras walks attributes sorted by name: backward_layer before forward_layer.
      addLayer(b.backwardLayer(), path + "/backward_layer", out, seen);
      addLayer(b.forwardLayer(), path + "/forward_layer", out, seen);
    } else if (layer instanceof TimeDistributed t) {
      out.add(new Entry(path, layer.name(), List.of()));
      addLayer(t.layer(), path + "/layer", out, seen);
    } else if (layer instanceof RNN<?> rnn) {
      out.add(new Entry(path, layer.name(), List.of()));
      out.add(new Entry(path + "/cell", Naming.toSnakeCase(rnn.className()) + "_cell", rnn.weights()));
    } else if (layer instanceof MultiHeadAttention) {
      out.add(new Entry(path, layer.name(), List.of()));
      // jkeras names these weights as Keras' sublayers do: query/kernel, query/bias, ..., attention_output/bias.
      Map<String, List<Variable>> bySub = new LinkedHashMap<>();
      for (Variable v : layer.weights()) {
        String sub = v.name().contains("/") ? v.name().substring(0, v.name().indexOf('/')) : "";
        bySub.computeIfAbsent(sub, k -> new ArrayList<>()).add(v);
      }
      bySub.forEach((sub, vars) -> out.add(new Entry(path + "/" + attentionAttribute(sub), sub, vars)));
    } else {
      out.add(new Entry(path, layer.name(), layer.weights()));
    }
  }

  /** The attribute of Keras' MultiHeadAttention holding the sublayer named {@code sub}. */
  private static String attentionAttribute(String sub) {
    return switch (sub) {
      case "query" -> "query_dense";
      case "key" -> "key_dense";
      case "value" -> "value_dense";
      case "attention_output" -> "output_dense";
      default -> throw new IllegalStateException("MultiHeadAttention weight group '" + sub + "' has no Keras"
          + " attribute");
    };
  }

  /**
   * The weights of one layer in the legacy (Keras 2 / {@code legacy_h5_format}) order: trainable, then
   * non-trainable ({@code _legacy_weights}).
   */
  static List<Variable> legacyWeights(Layer layer) {
    List<Variable> out = new ArrayList<>(layer.trainableWeights());
    out.addAll(layer.nonTrainableWeights());
    return out;
  }

  // ---------------------------------------------------------------- optimizer variables

  /**
   * One optimizer slot variable in Keras' order: the weight it belongs to ({@code null} for a variable of the
   * optimizer itself, Nadam's {@code u_product}), its kind ({@code momentum}, ...) and the name jkeras' runtime
   * gives it ({@code adam/dense_kernel_momentum}).
   */
  record Slot(Variable weight, String kind, String runtimeName) {}

  /**
   * The slot variables Keras' optimizer {@code build(trainable_variables)} creates, in order: each call to
   * {@code add_optimizer_variables} interleaves its kinds per variable ({@code [m0, v0, m1, v1]}), calls follow
   * one another ({@code RMSprop}: all velocities, then all momentums, then all average gradients).
   *
   * @throws UnsupportedOperationException for an optimizer class whose Keras layout is not known here
   */
  static List<Slot> optimizerSlots(Optimizer optimizer, List<Variable> trainable) {
    List<List<String>> calls = new ArrayList<>();
    boolean uProduct = false;
    if (optimizer instanceof Adam adam) { // and AdamW
      calls.add(List.of("momentum", "velocity"));
      if (adam.amsgrad()) {
        calls.add(List.of("velocity_hat"));
      }
    } else if (optimizer instanceof SGD sgd) {
      if (sgd.momentum() != 0) {
        calls.add(List.of("momentum"));
      }
    } else if (optimizer instanceof RMSprop rms) {
      calls.add(List.of("velocity"));
      if (rms.momentum() > 0) {
        calls.add(List.of("momentum"));
      }
      if (rms.centered()) {
        calls.add(List.of("average_gradient"));
      }
    } else if (optimizer instanceof Adagrad) {
      calls.add(List.of("accumulator"));
    } else if (optimizer instanceof Adadelta) {
      calls.add(List.of("accumulated_grad", "accumulated_delta_var"));
    } else if (optimizer instanceof Nadam) {
      calls.add(List.of("momentum", "velocity"));
      uProduct = true;
    } else {
      throw new UnsupportedOperationException("the Keras layout of " + optimizer.className() + "'s variables is"
          + " not known");
    }
    String prefix = optimizer.kerasName().toLowerCase(Locale.ROOT) + "/";
    List<Slot> out = new ArrayList<>();
    for (List<String> kinds : calls) {
      for (Variable w : trainable) {
        for (String kind : kinds) {
          out.add(new Slot(w, kind, prefix + w.path().replace('/', '_') + "_" + kind));
        }
      }
    }
    if (uProduct) {
      out.add(new Slot(null, "u_product", prefix + "u_product"));
    }
    return out;
  }
}
