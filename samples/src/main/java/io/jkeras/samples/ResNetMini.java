package io.jkeras.samples;

import io.jkeras.Compile;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.SymbolicTensor;
import io.jkeras.layers.Add;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.ReLU;

/**
 * A small residual network for MNIST, written as its Keras original would be:
 *
 * <pre>
 * Input(28, 28, 1)
 * conv 3x3, 16, stride 2 + BN + ReLU                       -> (14, 14, 16)
 * residual block 16: [conv 3x3 + BN + ReLU, conv 3x3 + BN] + skip, ReLU
 * conv 3x3, 32, stride 2 + BN + ReLU                       -> (7, 7, 32)
 * residual block 32
 * GlobalAveragePooling2D -> Dense(10, softmax)
 * </pre>
 *
 * <p>Convolutions followed by BatchNormalization have no bias (BN's beta takes its place). About 2 million
 * multiply-adds per image, like the seed CNN, so that it trains in minutes on two cores.
 */
public final class ResNetMini {
  private ResNetMini() {}

  /** The model (28,698 parameters, 288 of them BatchNormalization's moving statistics). */
  public static Model build() {
    var inputs = Input.of(28, 28, 1);
    var x = convBnRelu(inputs, 16, 2);
    x = residualBlock(x, 16);
    x = convBnRelu(x, 32, 2);
    x = residualBlock(x, 32);
    x = new GlobalAveragePooling2D().apply(x);
    var outputs = new Dense(10).activation("softmax").apply(x);
    return Model.of(inputs, outputs).name("resnet_mini");
  }

  /** adam, sparse_categorical_crossentropy, accuracy. */
  public static Compile compileArguments() {
    return Compile.optimizer("adam").loss("sparse_categorical_crossentropy").metrics("accuracy");
  }

  private static SymbolicTensor convBn(SymbolicTensor x, int filters, int stride) {
    x = new Conv2D(filters, 3).strides(stride, stride).padding("same").useBias(false).apply(x);
    return new BatchNormalization().apply(x);
  }

  private static SymbolicTensor convBnRelu(SymbolicTensor x, int filters, int stride) {
    return new ReLU().apply(convBn(x, filters, stride));
  }

  /** Two 3x3 convolutions with the input added back before the last ReLU (He et al.'s basic block). */
  private static SymbolicTensor residualBlock(SymbolicTensor x, int filters) {
    var y = convBnRelu(x, filters, 1);
    y = convBn(y, filters, 1);
    return new ReLU().apply(new Add().apply(x, y));
  }
}
