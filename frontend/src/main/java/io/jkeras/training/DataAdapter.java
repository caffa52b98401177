package io.jkeras.training;

import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.backend.CompileConfig;
import io.jkeras.metrics.Metric;
import io.jkeras.metrics.SparseCategoricalAccuracy;
import io.jkeras.metrics.SparseTopKCategoricalAccuracy;
import io.jkeras.util.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Matches user data ({@code x}, {@code y}, sample and class weights: arrays, lists in order, maps by name)
 * to the model's inputs and outputs, converts it, and checks sizes, naming the argument in every error.
 */
final class DataAdapter {
  private DataAdapter() {}

  /**
   * @param method {@code fit}, {@code evaluate}, ... (for messages)
   * @param config the compile config, or null (then every output needs a target when y is given)
   * @param withTargets whether targets are expected (false for predict)
   */
  static ArrayData adapt(String method, Model model, CompileConfig config, Object x, Object y,
      Object sampleWeight, Map<Integer, Double> classWeight, boolean withTargets) {
    List<String> inNames = model.inputNames();
    List<String> outNames = model.outputNames();
    List<NdArray<?>> inputs = new ArrayList<>();
    List<Object> xs = perName(method, "x", x, inNames, "inputs", model, false);
    for (int i = 0; i < inNames.size(); i++) {
      String what = method + ": x['" + inNames.get(i) + "']";
      NdArray<?> a = ArrayConversion.toNdArray(what, xs.get(i));
      SymbolicTensor t = model.inputs().get(i);
      checkInputShape(what, a.shape(), t.shape(), model);
      inputs.add(ArrayConversion.coerceInput(what, a, t.dtype()));
    }
    List<NdArray<?>> targets = new ArrayList<>();
    if (withTargets && y == null && config != null && config.trainStep() != null) {
      // a step of the user's own may train without targets (an autoencoder's fit(x))
      outNames.forEach(o -> targets.add(null));
    } else if (withTargets) {
      if (y == null) {
        throw new IllegalArgumentException(method + ": y (the targets) is required; model '" + model.name()
            + "' has outputs " + outNames);
      }
      List<Object> ys = perName(method, "y", y, outNames, "outputs", model, true);
      for (int i = 0; i < outNames.size(); i++) {
        Object yi = ys.get(i);
        String what = method + ": y['" + outNames.get(i) + "']";
        if (yi == null) {
          boolean hasLoss = config != null && config.outputs().get(i).loss() != null;
          if (hasLoss) {
            throw new IllegalArgumentException(method + ": y has no targets for output '" + outNames.get(i)
                + "', which has a loss; model '" + model.name() + "' has outputs " + outNames);
          }
          targets.add(null);
        } else {
          NdArray<?> target = ArrayConversion.coerceTarget(what, ArrayConversion.toNdArray(what, yi));
          boolean sparse = config != null && config.outputs().get(i).loss() != null
              && io.jkeras.losses.Losses.isSparse(config.outputs().get(i).loss());
          if (config != null && config.outputs().get(i).loss() != null) {
            checkTargetShape(what, target.shape(), model.outputs().get(i).shape(), sparse, model);
          }
          String needsClassIds = config == null ? null : classIdUser(config.outputs().get(i));
          if (needsClassIds != null) {
            checkClassIds(what, target, model.outputs().get(i).shape(), needsClassIds);
          }
          targets.add(target);
        }
      }
    }
    List<FloatNdArray> weights = new ArrayList<>();
    if (classWeight != null) {
      if (sampleWeight != null) {
        throw new IllegalArgumentException(method + ": class_weight and sample_weight cannot be given"
            + " together (as in Keras)");
      }
      if (outNames.size() != 1) {
        throw new IllegalArgumentException(method + ": class_weight is only supported for models with a"
            + " single output; model '" + model.name() + "' has outputs " + outNames);
      }
      if (targets.isEmpty() || targets.get(0) == null) {
        throw new IllegalArgumentException(method + ": class_weight needs targets y");
      }
      weights.add(classWeightsToSampleWeights(targets.get(0), classWeight));
    } else if (sampleWeight != null && withTargets) {
      List<Object> ws;
      if (sampleWeight instanceof Map<?, ?> || sampleWeight instanceof List<?>) {
        ws = perName(method, "sample_weight", sampleWeight, outNames, "outputs", model, true);
      } else {
        ws = new ArrayList<>();
        for (int i = 0; i < outNames.size(); i++) {
          ws.add(sampleWeight); // one array weighs every output, as in Keras
        }
      }
      for (int i = 0; i < outNames.size(); i++) {
        Object w = ws.get(i);
        String what = method + ": sample_weight['" + outNames.get(i) + "']";
        weights.add(w == null ? null : toWeights(what, w));
      }
    } else if (withTargets) {
      for (int i = 0; i < outNames.size(); i++) {
        weights.add(null);
      }
    }
    long size = checkSizes(method, inNames, inputs, outNames, targets, weights);
    return new ArrayData(inputs, targets, weights, size);
  }

