package io.jkeras.metrics;

import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.util.Naming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.tensorflow.ndarray.Shape;

/**
 * Metrics by the names Keras accepts in {@code compile(metrics=...)}: class names ({@code "AUC"}), their
 * snake_case forms ({@code "auc"}, {@code "root_mean_squared_error"}), the aliases {@code mse}/{@code MSE}/{@code
 * mae}/{@code MAE}, and {@code "accuracy"}/{@code "acc"} (any case), which {@link #get} resolves as Keras 3's
 * {@code compile_utils.get_metric} does. A metric given by name is named by that string in logs, as in Keras.
 *
 * <pre>{@code
 * Metric m = Metrics.get("accuracy", Losses.get("sparse_categorical_crossentropy"), Shape.of(-1, 10));
 * m.name();   // "accuracy" (a SparseCategoricalAccuracy)
 * }</pre>
 */
public final class Metrics {
  private static final Map<String, Supplier<BaseMetric>> BY_NAME = new LinkedHashMap<>();

  static {
    List<Supplier<BaseMetric>> all = List.of(
        BinaryAccuracy::new, CategoricalAccuracy::new, SparseCategoricalAccuracy::new,
        TopKCategoricalAccuracy::new, SparseTopKCategoricalAccuracy::new, MeanAbsoluteError::new,
        MeanSquaredError::new, RootMeanSquaredError::new, Precision::new, Recall::new, AUC::new,
        SparseCategoricalCrossentropy::new, CategoricalCrossentropy::new, BinaryCrossentropy::new,
        KLDivergence::new, MeanAbsolutePercentageError::new, MeanSquaredLogarithmicError::new, Hinge::new,
        SquaredHinge::new, CategoricalHinge::new, Poisson::new, LogCoshError::new);
    for (Supplier<BaseMetric> s : all) {
      String cls = s.get().className();
      BY_NAME.put(cls, s);
      BY_NAME.put(Naming.toSnakeCase(cls), s);
    }
    BY_NAME.put("mse", MeanSquaredError::new);
    BY_NAME.put("MSE", MeanSquaredError::new);
    BY_NAME.put("mae", MeanAbsoluteError::new);
    BY_NAME.put("MAE", MeanAbsoluteError::new);
    BY_NAME.put("mape", MeanAbsolutePercentageError::new);
    BY_NAME.put("MAPE", MeanAbsolutePercentageError::new);
    BY_NAME.put("msle", MeanSquaredLogarithmicError::new);
    BY_NAME.put("MSLE", MeanSquaredLogarithmicError::new);
    BY_NAME.put("bce", BinaryCrossentropy::new);
    BY_NAME.put("BCE", BinaryCrossentropy::new);
  }

  private static final Map<String, Supplier<? extends Metric>> REGISTERED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Metrics() {}

  /**
   * Makes a metric class of your own ({@link StatefulMetric}) known by its class name, so that a loaded model's
   * compile config finds it (Keras' {@code register_keras_serializable} for a {@code Metric} subclass).
   *
   * <pre>{@code
   * Metrics.register("BinaryTruePositives", BinaryTruePositives::new);   // before Model.load
   * }</pre>
   */
  public static void register(String className, Supplier<? extends Metric> factory) {
    REGISTERED.put(java.util.Objects.requireNonNull(className, "className"),
        java.util.Objects.requireNonNull(factory, "factory"));
  }

  /** Every name {@link #get} accepts besides the accuracy spellings, sorted. */
  public static List<String> names() {
    TreeSet<String> s = new TreeSet<>(BY_NAME.keySet());
    s.add("accuracy");
    s.add("acc");
    return List.copyOf(s);
  }

  private static boolean isAccuracy(String name) {
    String l = name.toLowerCase(Locale.ROOT);
    return l.equals("accuracy") || l.equals("acc");
  }

  /** Throws an {@link IllegalArgumentException} listing the known names if {@code name} is no metric Keras knows. */
  public static void checkName(String name) {
    if (name == null || !(isAccuracy(name) || BY_NAME.containsKey(name))) {
      throw new IllegalArgumentException("Unknown metric '" + name + "'; known: " + names());
    }
  }

