package io.jkeras;

import io.jkeras.backend.CompileConfig;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.Metrics;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of Keras' {@code model.compile(...)}: an optimizer, losses and metrics, by Keras name or as
 * objects, for one output or per output name.
 *
 * <pre>{@code
 * model.compile(Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy"));
 *
 * model.compile(Compile.optimizer(new Adam(1e-3))
 *     .loss(Map.of("classification_output", "categorical_crossentropy", "regression_output", "mse"))
 *     .metrics(Map.of("classification_output", List.of("accuracy"), "regression_output", List.of("mae"))));
 * }</pre>
 */
public final class Compile {
  private final Object optimizer;
  private Object loss;
  private Object lossWeights;
  private Object metrics;
  private io.jkeras.training.TrainStep trainStep;

  private Compile(Object optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
  }

  /** Starts with an optimizer by Keras name: {@code adam}, {@code sgd}, {@code rmsprop}, ... */
  public static Compile optimizer(String name) {
    Optimizers.get(name); // fail early on an unknown name
    return new Compile(name);
  }

  /** Starts with an optimizer object: {@code new Adam(1e-3)}. */
  public static Compile optimizer(Optimizer optimizer) {
    return new Compile(optimizer);
  }

  /** One loss for every output, by Keras name. */
  public Compile loss(String name) {
    Losses.get(name);
    this.loss = name;
    return this;
  }

  /** One loss object for every output. */
  public Compile loss(Loss loss) {
    this.loss = Objects.requireNonNull(loss, "loss");
    return this;
  }

  /** Losses per output name; values are Keras names or {@link Loss} objects. */
  public Compile loss(Map<String, ?> lossesByOutput) {
    this.loss = new LinkedHashMap<>(lossesByOutput);
    return this;
  }

  /** Losses per output, in output order. */
  public Compile loss(List<?> lossesInOutputOrder) {
    this.loss = new ArrayList<>(lossesInOutputOrder);
    return this;
  }

  /** Weights of the outputs' losses in the total loss, per output name. */
  public Compile lossWeights(Map<String, ? extends Number> weights) {
    this.lossWeights = new LinkedHashMap<>(weights);
    return this;
  }

  /** Weights of the outputs' losses in the total loss, in output order. */
  public Compile lossWeights(double... weights) {
    List<Double> l = new ArrayList<>();
    for (double w : weights) {
      l.add(w);
    }
    this.lossWeights = l;
    return this;
  }

  /** Metrics for every output: Keras names ({@code "accuracy"}, {@code "mae"}) or {@link Metric} objects. */
  public Compile metrics(Object... metrics) {
    List<Object> l = new ArrayList<>();
    for (Object m : metrics) {
      checkMetric(m);
      l.add(m);
    }
    this.metrics = l;
    return this;
  }

  /** Metrics per output name. */
  public Compile metrics(Map<String, ? extends List<?>> metricsByOutput) {
    Map<String, List<?>> m = new LinkedHashMap<>();
    metricsByOutput.forEach((k, v) -> {
      v.forEach(Compile::checkMetric);
      m.put(k, List.copyOf(v));
    });
    this.metrics = m;
    return this;
  }

  private static void checkMetric(Object m) {
    if (m instanceof String s) {
      Metrics.checkName(s);
    } else if (!(m instanceof Metric)) {
      throw new IllegalArgumentException(
          "compile: a metric must be a Keras name or a Metric object, got " + m);
    }
  }

  /**
   * Resolves names against the model: one {@link CompileConfig.OutputConfig} per output, {@code "accuracy"}
   * turned into the accuracy that fits the output's loss and shape. Names in maps that are not outputs of the
   * model are rejected, naming the outputs there are.
   */
  /**
   * A training step of your own, written in ops (Keras' overridden {@code train_step}); the loss is then
   * optional. See {@link io.jkeras.training.TrainStep}.
   *
   * <pre>{@code
   * model.compile(Compile.optimizer("adam").trainStep(step -> { ... return Map.of("loss", total); }));
   * }</pre>
   */
  public Compile trainStep(io.jkeras.training.TrainStep step) {
    this.trainStep = java.util.Objects.requireNonNull(step, "trainStep");
    return this;
  }

  public CompileConfig resolve(Model model) {
    List<String> outputs = model.outputNames();
    Optimizer opt = optimizer instanceof Optimizer o ? o : Optimizers.get((String) optimizer);
    List<Loss> losses = perOutput("loss", loss, outputs, model).stream()
        .map(l -> l == null ? null : l instanceof Loss ll ? ll : Losses.get((String) l))
        .toList();
    List<Object> weights = perOutput("loss_weights", lossWeights, outputs, model);
    List<Object> metricLists = perOutputMetrics(outputs, model);
    if (losses.stream().allMatch(Objects::isNull) && trainStep == null) {
      throw new IllegalArgumentException(
          "compile: model '" + model.name() + "' needs a loss for at least one of its outputs " + outputs);
    }
    List<CompileConfig.OutputConfig> configs = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Loss l = losses.get(i);
      double w = weights.get(i) == null ? 1.0 : ((Number) weights.get(i)).doubleValue();
      List<Metric> ms = new ArrayList<>();
      Object ml = metricLists.get(i);
      if (ml != null) {
        for (Object m : (List<?>) ml) {
          ms.add(m instanceof Metric mm ? mm
              : Metrics.get((String) m, l, model.outputs().get(i).shape()));
        }
      }
      configs.add(new CompileConfig.OutputConfig(outputs.get(i), l, w, ms));
    }
    return new CompileConfig(opt, configs, trainStep);
  }

  private List<Object> perOutputMetrics(List<String> outputs, Model model) {
    List<Object> out = new ArrayList<>();
    if (metrics == null) {
      outputs.forEach(o -> out.add(null));
      return out;
    }
    if (metrics instanceof Map<?, ?> m) {
      checkKeys("metrics", m, outputs, model);
      for (String o : outputs) {
        out.add(m.get(o));
      }
      return out;
    }
    // A flat list applies to every output, as in Keras.
    for (int i = 0; i < outputs.size(); i++) {
      out.add(metrics);
    }
    return out;
  }

  private static List<Object> perOutput(String arg, Object value, List<String> outputs, Model model) {
    List<Object> out = new ArrayList<>();
    if (value == null) {
      outputs.forEach(o -> out.add(null));
    } else if (value instanceof Map<?, ?> m) {
      checkKeys(arg, m, outputs, model);
      for (String o : outputs) {
        out.add(m.get(o));
      }
    } else if (value instanceof List<?> l) {
      if (l.size() != outputs.size()) {
        throw new IllegalArgumentException("compile: '" + arg + "' has " + l.size()
            + " entries but model '" + model.name() + "' has " + outputs.size() + " outputs " + outputs);
      }
      out.addAll(l);
    } else {
      outputs.forEach(o -> out.add(value));
    }
    return out;
  }

  private static void checkKeys(String arg, Map<?, ?> m, List<String> outputs, Model model) {
    for (Object k : m.keySet()) {
      if (!outputs.contains(k)) {
        throw new IllegalArgumentException("compile: '" + arg + "' names output '" + k
            + "', but model '" + model.name() + "' has outputs " + outputs);
      }
    }
  }
}
