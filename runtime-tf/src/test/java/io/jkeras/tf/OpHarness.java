package io.jkeras.tf;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import io.jkeras.ops.OpTrace;
import io.jkeras.tf.lowering.Lowered;
import io.jkeras.tf.lowering.OpLowerings;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Runs code written in ops as a custom loss or a layer's call is run: traced on stand-ins of the given shapes
 * and dtypes ({@link OpTrace#traceFunction}), lowered op by op through {@code ForwardPass.lowerTensor} and the
 * op table, fed with placeholders. Also takes TF's symbolic gradients of {@code Σ_k sum(output_k · R_k)}.
 */
final class OpHarness implements AutoCloseable {

  /** One output: the dtype of the lowered TF tensor, its shape and its values as doubles. */
  record Value(DType dtype, long[] shape, double[] values) {}

  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Session session;
  private final List<Placeholder<?>> inputs = new ArrayList<>();
  private final List<DType> inputDtypes;
  final List<SymbolicTensor> symbolicOutputs;
  private final List<Operand<?>> outputs = new ArrayList<>();
  private final List<Operand<TFloat64>> fetched = new ArrayList<>();

  /**
   * @param shapes the stand-ins' shapes (unknown dimensions allowed)
   * @param dtypes their dtypes; the placeholders have the same
   */
  OpHarness(OpCases.Call call, List<Shape> shapes, List<DType> dtypes) {
    this.inputDtypes = List.copyOf(dtypes);
    OpTrace.Result trace = OpTrace.traceFunction("ops case", shapes, dtypes, false,
        ins -> OpCases.outputs(call.apply(ins)));
    symbolicOutputs = trace.outputs();
    ForwardPass pass = new ForwardPass(tf.withSubScope("case"), false, new TfVariables(tf, List.of()), 1L);
    Map<SymbolicTensor, Lowered> values = new IdentityHashMap<>();
    for (int i = 0; i < shapes.size(); i++) {
      Placeholder<?> p = tf.placeholder(OpLowerings.typeOf(dtypes.get(i)), Placeholder.shape(shapes.get(i)));
      inputs.add(p);
      values.put(trace.inputs().get(i), Lowered.of(p));
    }
    for (SymbolicTensor t : symbolicOutputs) {
      Operand<?> o = pass.lowerTensor(t, values, "ops case").value();
      outputs.add(o);
      fetched.add(tf.dtypes.cast(o, TFloat64.class));
    }
    session = new Session(graph);
  }

  /** The TF outputs as lowered (before the cast to float64 that reads them). */
  List<Operand<?>> outputs() {
    return outputs;
  }

  /** Runs on {@code values} (one per input, in the input's dtype) and returns every output. */
  List<Value> run(List<OpCases.Array> values) {
    List<Tensor> feeds = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < inputs.size(); i++) {
        Tensor t = tensor(values.get(i), inputDtypes.get(i));
        feeds.add(t);
        runner.feed(inputs.get(i), t);
      }
      fetched.forEach(runner::fetch);
      List<Value> out = new ArrayList<>();
      try (Result r = runner.run()) {
        for (int k = 0; k < fetched.size(); k++) {
          TFloat64 t = (TFloat64) r.get(k);
          double[] v = new double[Math.toIntExact(t.shape().size())];
          t.copyTo(DataBuffers.of(v, false, false));
          out.add(new Value(dtypeOf(outputs.get(k).type()), t.shape().asArray(), v));
        }
      }
      return out;
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  /**
   * Symbolic gradients of {@code Σ_k sum(output_k · r_k)} over the floating outputs, with respect to the inputs
   * {@code wrt}; then the objective itself for finite differences ({@link #objective}).
   */
  GradientProbe gradients(List<Integer> wrt, List<Integer> floatOutputs) {
    List<Placeholder<TFloat64>> rs = new ArrayList<>();
    List<Operand<TFloat64>> terms = new ArrayList<>();
    for (int k : floatOutputs) {
      Placeholder<TFloat64> r = tf.placeholder(TFloat64.class);
      rs.add(r);
      Operand<TFloat64> v = fetched.get(k);
      terms.add(tf.reduceSum(tf.math.mul(v, r), tf.range(tf.constant(0), tf.rank(v), tf.constant(1))));
    }
    Operand<TFloat64> objective = terms.size() == 1 ? terms.get(0) : tf.math.addN(terms);
    Output<?>[] xs = new Output<?>[wrt.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = inputs.get(wrt.get(i)).asOutput();
    }
    Output<?>[] grads = graph.addGradients(objective.asOutput(), xs);
    for (int i = 0; i < grads.length; i++) {
      // TF gives no tensor for an input the objective does not depend on (only through comparisons, shapes)
      if (!isValid(grads[i])) {
        grads[i] = tf.zerosLike(inputs.get(wrt.get(i))).asOutput();
      }
      grads[i] = tf.dtypes.cast(grads[i], TFloat64.class).asOutput();
    }
    return new GradientProbe(objective, rs, grads);
  }

  private static boolean isValid(Output<?> o) {
    try {
      o.dataType();
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** The objective and its gradients of {@link #gradients}. */
  final class GradientProbe {
    private final Operand<TFloat64> objective;
    private final List<Placeholder<TFloat64>> rs;
    private final Output<?>[] grads;

    GradientProbe(Operand<TFloat64> objective, List<Placeholder<TFloat64>> rs, Output<?>[] grads) {
      this.objective = objective;
      this.rs = rs;
      this.grads = grads;
    }

    /** The objective's value and, when {@code withGradients}, the gradients after it. */
    List<double[]> run(List<OpCases.Array> values, List<double[]> r, List<long[]> rShapes, boolean withGradients) {
      List<Tensor> feeds = new ArrayList<>();
      try {
        Session.Runner runner = session.runner();
        for (int i = 0; i < inputs.size(); i++) {
          Tensor t = tensor(values.get(i), inputDtypes.get(i));
          feeds.add(t);
          runner.feed(inputs.get(i), t);
        }
        for (int k = 0; k < rs.size(); k++) {
          Tensor t = TFloat64.tensorOf(Shape.of(rShapes.get(k)), DataBuffers.of(r.get(k), true, false));
          feeds.add(t);
          runner.feed(rs.get(k), t);
        }
        runner.fetch(objective);
        if (withGradients) {
          for (Output<?> g : grads) {
            runner.fetch(g);
          }
        }
        List<double[]> out = new ArrayList<>();
        try (Result res = runner.run()) {
          for (int k = 0; k < res.size(); k++) {
            TFloat64 t = (TFloat64) res.get(k);
            double[] v = new double[Math.toIntExact(t.shape().size())];
            t.copyTo(DataBuffers.of(v, false, false));
            out.add(v);
          }
        }
        return out;
      } finally {
        feeds.forEach(Tensor::close);
      }
    }
  }

  /** A tensor of {@code a}'s values in {@code dtype}. */
  static Tensor tensor(OpCases.Array a, DType dtype) {
    Shape s = a.tfShape();
    double[] v = a.values();
    int n = v.length;
    switch (dtype) {
      case FLOAT32: {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
          d[i] = (float) v[i];
        }
        return TFloat32.tensorOf(s, DataBuffers.of(d, true, false));
      }
      case FLOAT64:
        return TFloat64.tensorOf(s, DataBuffers.of(v, true, false));
      case INT32: {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
          d[i] = (int) v[i];
        }
        return TInt32.tensorOf(s, DataBuffers.of(d, true, false));
      }
      case INT64: {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
          d[i] = (long) v[i];
        }
        return TInt64.tensorOf(s, DataBuffers.of(d, true, false));
      }
      case BOOL: {
        boolean[] d = new boolean[n];
        for (int i = 0; i < n; i++) {
          d[i] = v[i] != 0;
        }
        return TBool.tensorOf(s, DataBuffers.of(d, true, false));
      }
      default:
        throw new IllegalArgumentException("no fixture inputs of dtype " + dtype);
    }
  }

  static DType dtypeOf(Class<? extends TType> type) {
    for (DType d : DType.values()) {
      if (d != DType.INT8 && OpLowerings.typeOf(d) == type) {
        return d;
      }
    }
    throw new IllegalArgumentException("no Keras dtype for " + type.getSimpleName());
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
