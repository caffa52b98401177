package io.jkeras.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.DType;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Lambda;
import io.jkeras.ops.Ops;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Comparisons of integer tensors (an accuracy metric's {@code argmax == label}) lower and run. */
class OpsIntegerComparisonTest {

  @Test
  void argmaxEqualsArgminOnlyForConstantRows() {
    SymbolicTensor in = Input.of(3);
    Model m = Model.of(in, new Lambda(t -> Ops.cast(Ops.equal(Ops.argmax(t, -1), Ops.argmin(t, -1)),
        DType.FLOAT32)).apply(in));
    FloatNdArray x = NdArrays.ofFloats(Shape.of(3, 3));
    float[][] rows = {{1, 2, 3}, {5, 5, 5}, {0, -1, 4}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        x.setFloat(rows[i][j], i, j);
      }
    }
    FloatNdArray y = m.predict(x);
    assertEquals(0f, y.getFloat(0), 0f, "argmax 2, argmin 0");
    assertEquals(1f, y.getFloat(1), 0f, "ties: both give the first index, 0");
    assertEquals(0f, y.getFloat(2), 0f, "argmax 2, argmin 1");
  }
}
