/**
 * The layers, as {@code keras.layers}: the same class names, constructor arguments for the required Keras
 * arguments, builder methods (camelCase) for the optional ones, and Keras' defaults, output shapes and
 * weights. A layer is called on symbolic tensors with {@code apply}; the call checks the shapes and the error
 * names the layer.
 *
 * <pre>{@code
 * var tokens = Input.of(100);
 * var x = new Embedding(10000, 64).maskZero(true).apply(tokens);
 * x = new LSTM(32).apply(x);
 * var out = new Dense(1).activation("sigmoid").apply(x);
 * }</pre>
 */
package io.jkeras.layers;
