package io.jkeras.losses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Losses by the names Keras' {@code keras.losses.get} accepts: class names ({@code "Huber"}), function names
 * ({@code "mean_squared_error"}) and aliases ({@code "mse"}, {@code "MAE"}, {@code "kld"}, {@code "bce"}). As in
 * Keras' {@code compile}, a loss given by function name or alias is named by that string in logs, one given by
 * class name keeps its class' default name.
 *
 * <pre>{@code
 * Loss l = Losses.get("sparse_categorical_crossentropy");
 * }</pre>
 */
public final class Losses {
  private static final Map<String, Supplier<BaseLoss>> CLASSES = new LinkedHashMap<>();
  private static final Map<String, Supplier<BaseLoss>> FUNCTIONS = new LinkedHashMap<>();

  static {
    CLASSES.put("SparseCategoricalCrossentropy", SparseCategoricalCrossentropy::new);
    CLASSES.put("CategoricalCrossentropy", CategoricalCrossentropy::new);
    CLASSES.put("BinaryCrossentropy", BinaryCrossentropy::new);
    CLASSES.put("MeanSquaredError", MeanSquaredError::new);
    CLASSES.put("MeanAbsoluteError", MeanAbsoluteError::new);
    CLASSES.put("Huber", Huber::new);
    CLASSES.put("KLDivergence", KLDivergence::new);
    CLASSES.put("Hinge", Hinge::new);
    CLASSES.put("LogCosh", LogCosh::new);
    CLASSES.put("MeanAbsolutePercentageError", MeanAbsolutePercentageError::new);
    CLASSES.put("MeanSquaredLogarithmicError", MeanSquaredLogarithmicError::new);
    CLASSES.put("SquaredHinge", SquaredHinge::new);
    CLASSES.put("CategoricalHinge", CategoricalHinge::new);
    CLASSES.put("Poisson", Poisson::new);
    CLASSES.put("CosineSimilarity", CosineSimilarity::new);
    FUNCTIONS.put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::new);
    FUNCTIONS.put("categorical_crossentropy", CategoricalCrossentropy::new);
    FUNCTIONS.put("binary_crossentropy", BinaryCrossentropy::new);
    FUNCTIONS.put("bce", BinaryCrossentropy::new);
    FUNCTIONS.put("BCE", BinaryCrossentropy::new);
    FUNCTIONS.put("mean_squared_error", MeanSquaredError::new);
    FUNCTIONS.put("mse", MeanSquaredError::new);
    FUNCTIONS.put("MSE", MeanSquaredError::new);
    FUNCTIONS.put("mean_absolute_error", MeanAbsoluteError::new);
    FUNCTIONS.put("mae", MeanAbsoluteError::new);
    FUNCTIONS.put("MAE", MeanAbsoluteError::new);
    FUNCTIONS.put("huber", Huber::new);
    FUNCTIONS.put("kl_divergence", KLDivergence::new);
    FUNCTIONS.put("kld", KLDivergence::new);
    FUNCTIONS.put("KLD", KLDivergence::new);
    FUNCTIONS.put("hinge", Hinge::new);
    FUNCTIONS.put("log_cosh", LogCosh::new);
    FUNCTIONS.put("mean_absolute_percentage_error", MeanAbsolutePercentageError::new);
    FUNCTIONS.put("mape", MeanAbsolutePercentageError::new);
    FUNCTIONS.put("MAPE", MeanAbsolutePercentageError::new);
    FUNCTIONS.put("mean_squared_logarithmic_error", MeanSquaredLogarithmicError::new);
    FUNCTIONS.put("msle", MeanSquaredLogarithmicError::new);
    FUNCTIONS.put("MSLE", MeanSquaredLogarithmicError::new);
    FUNCTIONS.put("squared_hinge", SquaredHinge::new);
    FUNCTIONS.put("categorical_hinge", CategoricalHinge::new);
    FUNCTIONS.put("poisson", Poisson::new);
    FUNCTIONS.put("cosine_similarity", CosineSimilarity::new);
  }

  private static final Map<String, Loss> REGISTERED = new java.util.concurrent.ConcurrentHashMap<>();

  private Losses() {}

  /**
   * Makes a loss of your own known by its name, so that {@link #get} and a loaded model's compile config find
   * it (Keras' {@code register_keras_serializable} for a loss function).
   *
   * <pre>{@code
   * Losses.register(Loss.of("my_mse", (t, p) -> Ops.mean(Ops.square(Ops.subtract(t, p)), -1)));
   * }</pre>
   */
  public static void register(Loss loss) {
    REGISTERED.put(loss.name(), loss);
  }

  /** Every name {@link #get} accepts, sorted. */
  public static List<String> names() {
    TreeSet<String> s = new TreeSet<>(CLASSES.keySet());
    s.addAll(FUNCTIONS.keySet());
    return List.copyOf(s);
  }

  /** A new loss with Keras' defaults for a Keras name; the error lists the known names. */
  public static Loss get(String name) {
    Loss registered = name == null ? null : REGISTERED.get(name);
    if (registered != null) {
      return registered;
    }
    Supplier<BaseLoss> f = name == null ? null : FUNCTIONS.get(name);
    if (f != null) {
      return f.get().name(name);
    }
    Supplier<BaseLoss> c = name == null ? null : CLASSES.get(name);
    if (c != null) {
      return c.get();
    }
    throw new IllegalArgumentException("Unknown loss '" + name + "'; known: " + names()
        + (REGISTERED.isEmpty() ? "" : " and registered " + new TreeSet<>(REGISTERED.keySet())));
  }

  /**
   * Whether the loss compares integer class labels with class scores (Keras' sparse losses): {@code
   * sparse_categorical_crossentropy}, and a loss written in ops ({@link Loss#of}) whose name starts with {@code
   * sparse}, which gets the class ids (as float32) instead of targets of the output's shape.
   */
  public static boolean isSparse(Loss loss) {
    return loss instanceof SparseCategoricalCrossentropy
        || loss instanceof FunctionLoss && loss.name().startsWith("sparse");
  }

  /** Rebuilds a loss from Keras' serialized form: a name or {@code {"class_name": ..., "config": {...}}}. */
  public static Loss fromConfig(Object serialized) {
    if (serialized instanceof String s) {
      return get(s);
    }
    if (!(serialized instanceof Map<?, ?> m) || !(m.get("class_name") instanceof String cn)) {
      throw new IllegalArgumentException("Cannot read a loss from " + serialized);
    }
    if (cn.equals("function")) {
      Object n = m.get("config") instanceof Map<?, ?> cm ? cm.get("name") : m.get("config");
      if (n instanceof String fn && REGISTERED.containsKey(fn)) {
        return REGISTERED.get(fn);
      }
      throw new IllegalArgumentException("Unknown custom loss '" + n + "'; register it with Losses.register(Loss.of(\""
          + n + "\", fn)) before loading");
    }
    Supplier<BaseLoss> s = CLASSES.get(cn);
    if (s == null) {
      throw new IllegalArgumentException("Unknown loss class '" + cn + "'; known: " + CLASSES.keySet());
    }
    BaseLoss l = s.get();
    Map<?, ?> c = m.get("config") instanceof Map<?, ?> cm ? cm : Map.of();
    if (c.get("name") instanceof String n) {
      l.name(n);
    }
    boolean fromLogits = Boolean.TRUE.equals(c.get("from_logits"));
    double smoothing = c.get("label_smoothing") instanceof Number n ? n.doubleValue() : 0.0;
    if (l instanceof SparseCategoricalCrossentropy x) {
      x.fromLogits(fromLogits);
    } else if (l instanceof CategoricalCrossentropy x) {
      x.fromLogits(fromLogits).labelSmoothing(smoothing);
    } else if (l instanceof BinaryCrossentropy x) {
      x.fromLogits(fromLogits).labelSmoothing(smoothing);
    } else if (l instanceof Huber x && c.get("delta") instanceof Number n) {
      x.delta(n.doubleValue());
    }
    return l;
  }

  // ---------------------------------------------------------------- Keras' loss functions, written in ops

  private static final double EPSILON = 1e-7;   // Keras' backend.epsilon()

  /**
   * Keras' {@code keras.losses.binary_crossentropy(y_true, y_pred)} on probabilities: the mean over the last
   * axis of {@code -(y log p + (1 - y) log(1 - p))}, with {@code p} clipped to {@code [ε, 1 - ε]}.
   *
   * <pre>{@code
   * var perPixel = Losses.binaryCrossentropy(images, reconstruction);   // (batch, 28, 28) for (batch, 28, 28, 1)
   * }</pre>
   */
  public static io.jkeras.SymbolicTensor binaryCrossentropy(io.jkeras.ops.TensorLike yTrue,
      io.jkeras.ops.TensorLike yPred) {
    var p = io.jkeras.ops.Ops.clip(yPred, EPSILON, 1 - EPSILON);
    var pos = io.jkeras.ops.Ops.multiply(yTrue, io.jkeras.ops.Ops.log(p));
    var neg = io.jkeras.ops.Ops.multiply(io.jkeras.ops.Ops.subtract(1.0, yTrue),
        io.jkeras.ops.Ops.log(io.jkeras.ops.Ops.subtract(1.0, p)));
    return io.jkeras.ops.Ops.negative(io.jkeras.ops.Ops.mean(io.jkeras.ops.Ops.add(pos, neg), -1));
  }

  /**
   * Keras' {@code categorical_crossentropy(y_true, y_pred)} on probabilities: {@code -Σ y log p} over the last
   * axis, with {@code p} normalized to sum to 1 and clipped to {@code [ε, 1 - ε]}.
   */
  public static io.jkeras.SymbolicTensor categoricalCrossentropy(io.jkeras.ops.TensorLike yTrue,
      io.jkeras.ops.TensorLike yPred) {
    var p = io.jkeras.ops.Ops.divide(yPred, io.jkeras.ops.Ops.sum(yPred, true, -1));
    p = io.jkeras.ops.Ops.clip(p, EPSILON, 1 - EPSILON);
    return io.jkeras.ops.Ops.negative(io.jkeras.ops.Ops.sum(
        io.jkeras.ops.Ops.multiply(yTrue, io.jkeras.ops.Ops.log(p)), -1));
  }

  /** Keras' {@code mean_squared_error(y_true, y_pred)}: the mean over the last axis of the squared error. */
  public static io.jkeras.SymbolicTensor meanSquaredError(io.jkeras.ops.TensorLike yTrue,
      io.jkeras.ops.TensorLike yPred) {
    return io.jkeras.ops.Ops.mean(io.jkeras.ops.Ops.square(io.jkeras.ops.Ops.subtract(yTrue, yPred)), -1);
  }

  /** Keras' {@code mean_absolute_error(y_true, y_pred)}: the mean over the last axis of the absolute error. */
  public static io.jkeras.SymbolicTensor meanAbsoluteError(io.jkeras.ops.TensorLike yTrue,
      io.jkeras.ops.TensorLike yPred) {
    return io.jkeras.ops.Ops.mean(io.jkeras.ops.Ops.abs(io.jkeras.ops.Ops.subtract(yTrue, yPred)), -1);
  }
}
