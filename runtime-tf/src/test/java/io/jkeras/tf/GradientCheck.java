package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Model;
import io.jkeras.tf.lowering.Lowered;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Numerical gradient check of a model's lowering: the scalar {@code L = sum_k sum(output_k * R_k)} with fixed
 * random {@code R_k}; TF's symbolic gradients of {@code L} for every input and weight are compared with
 * central differences in float32 on a sample of coordinates.
 */
final class GradientCheck implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Session session;
  private final TfVariables vars;
  private final List<Placeholder<TFloat32>> inputs = new ArrayList<>();
  private final List<Placeholder<TFloat32>> weightsR = new ArrayList<>();
  private final List<Operand<TFloat32>> outputs = new ArrayList<>();
  private final Operand<TFloat32> objective;
  private final Output<?>[] grads;
  private final Random random;
  private final List<float[]> inputValues = new ArrayList<>();
  private final List<Shape> inputShapes = new ArrayList<>();
  private final List<float[]> rValues = new ArrayList<>();
  private final List<Shape> rShapes = new ArrayList<>();
  private final List<float[]> weightValues;
  private final List<Integer> checked = new ArrayList<>();
  private final boolean integerInputs;

  GradientCheck(Model model, int batch, boolean training, long seed) {
    this(model, batch, training, seed, false);
  }

  /**
   * @param distinctInputs inputs are a shuffled grid of values 0.1 apart, so that a small step never changes
   *     which element of a pooling window is the largest
   */
  GradientCheck(Model model, int batch, boolean training, long seed, boolean distinctInputs) {
    this(model, batch, training, seed, distinctInputs, 0);
  }

  /**
   * @param integerInputs when &gt; 0, inputs are whole numbers in [0, integerInputs) (token ids for Embedding)
   *     and only the weights are checked: ids have no gradient
   */
  GradientCheck(Model model, int batch, boolean training, long seed, boolean distinctInputs, int integerInputs) {
    this(model, batch, training, seed, distinctInputs, integerInputs, false);
  }

  /** @param fuseForGradients lower as a compiled model's training pass (fused ops with jkeras' gradients) */
  GradientCheck(Model model, int batch, boolean training, long seed, boolean distinctInputs, int integerInputs,
      boolean fuseForGradients) {
    random = new Random(seed);
    this.integerInputs = integerInputs > 0;
    vars = new TfVariables(tf, model.weights());
    List<Lowered> in = new ArrayList<>();
    for (var layer : model.inputLayers()) {
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(layer.batchShape()));
      inputs.add(p);
      in.add(Lowered.of(p));
      long[] dims = layer.batchShape().asArray();
      dims[0] = batch;
      Shape s = Shape.of(dims);
      inputShapes.add(s);
      inputValues.add(integerInputs > 0 ? integerValues(s.size(), integerInputs)
          : distinctInputs ? distinctValues(s.size()) : randomValues(s.size(), 1.0));
    }
    ForwardPass pass = new ForwardPass(tf.withSubScope("f"), training, vars, seed, fuseForGradients);
    List<Lowered> outs = pass.run(model, in);
    List<Operand<TFloat32>> terms = new ArrayList<>();
    for (Lowered o : outs) {
      Operand<TFloat32> v = o.floatValue();
      outputs.add(v);
      Placeholder<TFloat32> r = tf.placeholder(TFloat32.class);
      weightsR.add(r);
      terms.add(tf.reduceSum(tf.math.mul(v, r), tf.range(tf.constant(0), tf.rank(v), tf.constant(1))));
    }
    objective = terms.size() == 1 ? terms.get(0) : tf.math.addN(terms);
    // Trainable weights only: moving statistics are not reachable from a training pass.
    for (int i = 0; i < vars.size(); i++) {
      if (vars.weights.get(i).trainable()) {
        checked.add(i);
      }
    }
    int checkedInputs = checkedInputs();
    Output<?>[] xs = new Output<?>[checkedInputs + checked.size()];
    for (int i = 0; i < checkedInputs; i++) {
      xs[i] = inputs.get(i).asOutput();
    }
    for (int i = 0; i < checked.size(); i++) {
      xs[checkedInputs + i] = vars.variables.get(checked.get(i)).asOutput();
    }
    grads = graph.addGradients(objective.asOutput(), xs);
    session = new Session(graph);
    // Random (not initializer) weights so that biases and every path matter.
    weightValues = new ArrayList<>();
    for (var w : vars.weights) {
      float[] v = randomValues(w.size(), 0.5);
      if (w.name().equals("moving_variance") || w.name().equals("variance")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = Math.abs(v[i]) + 0.5f;
        }
      }
      weightValues.add(v);
    }
    for (int i = 0; i < vars.size(); i++) {
      assign(i);
    }
    // Shapes of R from one forward run.
    try (Feeds f = feeds(); Result r = f.runner.run()) {
      for (int k = 0; k < outputs.size(); k++) {
        rShapes.add(r.get(k).shape());
        rValues.add(randomValues(r.get(k).shape().size(), 1.0));
      }
    }
  }

  /** The number of ops of that type in the checked graph. */
  long countOps(String type) {
    return countOps(graph, type);
  }

  /** The number of ops of that type in {@code g}. */
  static long countOps(org.tensorflow.Graph g, String type) {
    long n = 0;
    for (var it = g.operations(); it.hasNext(); ) {
      if (it.next().type().equals(type)) {
        n++;
      }
    }
    return n;
  }

  private float[] randomValues(long n, double scale) {
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * scale);
    }
    return v;
  }

  private int checkedInputs() {
    return integerInputs ? 0 : inputs.size();
  }

  private float[] integerValues(long n, int bound) {
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextInt(bound);
    }
    return v;
  }

  private float[] distinctValues(long n) {
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (0.1 * (i - v.length / 2.0));
    }
    for (int i = v.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return v;
  }

  private void assign(int i) {
    try (TFloat32 t = TFloat32.tensorOf(vars.weights.get(i).shape(), DataBuffers.of(weightValues.get(i)))) {
      session.runner().feed(vars.values.get(i), t).addTarget(vars.assigns.get(i)).run().close();
    }
  }

  /** A runner fed with the current inputs (and R once known), fetching the outputs or the objective. */
  private final class Feeds implements AutoCloseable {
    final List<Tensor> owned = new ArrayList<>();
    final Session.Runner runner = session.runner();

    Feeds(boolean objectiveOnly) {
      for (int i = 0; i < inputs.size(); i++) {
        TFloat32 t = TFloat32.tensorOf(inputShapes.get(i), DataBuffers.of(inputValues.get(i)));
        owned.add(t);
        runner.feed(inputs.get(i), t);
      }
      if (objectiveOnly) {
        for (int k = 0; k < weightsR.size(); k++) {
          TFloat32 t = TFloat32.tensorOf(rShapes.get(k), DataBuffers.of(rValues.get(k)));
          owned.add(t);
          runner.feed(weightsR.get(k), t);
        }
      } else {
        outputs.forEach(runner::fetch);
      }
    }

    @Override
    public void close() {
      owned.forEach(Tensor::close);
    }
  }

  private Feeds feeds() {
    return new Feeds(false);
  }

  /**
   * The objective Σ r·y summed in double from the float32 outputs: a float32 sum would add its own rounding
   * (relative 1e-7 of the sum, divided by the difference step) to every numeric derivative.
   */
  private double objective() {
    Feeds f = new Feeds(true);
    outputs.forEach(f.runner::fetch);
    try (f; Result r = f.runner.run()) {
      double sum = 0;
      for (int k = 0; k < outputs.size(); k++) {
        float[] y = TfTensors.values((TFloat32) r.get(k));
        float[] w = rValues.get(k);
        for (int i = 0; i < y.length; i++) {
          sum += (double) y[i] * w[i];
        }
      }
      return sum;
    }
  }

  /** Forward values of output {@code k} for the current inputs. */
  float[] output(int k) {
    try (Feeds f = feeds(); Result r = f.runner.run()) {
      return TfTensors.values((TFloat32) r.get(k));
    }
  }

  List<float[]> inputValues() {
    return inputValues;
  }

  List<float[]> weightValues() {
    return weightValues;
  }

  /** Replaces the values of weight {@code i} (model weight order) in the graph. */
  void setWeight(int i, float[] values) {
    System.arraycopy(values, 0, weightValues.get(i), 0, values.length);
    assign(i);
  }

  /** TF's symbolic gradients of the objective: the checked inputs first, then the trainable weights. */
  List<float[]> symbolicGradients() {
    List<float[]> symbolic = new ArrayList<>();
    Feeds f = new Feeds(true);
    for (Output<?> g : grads) {
      f.runner.fetch(g);
    }
    try (f; Result r = f.runner.run()) {
      for (int i = 0; i < grads.length; i++) {
        symbolic.add(TfTensors.values((TFloat32) r.get(i)));
      }
    }
    return symbolic;
  }

  /**
   * The absolute part of {@link #check}'s tolerance: small gradients are checked to 2e-3, not to {@code tol}
   * (central differences of a float32 objective with step 1e-2 are good to about 1e-4 here).
   */
  static final double ABSOLUTE_FLOOR = 2e-3;

  /**
   * Checks {@code coords} coordinates of every input and weight: {@code |numeric - symbolic| <= tol·|symbolic| +}
   * {@link #ABSOLUTE_FLOOR}, with central differences of step {@code eps}.
   */
  void check(int coords, double eps, double tol) {
    List<float[]> symbolic = symbolicGradients();
    for (int x = 0; x < grads.length; x++) {
      boolean isInput = x < checkedInputs();
      int w = isInput ? -1 : checked.get(x - checkedInputs());
      float[] values = isInput ? inputValues.get(x) : weightValues.get(w);
      String name = isInput ? "input " + x : "weight " + vars.weights.get(w).path();
      for (int c = 0; c < Math.min(coords, values.length); c++) {
        int j = coords >= values.length ? c : random.nextInt(values.length);
        float saved = values[j];
        values[j] = (float) (saved + eps);
        if (!isInput) {
          assign(w);
        }
        double plus = objective();
        values[j] = (float) (saved - eps);
        if (!isInput) {
          assign(w);
        }
        double minus = objective();
        values[j] = saved;
        if (!isInput) {
          assign(w);
        }
        double numeric = (plus - minus) / (2 * eps);
        double sym = symbolic.get(x)[j];
        assertTrue(Math.abs(numeric - sym) <= tol * Math.abs(sym) + ABSOLUTE_FLOOR,
            name + "[" + j + "]: symbolic " + sym + " vs numeric " + numeric);
      }
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