  private static FloatNdArray toWeights(String what, Object w) {
    FloatNdArray a = ArrayConversion.toFloats(what, ArrayConversion.toNdArray(what, w));
    Shape s = a.shape();
    if (s.numDimensions() == 2 && s.get(1) == 1) {
      a = a.withShape(Shape.of(s.get(0)));
    } else if (s.numDimensions() != 1) {
      throw new IllegalArgumentException(what + " must have shape (N) or (N, 1), got " + s);
    }
    return a;
  }

  /** Keras' {@code class_weight_to_sample_weights}: one-hot targets by argmax, classes not listed weigh 1. */
  static FloatNdArray classWeightsToSampleWeights(NdArray<?> y, Map<Integer, Double> classWeight) {
    FloatNdArray f = ArrayConversion.toFloats("class_weight targets", y);
    Shape s = f.shape();
    int n = (int) s.get(0);
    long width = s.numDimensions() > 1 ? s.size() / n : 1;
    float[] flat = new float[(int) s.size()];
    f.copyTo(DataBuffers.of(flat, false, false));
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      int cls;
      if (width == 1) {
        cls = (int) Math.rint(flat[i]);
      } else {
        int best = 0;
        for (int j = 1; j < width; j++) {
          if (flat[(int) (i * width + j)] > flat[(int) (i * width + best)]) {
            best = j;
          }
        }
        cls = best;
      }
      out[i] = classWeight.getOrDefault(cls, 1.0).floatValue();
    }
    return NdArrays.wrap(Shape.of(n), DataBuffers.of(out, false, false));
  }

  /**
   * The name of the loss or metric of this output that takes class ids as labels (a sparse loss first, then the
   * sparse metrics), or null: a metric alone would also feed an out-of-range label to a TF kernel.
   */
  private static String classIdUser(CompileConfig.OutputConfig out) {
    if (out.loss() != null && io.jkeras.losses.Losses.isSparse(out.loss())) {
      return out.loss().name();
    }
    for (Metric m : out.metrics()) {
      if (m instanceof SparseCategoricalAccuracy || m instanceof SparseTopKCategoricalAccuracy
          || m instanceof io.jkeras.metrics.SparseCategoricalCrossentropy) {
        return m.name();
      }
    }
    return null;
  }

  /**
   * Sparse labels must be class ids in [0, classes): TF's one-hot of an id out of range is a row of zeros (a
   * silent zero loss) and its sparse cross-entropy kernels fail or return NaN, so the first bad label is named
   * here, with its index in the data, before anything is fed. Float labels are truncated as TF casts them.
   */
  static void checkClassIds(String what, NdArray<?> y, Shape outputShape, String usedBy) {
    if (outputShape.numDimensions() < 1) {
      return;
    }
    long classes = outputShape.get(outputShape.numDimensions() - 1);
    if (classes <= 0 || y.size() == 0 || y.size() > Integer.MAX_VALUE) {
      return; // unknown class count: the runtime's own check applies
    }
    int n = (int) y.size();
    int bad = -1;
    String value = null;
    if (y instanceof IntNdArray a) {
      int[] v = new int[n];
      a.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n && bad < 0; i++) {
        if (v[i] < 0 || v[i] >= classes) {
          bad = i;
          value = Integer.toString(v[i]);
        }
      }
    } else if (y instanceof LongNdArray a) {
      long[] v = new long[n];
      a.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n && bad < 0; i++) {
        if (v[i] < 0 || v[i] >= classes) {
          bad = i;
          value = Long.toString(v[i]);
        }
      }
    } else if (y instanceof FloatNdArray a) {
      float[] v = new float[n];
      a.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n && bad < 0; i++) {
        if (!(v[i] > -1f && v[i] < classes)) { // truncation toward zero: (-1, classes) gives 0..classes-1; NaN fails
          bad = i;
          value = Float.isNaN(v[i]) ? "NaN" : v[i] == (long) v[i] ? Long.toString((long) v[i]) : Float.toString(v[i]);
        }
      }
    }
    if (bad >= 0) {
      long perExample = y.shape().get(0) == 0 ? 1 : n / y.shape().get(0);
      String index = perExample == 1 ? Long.toString(bad)
          : Shapes.format(unravel(bad, y.shape())).replace(",)", ")");
      throw new IllegalArgumentException(what + ": label " + value + " at index " + index
          + " is not a class id in [0, " + classes + ") (" + usedBy + ": the output has "
          + classes + " classes)");
    }
  }

  private static Shape unravel(long flat, Shape shape) {
    long[] idx = new long[shape.numDimensions()];
    for (int d = shape.numDimensions() - 1; d >= 0; d--) {
      idx[d] = flat % shape.get(d);
      flat /= shape.get(d);
    }
    return Shape.of(idx);
  }

  /**
   * Targets match the output's shape, or lack its last dimension when that is 1; sparse labels have the output's
   * shape without its class axis, or with a class axis of 1 (the rules of the runtime's label feed).
   */
  private static void checkTargetShape(String what, Shape given, Shape out, boolean sparse, Model model) {
    if (given.numDimensions() == 0 || given.get(0) == 0 || out.isUnknown() || out.numDimensions() < 1) {
      return; // scalars and empty arrays: the size checks say so
    }
    int rank = out.numDimensions();
    long last = out.get(rank - 1);
    boolean ok;
    if (sparse) {
      ok = (given.numDimensions() == rank - 1 && sameAfterBatch(given, out, rank - 1))
          || (given.numDimensions() == rank && given.get(rank - 1) == 1 && sameAfterBatch(given, out, rank - 1));
    } else {
      ok = (given.numDimensions() == rank && sameAfterBatch(given, out, rank))
          || (given.numDimensions() == rank - 1 && last == 1 && sameAfterBatch(given, out, rank - 1));
    }
    if (!ok) {
      String expected = sparse
          ? "class ids of shape " + Shapes.format(Shape.of(java.util.Arrays.copyOf(out.asArray(), rank - 1)))
              + " or " + Shapes.format(Shapes.withDim(out, rank - 1, 1)) + " (sparse_categorical_crossentropy)"
          : "shape " + Shapes.format(out);
      throw new IllegalArgumentException(what + " has shape " + Shapes.format(given) + " but output of model '"
          + model.name() + "' needs " + expected);
    }
  }

  /** Whether dimensions 1..n-1 of {@code given} equal {@code out}'s where {@code out} knows them. */
  private static boolean sameAfterBatch(Shape given, Shape out, int n) {
    for (int d = 1; d < n; d++) {
      long e = out.get(d);
      if (e != Shape.UNKNOWN_SIZE && e != given.get(d)) {
        return false;
      }
    }
    return true;
  }

  private static void checkInputShape(String what, Shape given, Shape expected, Model model) {
    if (given.numDimensions() > 0 && given.get(0) == 0) {
      return; // empty: the size check below says so (an empty Java array has no inner shape)
    }
    boolean ok = given.numDimensions() == expected.numDimensions();
    for (int d = 1; ok && d < given.numDimensions(); d++) {
      long e = expected.get(d);
      ok = e == Shape.UNKNOWN_SIZE || e == given.get(d);
    }
    if (!ok) {
      throw new IllegalArgumentException(what + " has shape " + Shapes.format(given) + " but model '"
          + model.name() + "' expects " + Shapes.format(expected));
    }
  }

  private static long checkSizes(String method, List<String> inNames, List<NdArray<?>> inputs,
      List<String> outNames, List<NdArray<?>> targets, List<FloatNdArray> weights) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      sizes.put("x['" + inNames.get(i) + "']", firstDim(method, "x['" + inNames.get(i) + "']", inputs.get(i)));
    }
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i) != null) {
        sizes.put("y['" + outNames.get(i) + "']",
            firstDim(method, "y['" + outNames.get(i) + "']", targets.get(i)));
      }
    }
    for (int i = 0; i < weights.size(); i++) {
      if (weights.get(i) != null) {
        sizes.put("sample_weight['" + outNames.get(i) + "']", weights.get(i).shape().get(0));
      }
    }
    long n = sizes.values().iterator().next();
    for (long s : sizes.values()) {
      if (s != n) {
        StringBuilder sb = new StringBuilder(method + ": the data arrays have different numbers of examples"
            + " (first dimension):");
        sizes.forEach((k, v) -> sb.append(' ').append(k).append(": ").append(v).append(';'));
        sb.setLength(sb.length() - 1);
        throw new IllegalArgumentException(sb.toString());
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(method + ": the data is empty: " + sizes.keySet().iterator().next()
          + " has 0 examples");
    }
    return n;
  }

  private static long firstDim(String method, String what, NdArray<?> a) {
    if (a.shape().numDimensions() == 0) {
      throw new IllegalArgumentException(method + ": " + what
          + " is a scalar; data needs a first (batch) dimension");
    }
    return a.shape().get(0);
  }

  /**
   * A list whose size is not the number of inputs (outputs): names both counts and the names, and says what to
   * pass instead. The usual cause is {@code List.of(x)} with a Java array of arrays such as {@code float[][]}:
   * {@code List.of} takes it as varargs and makes a list of its rows.
   */
  private static String listSizeMessage(String method, String arg, List<?> l, List<String> names, String kind,
      Model model) {
    String one = kind.substring(0, kind.length() - 1);
    StringBuilder quoted = new StringBuilder();
    for (String n : names) {
      quoted.append(quoted.length() == 0 ? "" : ", ").append('\'').append(n).append('\'');
    }
    StringBuilder sb = new StringBuilder(method + ": " + arg + " is a list of " + l.size()
        + (l.size() == 1 ? " array" : " arrays") + " but model '" + model.name() + "' has " + names.size()
        + " " + (names.size() == 1 ? one : kind) + " (" + quoted + "); ");
    sb.append(names.size() == 1 ? "pass the array itself, or one array per " + one
        : "pass one array per " + one + " in this order, or a map by name");
    boolean rows = !l.isEmpty() && l.stream().allMatch(e -> e != null && e.getClass().isArray());
    if (rows && l.size() > names.size()) {
      sb.append(" (List.of(a) with a Java array of arrays such as float[][] makes a list of its rows)");
    }
    return sb.toString();
  }

  /** Puts {@code value} in name order: a map by name, a list in order, or one array for a single name. */
  private static List<Object> perName(String method, String arg, Object value, List<String> names,
      String kind, Model model, boolean missingAllowed) {
    List<Object> out = new ArrayList<>();
    if (value instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!names.contains(k)) {
          throw new IllegalArgumentException(method + ": " + arg + " has an entry '" + k + "' but model '"
              + model.name() + "' has " + kind + " " + names);
        }
      }
      for (String n : names) {
        Object v = m.get(n);
        if (v == null && !missingAllowed) {
          throw new IllegalArgumentException(method + ": " + arg + " lacks " + kind.substring(0,
              kind.length() - 1) + " '" + n + "'; model '" + model.name() + "' has " + kind + " " + names);
        }
        out.add(v);
      }
    } else if (value instanceof List<?> l) {
      if (l.size() != names.size()) {
        throw new IllegalArgumentException(listSizeMessage(method, arg, l, names, kind, model));
      }
      out.addAll(l);
    } else {
      if (names.size() != 1) {
        throw new IllegalArgumentException(method + ": " + arg + " is one array but model '" + model.name()
            + "' has " + names.size() + " " + kind + " " + names + "; give a map by name or a list in order");
      }
      out.add(value);
    }
    return out;
  }
}
