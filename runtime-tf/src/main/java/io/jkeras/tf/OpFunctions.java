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
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * Lowers a function written in {@code io.jkeras.ops} (a custom loss or metric) onto TF tensors: the function is
 * traced on stand-ins with the tensors' shapes and dtypes, and its ops go through the op table. Such functions
 * read no model weights.
 */
public final class OpFunctions {
  private OpFunctions() {}

  /**
   * The function's outputs on {@code inputs}.
   *
   * @param what names the function in errors ({@code "loss 'my_mse'"})
   */
  public static List<Operand<?>> call(Ops tf, String what, List<Operand<?>> inputs,
      Function<List<SymbolicTensor>, List<SymbolicTensor>> fn) {
    List<Shape> shapes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    for (Operand<?> o : inputs) {
      Shape s = o.shape();
      if (s.isUnknown()) {
        throw new IllegalArgumentException(what + ": an input of unknown rank");
      }
      shapes.add(s);
      dtypes.add(OpLowerings.dtypeOf(o.type()));
    }
    OpTrace.Result trace = OpTrace.traceFunction(what, shapes, dtypes, false, fn);
    ForwardPass pass = new ForwardPass(tf, false, null, 0);
    Map<SymbolicTensor, Lowered> values = new IdentityHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      values.put(trace.inputs().get(i), Lowered.of(inputs.get(i)));
    }
    List<Operand<?>> out = new ArrayList<>();
    for (SymbolicTensor t : trace.outputs()) {
      out.add(pass.lowerTensor(t, values, what).value());
    }
    return out;
  }
}
