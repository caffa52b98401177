package io.jkeras;

import io.jkeras.layers.InputLayer;
import java.util.Arrays;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;

/**
 * Entry points of a model, as Keras' {@code keras.Input}: the shape excludes the batch dimension, which stays
 * unknown. The tensor's producing layer is an {@link InputLayer} named {@code input_layer}, {@code
 * input_layer_1}, ... unless a name is given.
 *
 * <pre>{@code
 * var image = Input.of(28, 28, 1);                       // (None, 28, 28, 1), float32
 * var meta = Input.of("metadata", 10);                   // named input
 * var ids = Input.of("tokens", DType.INT32, 20);         // named, integer input
 * var fixed = Input.builder(3).batchSize(8).build();     // (8, 3)
 * }</pre>
 */
public final class Input {
  private Input() {}

  /** A float32 input of the given shape (without the batch dimension). */
  public static SymbolicTensor of(int... shape) {
    return builder(shape).build();
  }

  /** A named float32 input. */
  public static SymbolicTensor of(String name, int... shape) {
    return builder(shape).name(name).build();
  }

  /** A named input of the given dtype. */
  public static SymbolicTensor of(String name, DType dtype, int... shape) {
    return builder(shape).name(name).dtype(dtype).build();
  }

  /** A builder for the less common arguments (dtype, fixed batch size). */
  public static Builder builder(int... shape) {
    return new Builder(shape);
  }

  /** Builder of an input tensor. */
  public static final class Builder {
    private final int[] shape;
    private String name;
    private DType dtype = DType.FLOAT32;
    private long batchSize = Shape.UNKNOWN_SIZE;

    private Builder(int[] shape) {
      Objects.requireNonNull(shape, "shape");
      for (int d : shape) {
        if (d <= 0 && d != -1) {
          throw new IllegalArgumentException(
              "Input: shape dimensions must be positive (or -1 for unknown), got " + Arrays.toString(shape));
        }
      }
      this.shape = shape.clone();
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder dtype(DType dtype) {
      this.dtype = Objects.requireNonNull(dtype, "dtype");
      return this;
    }

    /** A fixed batch size (Keras' {@code batch_size=}); unknown by default. */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("Input: batch_size must be positive, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    public SymbolicTensor build() {
      long[] dims = new long[shape.length + 1];
      dims[0] = batchSize;
      for (int i = 0; i < shape.length; i++) {
        dims[i + 1] = shape[i];
      }
      return new InputLayer(Shape.of(dims), dtype, name).output();
    }
  }

}
