/**
 * Small data sets for examples and tests, as {@code keras.datasets}: {@link io.jkeras.datasets.Mnist} reads
 * the MNIST files shipped in the repository's {@code data/mnist} (it never downloads) or any folder given.
 *
 * <pre>{@code
 * Mnist.Data mnist = Mnist.load();                          // data/mnist, found from the working directory up
 * Mnist.Data other = Mnist.load(Path.of("/data/mnist"));    // or a folder of the four .gz files
 * FloatNdArray x = mnist.train().x();                       // (60000, 28, 28, 1) in [0, 1]
 * }</pre>
 */
package io.jkeras.datasets;
