package io.jkeras.ops;

import io.jkeras.DType;
import io.jkeras.SymbolicTensor;
import org.tensorflow.ndarray.Shape;

/**
 * What {@link Ops} take as a tensor argument: a {@link SymbolicTensor}, or a layer's {@link io.jkeras.Variable}
 * inside that layer's {@code call} (Keras' {@code ops.matmul(inputs, self.kernel)}).
 */
public interface TensorLike {

  /** The tensor's shape ({@link Shape#UNKNOWN_SIZE} for unknown dimensions). */
  Shape shape();

  /** The tensor's dtype. */
  DType dtype();

  /** This value as a symbolic tensor of the call being traced (a variable becomes a read of it). */
  SymbolicTensor symbolic();
}