  /**
   * The metric for a Keras name on an output with this loss and shape, named {@code name}. {@code "accuracy"}
   * and {@code "acc"} become {@link BinaryAccuracy} when the output's last dimension is 1 or the loss is binary
   * cross-entropy, {@link SparseCategoricalAccuracy} when the loss takes integer labels (sparse), else {@link
   * CategoricalAccuracy} (Keras decides from the label's shape, which these stand for at compile time).
   *
   * @param loss the output's loss, or {@code null}
   * @param outputShape the output's shape (batch dimension included), or {@code null} if unknown
   */
  public static Metric get(String name, Loss loss, Shape outputShape) {
    checkName(name);
    BaseMetric m;
    if (isAccuracy(name)) {
      boolean lastDimOne = outputShape != null && outputShape.numDimensions() > 0
          && outputShape.get(outputShape.numDimensions() - 1) == 1;
      if (lastDimOne || loss instanceof io.jkeras.losses.BinaryCrossentropy) {
        m = new BinaryAccuracy();
      } else if (loss != null && Losses.isSparse(loss)) {
        m = new SparseCategoricalAccuracy();
      } else {
        m = new CategoricalAccuracy();
      }
    } else {
      m = BY_NAME.get(name).get();
    }
    return m.name(name);
  }

  /** The metric for a Keras name, independent of any output ({@code "accuracy"} is {@link Accuracy} here). */
  public static Metric get(String name) {
    checkName(name);
    BaseMetric m = isAccuracy(name) ? new Accuracy() : BY_NAME.get(name).get();
    return m.name(name);
  }

  /**
   * Rebuilds a metric from Keras' serialized form: a name, or {@code {"class_name": ..., "config": {...}}} with
   * the config keys this library writes ({@code name}, {@code threshold}, {@code thresholds}, {@code k}, {@code
   * num_thresholds}, {@code curve}, {@code summation_method}, {@code from_logits}, {@code label_smoothing}).
   */
  public static Metric fromConfig(Object serialized) {
    if (serialized instanceof String s) {
      return get(s);
    }
    if (serialized instanceof Map<?, ?> r && r.get("class_name") instanceof String rn && REGISTERED.containsKey(rn)) {
      return REGISTERED.get(rn).get();
    }
    if (!(serialized instanceof Map<?, ?> m) || !(m.get("class_name") instanceof String cn)
        || !BY_NAME.containsKey(cn) && !"Accuracy".equals(cn)) {
      throw new IllegalArgumentException("Cannot read a metric from " + serialized + "; known classes: "
          + BY_NAME.keySet().stream().filter(k -> Character.isUpperCase(k.charAt(0))).sorted().toList()
          + (REGISTERED.isEmpty() ? "" : " and registered " + new TreeSet<>(REGISTERED.keySet()))
          + "; register a metric class of your own with Metrics.register(className, factory) before loading");
    }
    BaseMetric metric = "Accuracy".equals(cn) ? new Accuracy() : BY_NAME.get(cn).get();
    Map<?, ?> c = m.get("config") instanceof Map<?, ?> cm ? cm : Map.of();
    if (c.get("name") instanceof String n) {
      metric.name(n);
    }
    boolean fromLogits = Boolean.TRUE.equals(c.get("from_logits"));
    if (metric instanceof BinaryAccuracy b && c.get("threshold") instanceof Number t) {
      b.threshold(t.doubleValue());
    } else if (metric instanceof Precision p && c.get("thresholds") instanceof Number t) {
      p.thresholds(t.doubleValue());
    } else if (metric instanceof Recall r && c.get("thresholds") instanceof Number t) {
      r.thresholds(t.doubleValue());
    } else if (metric instanceof TopKCategoricalAccuracy k && c.get("k") instanceof Number n) {
      k.k(n.intValue());
    } else if (metric instanceof SparseTopKCategoricalAccuracy k && c.get("k") instanceof Number n) {
      k.k(n.intValue());
    } else if (metric instanceof AUC a) {
      if (c.get("num_thresholds") instanceof Number n) {
        a.numThresholds(n.intValue());
      }
      if (c.get("curve") instanceof String curve) {
        a.curve(curve);
      }
      if (c.get("summation_method") instanceof String sm) {
        a.summationMethod(sm);
      }
      a.fromLogits(fromLogits);
    } else if (metric instanceof SparseCategoricalCrossentropy x) {
      x.fromLogits(fromLogits);
    } else if (metric instanceof CategoricalCrossentropy x) {
      x.fromLogits(fromLogits);
      if (c.get("label_smoothing") instanceof Number ls) {
        x.labelSmoothing(ls.doubleValue());
      }
    } else if (metric instanceof BinaryCrossentropy x) {
      x.fromLogits(fromLogits);
      if (c.get("label_smoothing") instanceof Number ls) {
        x.labelSmoothing(ls.doubleValue());
      }
    }
    return metric;
  }
}
